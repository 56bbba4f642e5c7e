package io.mjserverless.core.workflow;

/**
 * What the state machine carries between Dispatch, Wait and Poll: the task, how many polls ran,
 * how long to wait before the next one, and the outcome the Choice state routes on.
 */
public record StepState(String taskId, int polls, int waitSeconds, String outcome, String reason) {
  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  public static final String CANCELLED = "CANCELLED";
  public static final String DEADLINE_PASSED = "DEADLINE_PASSED";
  /** A sweeper's execution found its task moved since the sweep: nothing to end, nothing to notify. */
  public static final String SKIPPED = "SKIPPED";

  public static StepState running(String taskId, int polls, int waitSeconds) {
    return new StepState(taskId, polls, waitSeconds, RUNNING, null);
  }

  public static StepState ended(String taskId, int polls, String outcome, String reason) {
    return new StepState(taskId, polls, 0, outcome, reason);
  }
}
