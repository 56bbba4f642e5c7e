package io.mjserverless.core.workflow;

import java.util.Optional;

/** What the sweeper asks of Step Functions about a task's execution (named by the task id). */
public interface WorkflowExecutions {
  /** The statuses of an execution that has ended and will do nothing more (a redrive shows as PENDING_REDRIVE first). */
  java.util.Set<String> ENDED = java.util.Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

  /** RUNNING, PENDING_REDRIVE, SUCCEEDED, FAILED, TIMED_OUT or ABORTED; empty when the task never had an execution. */
  Optional<String> status(String taskId);

  /**
   * Starts the execution that ends a lost task: it writes FAILURE with {@code reason} only if the task
   * is still at {@code version}, then delivers the callback (statemachine: Start, EndLostTask). Starting
   * it twice is harmless. Throws when it cannot be started: the task is then left for the next sweep.
   */
  void startEnding(String taskId, String reason, long version);

  /** The name of that execution: the task's own execution name is taken for 90 days. */
  static String endingName(String taskId) {
    return taskId + "-end";
  }
}
