package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.workflow.WorkflowServices;

/**
 * Workflow step behind AwaitJob (lambda:invoke.waitForTaskToken): keeps the execution's task token
 * where a provider's callback finds it; the state's answer is the token coming back, not this output.
 */
public final class AwaitJobFunction extends StepFunction {
  public AwaitJobFunction() {
    this(Services.INSTANCE);
  }

  public AwaitJobFunction(WorkflowServices services) {
    super(services);
  }

  @Override
  public Object handle(JsonNode input) {
    String token = input.path("taskToken").asText("");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the step input has no taskToken");
    }
    return services.awaitJob().run(taskId(input), token);
  }
}
