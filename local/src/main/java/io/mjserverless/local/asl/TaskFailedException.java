package io.mjserverless.local.asl;

/**
 * A failed Task: the error name that Retry and Catch match (for a Lambda function, the fully
 * qualified class name of the exception it threw; or a States.* name) and the cause text.
 */
public class TaskFailedException extends Exception {
  private final String error;
  private final String cause;

  public TaskFailedException(String error, String cause) {
    super(error + (cause == null ? "" : ": " + cause));
    this.error = error == null || error.isEmpty() ? "States.TaskFailed" : error;
    this.cause = cause;
  }

  /** The failure as Step Functions reports a Lambda function's exception: its class name and message. */
  public static TaskFailedException of(Throwable t) {
    return new TaskFailedException(t.getClass().getName(), t.getMessage());
  }

  public String error() {
    return error;
  }

  /** The cause text (may be null). */
  public String cause() {
    return cause;
  }
}
