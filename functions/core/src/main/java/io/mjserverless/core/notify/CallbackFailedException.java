package io.mjserverless.core.notify;

/**
 * Thrown by the workflow's Notify step when a final callback was not delivered. Step Functions matches
 * its retry policy on this class's fully qualified name ({@code io.mjserverless.core.notify.CallbackFailedException}
 * in statemachine/task.asl.json), so do not rename or move it without changing the state machine.
 */
public class CallbackFailedException extends RuntimeException implements io.mjserverless.core.task.PlainMessage {
  public CallbackFailedException(String message) {
    super(message);
  }
}
