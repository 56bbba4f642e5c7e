package io.mjserverless.local.asl;

/**
 * A state machine definition this executor refuses: invalid Amazon States Language, or a feature it
 * does not implement. The message names the state and the field, e.g.
 * {@code state "Fetch": field "ItemReader" is not supported}.
 */
public class UnsupportedDefinitionException extends RuntimeException {
  public UnsupportedDefinitionException(String message) {
    super(message);
  }
}
