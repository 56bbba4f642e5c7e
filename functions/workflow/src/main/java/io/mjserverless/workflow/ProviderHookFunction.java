package io.mjserverless.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.workflow.ProviderHookService;
import io.mjserverless.core.workflow.WorkflowServices;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * HTTP function: {@code POST /mj/hooks/provider/{taskId}/{secret}}, the notifyHook an mjproxy provider
 * posts its task JSON to. No tenant key: the per-task secret in the path is the credential. Answers
 * 204 when taken, 404 (JSON) for an unknown task or a wrong secret, 400 for a body that is not JSON,
 * 500 (JSON, logged) when the task could not be written.
 */
public final class ProviderHookFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final class Services {
    static final WorkflowServices INSTANCE = WorkflowServices.forContainer("ProviderHookFunction");
  }

  private final WorkflowServices services;

  public ProviderHookFunction() {
    this(Services.INSTANCE);
  }

  public ProviderHookFunction(WorkflowServices services) {
    this.services = services;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    LogContext.begin("ProviderHookFunction", context == null ? null : context.getAwsRequestId());
    try {
      return receive(event);
    } finally {
      LogContext.end();
    }
  }

  private APIGatewayV2HTTPResponse receive(APIGatewayV2HTTPEvent event) {
    Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
    LogContext.task(path.get("taskId")); // never the secret beside it in the path
    JsonNode body;
    try {
      String raw = event.getBody() == null ? "" : event.getIsBase64Encoded()
          ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8) : event.getBody();
      body = Json.MAPPER.readTree(raw);
      if (body == null || !body.isObject()) {
        Log.info("hook.refused", "status", 400, "reason", "body is not a JSON object");
        return answer(400, "the body must be the provider's task JSON");
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      Log.info("hook.refused", "status", 400, "reason", "body is not JSON");
      return answer(400, "the body must be the provider's task JSON");
    }
    ProviderHookService.Outcome outcome;
    try {
      outcome = services.providerHooks().receive(path.get("taskId"), path.get("secret"), body);
    } catch (RuntimeException e) {
      // Logged with the task id (never the secret); the workflow's poll still learns where the job stands.
      String errorId = java.util.UUID.randomUUID().toString();
      Log.error("hook.internal-error", e, "errorId", errorId);
      return answer(500, "internal error " + errorId + "; it has been logged");
    }
    Log.info("hook.received", "outcome", outcome);
    return outcome == ProviderHookService.Outcome.ACCEPTED
        ? APIGatewayV2HTTPResponse.builder().withStatusCode(204).build()
        : answer(404, "no such hook");
  }

  private static APIGatewayV2HTTPResponse answer(int status, String error) {
    return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(Json.write(Map.of("error", error))).build();
  }
}
