package io.mjserverless.local.asl;

import java.time.Instant;

/**
 * One entry of an execution's history.
 *
 * @param id        1, 2, 3, ... in the order the events happened
 * @param timestamp from the executor's clock
 * @param type      what happened
 * @param stateName the state it happened in (null for execution-level events)
 * @param detail    a short text: the error and cause of a failure, the delay of a retry or wait,
 *                  the target of a catch or transition; null when there is nothing to add
 */
public record HistoryEvent(long id, Instant timestamp, Type type, String stateName, String detail) {

  /** The kinds of history event. */
  public enum Type {
    EXECUTION_STARTED,
    /** The executor was restarted and picked the execution up from its persisted state. */
    EXECUTION_RESUMED,
    STATE_ENTERED,
    STATE_EXITED,
    /** A Task's resource is being invoked; detail = attempt number (0 first) and resource. */
    TASK_STARTED,
    /**
     * A waitForTaskToken Task's function answered; the state now waits for SendTaskSuccess or
     * SendTaskFailure; detail = its heartbeat and timeout.
     */
    TASK_SUBMITTED,
    TASK_SUCCEEDED,
    /** A Task failed (also on States.Timeout); detail = "error: cause". */
    TASK_FAILED,
    /** A retrier matched; detail = retrier index, attempt and delay in (unscaled) seconds. */
    RETRY_SCHEDULED,
    /** A catcher matched; detail = "error -> Next". */
    CATCH_TAKEN,
    /** A Wait state started waiting; detail = unscaled seconds. */
    WAIT_STARTED,
    EXECUTION_SUCCEEDED,
    EXECUTION_FAILED,
    EXECUTION_ABORTED,
    EXECUTION_TIMED_OUT
  }
}
