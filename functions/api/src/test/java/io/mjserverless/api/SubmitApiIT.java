package io.mjserverless.api;

import static io.mjserverless.api.ApiFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/** The submit endpoints, fed with the files of events/, against DynamoDB Local and s3proxy. */
@ExtendWith(LocalAwsExtension.class)
class SubmitApiIT {
  private final ApiFixture api;

  SubmitApiIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  private Task stored(String id) {
    return api.tasks.get(id).orElseThrow(() -> new AssertionError("task " + id + " was not stored"));
  }

  @Test
  void imagineStoresANotStartedTaskAndStartsItsWorkflow() {
    ApiFixture.Response r = api.call(event("submit-imagine.json"));
    assertEquals(200, r.status());
    assertEquals(1, r.code(), r.body());
    assertEquals("Submit success", r.description());
    assertTrue(r.json().get("result").isTextual(), "the task id is a JSON string");
    assertTrue(r.json().get("properties").has("discordInstanceId"));
    Task task = stored(r.result());
    assertEquals(TaskAction.IMAGINE, task.action());
    assertEquals(TaskStatus.NOT_START, task.status());
    assertEquals(Mode.FAST, task.mode());
    assertEquals(BotType.MID_JOURNEY, task.botType());
    assertEquals("my-state-1", task.state());
    assertEquals("/imagine a lighthouse on a cliff at dawn --ar 16:9 --stylize 250", task.description());
    assertTrue(task.seed() != null && task.seed() >= 0 && task.seed() <= 4294967295L);
    assertEquals(List.of(task.id()), api.workflow.started.stream().filter(task.id()::equals).toList());
  }

  @Test
  void modeComesFromThePathPrefixThenAccountFilterThenPromptFlag() {
    assertEquals(Mode.RELAX, stored(api.call(event("submit-imagine-relax.json")).result()).mode());
    ApiFixture.Response byFilter = api.post("/mj/submit/imagine",
        Map.of("prompt", "a cat --fast", "accountFilter", Map.of("modes", List.of("TURBO"))), ApiFixture.ADMIN_KEY);
    assertEquals(Mode.TURBO, stored(byFilter.result()).mode());
    ApiFixture.Response byFlag = api.post("/mj/submit/imagine", Map.of("prompt", "a cat --relax"), ApiFixture.ADMIN_KEY);
    assertEquals(Mode.RELAX, stored(byFlag.result()).mode());
    ApiFixture.Response prefixWins = api.post("/mj-turbo/mj/submit/imagine", Map.of("prompt", "a cat --relax"), ApiFixture.ADMIN_KEY);
    assertEquals(Mode.TURBO, stored(prefixWins.result()).mode());
  }

  @Test
  void imagineWithReferenceImagesStoresThemInTheBucket() {
    ApiFixture.Response r = api.call(event("submit-imagine-images.json"));
    assertEquals(1, r.code(), r.body());
    Task task = stored(r.result());
    assertEquals(1, task.inputs().size());
    String key = task.inputs().get(0);
    assertTrue(key.startsWith("inputs/" + task.id() + "/"), key);
    byte[] bytes = api.aws.s3().getObject(GetObjectRequest.builder().bucket(api.aws.bucket()).key(key).build(),
        ResponseTransformer.toBytes()).asByteArray();
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
  }

  @Test
  void blendDescribeShortenAndSwapCreateTheirTasks() {
    Task blend = stored(api.call(event("submit-blend.json")).result());
    assertEquals(TaskAction.BLEND, blend.action());
    assertEquals("LANDSCAPE", blend.dimensions());
    assertEquals(2, blend.inputs().size());
    assertEquals("/blend " + blend.id() + " 2", blend.description());

    Task describe = stored(api.call(event("submit-describe.json")).result());
    assertEquals(TaskAction.DESCRIBE, describe.action());
    assertEquals(1, describe.inputs().size());
    Task byLink = stored(api.call(event("submit-describe-link.json")).result());
    assertEquals(List.of("https://example.com/pictures/sunset.png"), byLink.inputs());

    Task shorten = stored(api.call(event("submit-shorten.json")).result());
    assertEquals(TaskAction.SHORTEN, shorten.action());
    assertTrue(shorten.description().startsWith("/shorten a very detailed"));

    Task swap = stored(api.call(event("insight-face-swap.json")).result());
    assertEquals(TaskAction.SWAP_FACE, swap.action());
    assertEquals(BotType.INSIGHT_FACE, swap.botType());
    assertEquals(2, swap.inputs().size());
  }

