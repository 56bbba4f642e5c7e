package io.mjserverless.core.workflow;

import io.mjserverless.core.json.Json;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * Starts one Standard execution per task, named by the task id: Step Functions itself then refuses
 * a second execution for the same task, which makes a retried start harmless.
 */
public final class StepFunctionsWorkflowStarter implements WorkflowStarter, WorkflowExecutions {
  private final java.util.function.Supplier<SfnClient> sfn; // built at the first start, not with the function
  private final String stateMachineArn;

  public StepFunctionsWorkflowStarter(SfnClient sfn, String stateMachineArn) {
    this(() -> sfn, stateMachineArn);
  }

  public StepFunctionsWorkflowStarter(java.util.function.Supplier<SfnClient> sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn == null ? "" : stateMachineArn.trim();
  }

  /** The StartExecution request for a task: name = task id, input = {"taskId": id}. */
  public StartExecutionRequest requestFor(String taskId) {
    return StartExecutionRequest.builder()
        .stateMachineArn(stateMachineArn)
        .name(taskId)
        .input(Json.write(Map.of("taskId", taskId)))
        .build();
  }

  /** The ARN of the execution named {@code name}: the state machine's, with execution in place of stateMachine. */
  String executionArn(String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public java.util.Optional<String> status(String taskId) {
    try {
      return java.util.Optional.of(sfn.get().describeExecution(b -> b.executionArn(executionArn(taskId))).statusAsString());
    } catch (software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public void startEnding(String taskId, String reason, long version) {
    try {
      sfn.get().startExecution(StartExecutionRequest.builder()
          .stateMachineArn(stateMachineArn)
          .name(WorkflowExecutions.endingName(taskId))
          .input(Json.write(Map.of("taskId", taskId, "endReason", reason, "expectVersion", version)))
          .build());
    } catch (ExecutionAlreadyExistsException e) {
      // started by an earlier sweep, which ends (or ended) the task
    }
  }

  @Override
  public void start(String taskId) {
    if (stateMachineArn.isEmpty()) {
      // Reads and key management work without a state machine; a task cannot, so it fails with this reason.
      throw new WorkflowStartException("no state machine is configured (STATE_MACHINE_ARN is empty)", null);
    }
    try {
      sfn.get().startExecution(requestFor(taskId));
    } catch (ExecutionAlreadyExistsException e) {
      // Started before (a retried submit): the task already has its execution.
    } catch (SdkException e) {
      throw new WorkflowStartException("could not start the workflow: " + e.getMessage(), e);
    }
  }
}
