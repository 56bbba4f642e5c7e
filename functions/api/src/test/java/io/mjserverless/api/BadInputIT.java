package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of bad input gets a clear JSON answer (HTTP 4xx or envelope code 4 naming the field),
 * never a 500, and leaves nothing behind: no task, no started workflow.
 */
@ExtendWith(LocalAwsExtension.class)
class BadInputIT {
  private final ApiFixture api;
  private String key;
  private int tasksBefore;

  BadInputIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  @BeforeEach
  void freshTenant() {
    key = api.userKey("bad-input-" + System.nanoTime());
    tasksBefore = 0;
  }

  @AfterEach
  void nothingWasStoredOrStarted() {
    assertEquals(tasksBefore, api.get("/mj/task/list", key).json().size(), "no task may be stored by bad input");
    assertTrue(api.workflow.started.isEmpty(), "no workflow may start for bad input");
  }

  private static String png(int payloadBytes) {
    byte[] b = new byte[payloadBytes];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(sig, 0, b, 0, sig.length);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(b);
  }

  @Test
  void malformedJsonMissingBodyAndNonObjectBodiesAre400() {
    for (String body : new String[] {"{\"prompt\": ", "", "[1,2]", "\"just a string\"", "null"}) {
      ApiFixture.Response r = api.post("/mj/submit/imagine", body, key);
      assertEquals(400, r.status(), "body " + body + " -> " + r.body());
      assertEquals("bad_request", r.json().get("type").asText());
      assertTrue(r.json().get("description").asText().contains("body"));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"prompt\": 42}|prompt must be a string",
      "{\"prompt\": \"cat\", \"base64Array\": \"x\"}|base64Array must be an array",
      "{\"prompt\": \"cat\", \"base64Array\": [1]}|base64Array[0] must be a string",
      "{\"prompt\": \"cat\", \"botType\": \"DALL_E\"}|botType must be MID_JOURNEY or NIJI_JOURNEY",
      "{\"prompt\": \"   \"}|prompt is required",
      "{}|prompt is required",
      "{\"prompt\": \"cat\", \"notifyHook\": \"ftp://x.example.com\"}|notifyHook",
      "{\"prompt\": \"cat\", \"notifyHook\": \"http://169.254.169.254/latest\"}|notifyHook",
      "{\"prompt\": \"cat --ar 16-9\"}|--ar",
      "{\"prompt\": \"cat --chaos 101\"}|--chaos",
      "{\"prompt\": \"cat --seed -1\"}|--seed",
      "{\"prompt\": \"cat\", \"accountFilter\": {\"modes\": [\"SLOW\"]}}|accountFilter.modes"})
  void wrongTypesAndValuesOnImagineAreCode4NamingTheField(String body, String expected) {
    ApiFixture.Response r = api.post("/mj/submit/imagine", body, key);
    assertEquals(200, r.status());
    assertEquals(4, r.code(), r.body());
    assertTrue(r.description().contains(expected), r.description());
    assertTrue(r.json().get("result").isNull());
    assertTrue(r.json().get("properties").isObject());
  }

  @Test
  void unknownEnumValuesAreCode4() {
    List<String> two = List.of(png(64), png(80));
    ApiFixture.Response r = api.post("/mj/submit/blend", Map.of("base64Array", two, "dimensions", "WIDE"), key);
    assertEquals(4, r.code());
    assertTrue(r.description().contains("dimensions must be one of PORTRAIT, SQUARE, LANDSCAPE"), r.description());
    Map<String, Object> explicitNull = new HashMap<>();
    explicitNull.put("base64Array", two);
    explicitNull.put("dimensions", null);
    assertEquals(4, api.post("/mj/submit/blend", explicitNull, key).code());
    ApiFixture.Response change = api.post("/mj/submit/change", Map.of("taskId", "1", "action", "ZOOM", "index", 1), key);
    assertEquals(4, change.code());
    assertTrue(change.description().contains("action"));
  }

