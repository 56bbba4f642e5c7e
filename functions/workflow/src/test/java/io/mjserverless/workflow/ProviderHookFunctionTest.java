package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mjserverless.core.engine.mjproxy.ProviderHooks;
import io.mjserverless.core.workflow.ProviderHookService;
import io.mjserverless.core.workflow.WorkflowServices;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notifyHook's HTTP answers: 404 for a wrong secret, 400 for a body that is not JSON, 500 as JSON. */
class ProviderHookFunctionTest {
  private static final String TASK = "1760000000000123456";
  private static final String SECRET = "a".repeat(64);

  private static ProviderHookFunction handler(ProviderHooks hooks) {
    return new ProviderHookFunction(new WorkflowServices(null, null, null, null, null, null, null,
        new ProviderHookService(hooks, token -> false, null, null, null)));
  }

  private static APIGatewayV2HTTPResponse post(ProviderHookFunction handler, String body) {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withBody(body)
        .withPathParameters(Map.of("taskId", TASK, "secret", SECRET)).build();
    return handler.handleRequest(event, null);
  }

  @Test
  void aWrongSecretIsA404AndABodyThatIsNotJsonA400() {
    APIGatewayV2HTTPResponse unknown = post(handler(ProviderHooks.none()), "{\"status\":\"SUCCESS\"}");
    assertEquals(404, unknown.getStatusCode());
    assertTrue(unknown.getBody().startsWith("{"), unknown.getBody());
    assertEquals(400, post(handler(ProviderHooks.none()), "not json").getStatusCode());
    assertEquals(400, post(handler(ProviderHooks.none()), "[1, 2]").getStatusCode());
  }

  @Test
  void aFailureToTakeTheCallbackIsAJson500WithoutTheSecretOrAStackTrace() {
    ProviderHooks broken = new ProviderHooks() {
      @Override
      public String open(String taskId, long expiresAtEpochSecond) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean verify(String taskId, String secret) {
        throw new IllegalStateException("the table is unreachable");
      }

      @Override
      public Optional<String> park(String taskId, String taskToken) {
        return Optional.empty();
      }

      @Override
      public Optional<String> settle(String taskId, String outcomeJson) {
        return Optional.empty();
      }
    };
    APIGatewayV2HTTPResponse answer = post(handler(broken), "{\"status\":\"SUCCESS\"}");
    assertEquals(500, answer.getStatusCode());
    assertTrue(answer.getBody().contains("internal error"), answer.getBody());
    assertFalse(answer.getBody().contains(SECRET) || answer.getBody().contains("IllegalStateException"), answer.getBody());
  }
}
