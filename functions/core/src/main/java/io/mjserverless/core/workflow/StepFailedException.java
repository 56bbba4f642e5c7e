package io.mjserverless.core.workflow;

import io.mjserverless.core.task.PlainMessage;

/**
 * What a step throws in place of an internal fault (a bug, a library's exception, memory running out):
 * the fault itself is logged with the task id, and only this plain reason reaches the state machine's
 * Catch and so the task's failReason.
 */
public class StepFailedException extends RuntimeException implements PlainMessage {
  public static final String INTERNAL = "the task stopped because of an internal error";
  public static final String OUT_OF_MEMORY = "the task needed more memory than it has; an input image may be too large";

  public StepFailedException(String message) {
    super(message);
  }
}
