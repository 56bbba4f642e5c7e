package io.mjserverless.core.engine;

/**
 * The engine cannot take or answer for a job just now (the provider's queue is full, it answered 5xx,
 * timed out, dropped the connection, or all its slots are taken). The workflow tries again later, up to
 * the mode's deadline; the message says what happened, for the task's failReason if the deadline passes.
 */
public class EngineBusyException extends RuntimeException implements io.mjserverless.core.task.PlainMessage {
  private final int retryAfterSeconds;

  public EngineBusyException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public EngineBusyException(String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The engine's hint of when to try again. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
