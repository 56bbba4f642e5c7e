package io.mjserverless.core.notify;

/**
 * The outcome of one callback attempt.
 *
 * @param delivered whether the receiver answered 2xx
 * @param status the HTTP status received, or null when there was no HTTP answer (refused hook,
 *     connection error, timeout before the response headers)
 * @param error null when delivered; otherwise short readable text such as {@code "HTTP 500"},
 *     {@code "timed out after 5s"}, {@code "connection refused"} or {@code "hook refused: ..."}
 * @param elapsedMillis wall time the attempt took, including the pre-send address check
 */
public record CallbackResult(boolean delivered, Integer status, String error, long elapsedMillis) {
  public CallbackResult {
    if (delivered && error != null) {
      throw new IllegalArgumentException("a delivered callback carries no error");
    }
    if (!delivered && error == null) {
      throw new IllegalArgumentException("an undelivered callback needs an error");
    }
  }
}