  @Test
  void uploadedImagesComeBackAsUrlsThatServeTheBytes() throws Exception {
    ApiFixture.Response r = api.call(event("submit-upload-discord-images.json"));
    assertEquals(1, r.code(), r.body());
    JsonNode urls = r.json().get("result");
    assertTrue(urls.isArray());
    assertEquals(1, urls.size());
    String url = urls.get(0).asText();
    assertTrue(url.contains("uploads/admin/images/"), url);
    java.net.http.HttpResponse<byte[]> got = HttpClient.newHttpClient()
        .send(java.net.http.HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertEquals('P', got.body()[1]);
  }

  @Test
  void bannedWordsAreCode24WithTheWordAndNothingIsStored() {
    int before = api.tasks.listByTenant("admin", 100).size();
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a NUDE figure --ar 1:1"), ApiFixture.ADMIN_KEY);
    assertEquals(24, r.code(), r.body());
    assertEquals("NUDE", r.json().get("properties").get("bannedWord").asText());
    assertTrue(r.json().get("properties").has("promptEn"));
    assertTrue(r.json().get("result").isNull());
    assertEquals(before, api.tasks.listByTenant("admin", 100).size());
    assertEquals(1, api.post("/mj/submit/imagine", Map.of("prompt", "a field of grass"), ApiFixture.ADMIN_KEY).code());
  }

  @Test
  void badPromptParametersAreCode4NamingTheFlag() {
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a cat --stylize 2000"), ApiFixture.ADMIN_KEY);
    assertEquals(4, r.code());
    assertTrue(r.description().contains("--stylize"), r.description());
    assertTrue(r.json().get("result").isNull());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "a cat --xxxx                | --xxxx   | Unrecognized parameter(s): --xxxx",
      "a cat --repeat 41           | --repeat | --repeat must be an integer from 1 to 40, got 41",
      "a cat --r 0                 | --repeat | --repeat must be an integer from 1 to 40, got 0",
      "a cat --stop 5              | --stop   | --stop must be an integer from 10 to 100, got 5",
      "a cat --cw 101              | --cw     | --cw must be an integer from 0 to 100, got 101",
      "a cat \u2014s 5000           | --stylize | --stylize must be an integer from 0 to 1000, got 5000",
      "a cat --v seven             | --v      | --v must be a version number such as 6.1 or 7, got seven"})
  void promptParametersOutOfRangeOrUnknownAreCode4AndNothingIsStored(String prompt, String field, String description) {
    int before = api.tasks.listByTenant("admin", 100).size();
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", prompt), ApiFixture.ADMIN_KEY);
    assertEquals(4, r.code(), r.body());
    assertEquals(description, r.description());
    assertTrue(r.description().contains(field));
    assertTrue(r.json().get("result").isNull());
    assertEquals(before, api.tasks.listByTenant("admin", 100).size());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"a cat --v 7.0", "a cat --v 7.1", "a cat --niji 7",
      "a cat \u2014ar 16:9 \u2014v 7.0", "a cat --r 40 --stop 10 --cw 0 --video"})
  void wellFormedParametersAreAccepted(String prompt) {
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", prompt), ApiFixture.ADMIN_KEY);
    assertEquals(1, r.code(), r.body());
  }

  @Test
  void aWorkflowThatCannotStartIsCode9AndTheTaskEndsAsFailure() {
    api.workflow.failStarts = true;
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "an unlucky cat", "state", "s-9"), ApiFixture.ADMIN_KEY);
    assertEquals(9, r.code());
    assertNull(r.json().get("result").textValue());
    Task failed = api.tasks.listByTenant("admin", 50).stream().filter(t -> "s-9".equals(t.state())).findFirst().orElseThrow();
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertTrue(failed.failReason().contains("could not be started"), failed.failReason());
    assertTrue(failed.finishTime() != null);
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstAnswerAndCreatesOneTask() {
    var first = ApiFixture.request("POST", "/mj/submit/imagine", "{\"prompt\":\"a once-only cat\"}", ApiFixture.ADMIN_KEY);
    Map<String, String> headers = new java.util.HashMap<>(first.getHeaders());
    headers.put("idempotency-key", "order-7781");
    first.setHeaders(headers);
    ApiFixture.Response a = api.call(first);
    ApiFixture.Response b = api.call(first);
    assertEquals(1, a.code());
    assertEquals(a.result(), b.result());
    assertEquals(1, api.workflow.started.stream().filter(a.result()::equals).count());
    first.setBody("{\"prompt\":\"another cat\"}");
    ApiFixture.Response c = api.call(first);
    assertEquals(4, c.code());
    assertTrue(c.description().contains("Idempotency-Key"));
    assertFalse(api.workflow.started.isEmpty());
  }
}
