package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/** Workflow step: Ends a task as FAILURE with the reason of the error that brought the workflow here. */
public final class RecordFailureFunction extends StepFunction {
  public RecordFailureFunction() {
    this(Services.INSTANCE);
  }

  public RecordFailureFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    JsonNode expect = input.get("expectVersion");
    return services.recordFailure().run(taskId(input), input.get("error"),
        expect == null || expect.isNull() ? null : expect.asLong());
  }
}
