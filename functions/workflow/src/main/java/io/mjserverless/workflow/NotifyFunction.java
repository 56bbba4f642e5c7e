package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/** Workflow step: Delivers the signed final callback; throws CallbackFailedException so the state machine retries. */
public final class NotifyFunction extends StepFunction {
  public NotifyFunction() {
    this(Services.INSTANCE);
  }

  public NotifyFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    return services.notifyStep().run(taskId(input), input.path("attempt").asInt(0), input.path("giveUp").asBoolean(false), input.get("error"));
  }
}