  @Test
  void imageProblemsAreCode4NamingTheImage() {
    String notBase64 = "data:image/png;base64,@@@not*base64@@@";
    String pdf = "data:image/png;base64," + Base64.getEncoder().encodeToString("%PDF-1.7 not an image".getBytes());
    Map<String, String> cases = Map.of(
        notBase64, "base64",
        pdf, "PNG, JPEG, WebP or GIF",
        png(300_000), "larger than");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      ApiFixture.Response r = api.post("/mj/submit/describe", Map.of("base64", c.getKey()), key);
      assertEquals(4, r.code(), r.body());
      assertTrue(r.description().contains(c.getValue()), r.description());
      assertTrue(r.description().contains("base64"), "names the field: " + r.description());
    }
    ApiFixture.Response second = api.post("/mj/submit/imagine", Map.of("prompt", "cat", "base64Array", List.of(png(64), pdf)), key);
    assertEquals(4, second.code());
    assertTrue(second.description().contains("base64Array[1]"), second.description());
  }

  @Test
  void tooFewOrTooManyImagesAreCode4() {
    assertEquals(4, api.post("/mj/submit/blend", Map.of("base64Array", List.of(png(64))), key).code());
    assertEquals(4, api.post("/mj/submit/blend", Map.of("base64Array",
        List.of(png(64), png(65), png(66), png(67), png(68), png(69))), key).code());
    assertEquals(4, api.post("/mj/submit/blend", Map.of("dimensions", "SQUARE"), key).code());
    assertEquals(4, api.post("/mj/submit/describe", Map.of(), key).code());
    assertEquals(4, api.post("/mj/insight-face/swap", Map.of("sourceBase64", png(64)), key).code());
    assertEquals(4, api.post("/mj/insight-face/swap", Map.of("sourceBase64", png(64), "targetBase64", png(64)), key).code());
    assertEquals(4, api.post("/mj/submit/upload-discord-images", Map.of("base64Array", List.of()), key).code());
  }

  @Test
  void bodiesOverTheApiGatewayLimitAre413() {
    String huge = "{\"prompt\":\"" + "a".repeat(10 * 1024 * 1024 + 10) + "\"}";
    ApiFixture.Response r = api.post("/mj/submit/imagine", huge, key);
    assertEquals(413, r.status());
    assertEquals("payload_too_large", r.json().get("type").asText());
  }

  @Test
  void formBodiesAre415() {
    var e = ApiFixture.request("POST", "/mj/submit/imagine", "prompt=cat", key);
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    headers.put("content-type", "application/x-www-form-urlencoded");
    e.setHeaders(headers);
    assertEquals(415, api.call(e).status());
  }

  @Test
  void unknownRoutesModesAndMethodsAreJson404And405() {
    ApiFixture.Response unknown = api.call(ApiFixture.event("unknown-route.json"));
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.json().get("type").asText());
    assertEquals(404, api.post("/mj-slow/mj/submit/imagine", Map.of("prompt", "cat"), key).status());
    ApiFixture.Response wrongMethod = api.get("/mj/submit/imagine", key);
    assertEquals(405, wrongMethod.status());
    assertEquals("method_not_allowed", wrongMethod.json().get("type").asText());
    assertEquals(404, api.get("/mj/task/1763800000000009999/fetch", key).status());
  }

  @Test
  void missingOrUnknownKeysAre401Json() {
    ApiFixture.Response none = api.post("/mj/submit/imagine", Map.of("prompt", "cat"), null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.json().get("type").asText());
    assertEquals(401, api.post("/mj/submit/imagine", Map.of("prompt", "cat"), "mj_aaaaaaaaaaaa_wrongwrongwrongwrongwrongwrongwron").status());
  }

  @Test
  void userKeysCannotManageKeys() {
    assertEquals(403, api.post("/mj/admin/api-keys", Map.of("tenant", "x"), key).status());
    assertEquals(403, api.get("/mj/admin/api-keys", key).status());
  }
}
