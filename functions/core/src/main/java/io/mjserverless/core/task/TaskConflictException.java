package io.mjserverless.core.task;

/** A conditional task write lost: the task changed meanwhile, exists already, or the move is not allowed. */
public class TaskConflictException extends RuntimeException {
  public TaskConflictException(String message) {
    super(message);
  }
}
