package io.mjserverless.core.workflow;

public class WorkflowStartException extends RuntimeException {
  public WorkflowStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
