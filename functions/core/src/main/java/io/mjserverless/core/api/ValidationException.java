package io.mjserverless.core.api;

/**
 * Bad input, answered as envelope code 4 (or HTTP 400 on non-envelope routes). The message names the
 * field, so a client can tell what to fix: {@code "prompt is required"}, {@code "--stylize must be 0..1000"}.
 */
public class ValidationException extends RuntimeException {
  private final String field;

  public ValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
