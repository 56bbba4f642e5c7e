package io.mjserverless.core.workflow;

/**
 * What the state machine carries between Dispatch, the waits and Poll: the task, how many polls ran,
 * how long to wait before the next one (at most, when the engine calls back: {@code awaitCallback}),
 * and the outcome the Choice state routes on.
 */
public record StepState(String taskId, int polls, int waitSeconds, String outcome, String reason, boolean awaitCallback) {
  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  public static final String CANCELLED = "CANCELLED";
  public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
  /** A sweeper's execution found its task moved since the sweep: nothing to end, nothing to notify. */
  public static final String SKIPPED = "SKIPPED";

  public static StepState running(String taskId, int polls, int waitSeconds) {
    return new StepState(taskId, polls, waitSeconds, RUNNING, null, false);
  }

  /** Still running; the engine will call back, so the workflow waits on a task token for at most waitSeconds. */
  public static StepState awaiting(String taskId, int polls, int waitSeconds) {
    return new StepState(taskId, polls, waitSeconds, RUNNING, null, true);
  }

  public static StepState ended(String taskId, int polls, String outcome, String reason) {
    return new StepState(taskId, polls, 0, outcome, reason, false);
  }
}
