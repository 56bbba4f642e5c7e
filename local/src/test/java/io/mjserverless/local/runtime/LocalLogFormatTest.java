package io.mjserverless.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.testing.LogCapture;
import io.mjserverless.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local runtime prints the functions' lines as Lambda would (JSON, with a request id per
 * invocation), or one readable line each with {@code --log pretty}. A request refused before any store
 * is touched (no key) is enough to make a function log; nothing listens on the endpoints given.
 */
class LocalLogFormatTest {
  private static final Map<String, String> NOWHERE = Map.of("AWS_REGION", "us-east-1",
      "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9",
      "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

  @AfterEach
  void reset() {
    Log.format(Log.Format.JSON);
  }

  private static List<String> refusedRequestLines() {
    LambdaHost host = new LambdaHost(SamTemplate.load(Path.of("../template.yaml"), Map.of(), "us-east-1", "mj-local"), NOWHERE);
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRawPath("/mj/submit/imagine");
    event.setBody("{\"prompt\": \"a kite\"}");
    event.setHeaders(Map.of("content-type", "application/json")); // no key
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod("POST");
    http.setPath("/mj/submit/imagine");
    context.setHttp(http);
    event.setRequestContext(context);
    try (LogCapture out = new LogCapture()) {
      assertEquals(401, host.invokeHttp("SubmitFunction", event).getStatusCode());
      assertEquals(401, host.invokeHttp("SubmitFunction", event).getStatusCode());
      return out.lines();
    }
  }

  @Test
  void jsonLinesAsLambdaWritesThemWithARequestIdPerInvocation() {
    List<String> lines = refusedRequestLines();
    assertEquals(2, lines.size(), lines.toString());
    JsonNode first = Json.tree(lines.get(0));
    JsonNode second = Json.tree(lines.get(1));
    assertEquals("api.refused", first.get("message").asText());
    assertEquals("SubmitFunction", first.get("function").asText());
    assertTrue(first.get("requestId").isTextual());
    assertTrue(!first.get("requestId").asText().equals(second.get("requestId").asText()), "one request id per invocation");
  }

  @Test
  void prettyIsOneReadableLinePerEvent() {
    Log.format(io.mjserverless.local.MainAccess.logFormat("pretty"));
    List<String> lines = refusedRequestLines();
    assertEquals(2, lines.size(), lines.toString());
    String line = lines.get(0);
    assertThrows(IllegalArgumentException.class, () -> Json.tree(line), "not JSON: " + line);
    assertTrue(line.contains(" INFO  api.refused ") && line.contains("fn=SubmitFunction") && line.contains("req=")
        && line.contains("status=401"), line);
  }
}
