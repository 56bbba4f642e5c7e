package io.mjserverless.core.workflow;

import java.util.Optional;

/** What the sweeper asks of Step Functions about a task's execution (named by the task id). */
public interface WorkflowExecutions {

  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED; empty when the task never had an execution. */
  Optional<String> status(String taskId);

  /**
   * Starts a second execution of a task that was ended outside its workflow, only so that the workflow
   * delivers its final callback (Dispatch and Poll see a final task and go straight to Notify).
   */
  void startEnding(String taskId);

  /** The name of that second execution: the first one's name is taken for 90 days. */
  static String endingName(String taskId) {
    return taskId + "-end";
  }
}
