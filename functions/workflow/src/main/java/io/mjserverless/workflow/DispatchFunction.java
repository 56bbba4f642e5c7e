package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/** Workflow step: Submits a task's job to its engine and marks it SUBMITTED. */
public final class DispatchFunction extends StepFunction {
  public DispatchFunction() {
    this(Services.INSTANCE);
  }

  public DispatchFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    return services.dispatch().run(taskId(input));
  }
}
