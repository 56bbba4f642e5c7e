package io.mjserverless.core.engine.discord.account;

/** A token could not be sealed or opened; the message never holds the token. */
public final class TokenCipherException extends RuntimeException {
  public TokenCipherException(String message) {
    super(message);
  }

  public TokenCipherException(String message, Throwable cause) {
    super(message, cause);
  }
}
