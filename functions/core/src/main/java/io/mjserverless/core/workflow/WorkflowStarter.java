package io.mjserverless.core.workflow;

/** Starts the workflow that carries a stored task to its end. */
public interface WorkflowStarter {
  /**
   * Starts the execution for this task; idempotent per task id.
   * @throws WorkflowStartException when it could not be started (the caller fails the task).
   */
  void start(String taskId);
}
