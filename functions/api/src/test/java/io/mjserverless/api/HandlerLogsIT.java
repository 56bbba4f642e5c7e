package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Metrics;
import io.mjserverless.core.testing.LambdaTestContext;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the HTTP handlers write for the operator: one task.submitted line with the six fields, and no key. */
@ExtendWith(LocalAwsExtension.class)
class HandlerLogsIT {
  private final ApiFixture api;

  HandlerLogsIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  private ApiFixture.Response submit(String path, Object body, String key) {
    return new ApiFixture.Response(api.functions.get(io.mjserverless.core.api.http.Operation.Function.SUBMIT)
        .handleRequest(ApiFixture.request("POST", path, Json.write(body), key), new LambdaTestContext()));
  }

  @Test
  void aSubmitIsOneLineWithTheSixFieldsAndACountByRouteAndCode() {
    String key = api.userKey("acme");
    try (LogCapture out = new LogCapture()) {
      ApiFixture.Response r = submit("/mj-turbo/mj/submit/imagine", Map.of("prompt", "a red kite"), key);
      assertEquals(1, r.code(), r.body());
      List<JsonNode> submitted = out.events("task.submitted");
      assertEquals(1, submitted.size(), out.text());
      JsonNode line = submitted.get(0);
      assertEquals(r.result(), line.get("taskId").asText());
      assertEquals("acme", line.get("tenant").asText());
      assertEquals("TURBO", line.get("mode").asText());
      assertEquals("simulator", line.get("engine").asText());
      assertEquals("SubmitFunction", line.get("function").asText());
      assertTrue(line.get("requestId").asText().length() > 10, line.toString());
      assertEquals("IMAGINE", line.get("route").asText());
      assertEquals(1, line.get("code").asInt());
      for (JsonNode l : out.json()) {
        if (r.result().equals(l.path("taskId").asText())) {
          assertFalse(l.get("tenant").isNull() || l.get("mode").isNull() || l.get("engine").isNull() || l.get("requestId").isNull(),
              "every line of the task has its fields: " + l);
        }
      }
      assertTrue(out.metrics().stream().anyMatch(m -> m.path(Metrics.SUBMITS).asInt() == 1
          && m.path("Route").asText().equals("IMAGINE") && m.path("Code").asText().equals("1")), out.text());
      assertFalse(out.text().contains(key.substring(key.lastIndexOf('_') + 1)), "the key's secret is never written");
    }
  }

  @Test
  void refusedRequestsAreLoggedWithoutTheKeyTheyCarried() {
    String wrong = "mj_abcdefghijklmnop_ThisIsNotAValidKeyButStillASecret99";
    try (LogCapture out = new LogCapture()) {
      ApiFixture.Response unauthorized = submit("/mj/submit/imagine", Map.of("prompt", "a kite"), wrong);
      assertEquals(401, unauthorized.status(), unauthorized.body());
      ApiFixture.Response invalid = submit("/mj/submit/imagine", Map.of("prompt", ""), ApiFixture.ADMIN_KEY);
      assertEquals(4, invalid.code(), invalid.body());
      assertEquals(401, out.events("api.refused").get(0).get("status").asInt());
      JsonNode refused = out.events("task.submitted").get(0);
      assertEquals(4, refused.get("code").asInt());
      assertTrue(refused.get("reason").asText().contains("prompt"), refused.toString());
      String text = out.text();
      assertFalse(text.contains("ThisIsNotAValidKeyButStillASecret99"), text);
      assertFalse(text.contains(ApiFixture.ADMIN_KEY), text);
    }
  }
}
