package io.mjserverless.core.engine;

/**
 * The engine holds the task's place and asks to be asked again after {@link #retryAfterSeconds()}
 * exactly: the task waits its turn behind others (a queue that moves on its own), or until a known
 * moment (a pause Discord asked for). Unlike a plain {@link EngineBusyException}, nothing is failing, so
 * the workflow does not back off: a slot freed in the meantime must not sit idle while the wait grows.
 */
public class TurnWaitException extends EngineBusyException {

  public TurnWaitException(String message, int retryAfterSeconds) {
    super(message, retryAfterSeconds);
  }
}
