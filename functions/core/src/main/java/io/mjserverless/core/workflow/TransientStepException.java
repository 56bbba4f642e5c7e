package io.mjserverless.core.workflow;

/**
 * A step failed for a reason that may pass (a throttled store, a busy engine). The state machine
 * retries it by this class's fully qualified name, with backoff; anything else goes to RecordFailure.
 */
public class TransientStepException extends RuntimeException implements io.mjserverless.core.task.PlainMessage {
  public TransientStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
