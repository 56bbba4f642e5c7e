package io.mjserverless.core.engine;

/**
 * The engine refused a job for good (a banned prompt, a validation error, an answer nobody can read).
 * The message becomes the task's failReason, so it quotes the provider's own words.
 */
public class JobRejectedException extends RuntimeException implements io.mjserverless.core.task.PlainMessage {
  public JobRejectedException(String message) {
    super(message);
  }

  public JobRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
