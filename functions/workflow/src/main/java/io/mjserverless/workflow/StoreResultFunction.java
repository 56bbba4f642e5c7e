package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/**
 * Workflow step: Copies the finished result into the bucket and sets SUCCESS, then delivers the signed
 * final callback (throws CallbackFailedException so the state machine retries; nothing is stored twice).
 */
public final class StoreResultFunction extends StepFunction {
  public StoreResultFunction() {
    this(Services.INSTANCE);
  }

  public StoreResultFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    return services.finish().run(taskId(input));
  }
}
