package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/** Workflow step: One look at a running job; says when to look again. */
public final class PollFunction extends StepFunction {
  public PollFunction() {
    this(Services.INSTANCE);
  }

  public PollFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    return services.poll().run(taskId(input), input.path("polls").asInt(0));
  }
}
