package io.mjserverless.core.notify;

import io.mjserverless.core.api.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Posts one signed callback. The hook is checked again right before sending (its DNS answer may have
 * changed since submit) and the connection goes to exactly the addresses that check approved
 * ({@link PinnedHttpClient}), so a DNS answer changed in between (rebinding) cannot redirect it;
 * redirects are never followed (a 3xx is not a delivery, and following one could lead into our own
 * network); the timeout bounds the whole exchange, response body included; and no network failure
 * escapes as an exception: every attempt ends in a {@link CallbackResult}.
 */
public final class CallbackSender {
  public static final String DELIVERY_HEADER = "X-Mj-Delivery";
  public static final String USER_AGENT = "mj-serverless-callback/1";
  static final String CONTENT_TYPE = "application/json; charset=utf-8";
  /** How much of a response body we read (and throw away) before hanging up. */
  static final long MAX_RESPONSE_BYTES = 64 * 1024;
  private static final String HOOK_FIELD = "notifyHook";

  private final HookAddressGuard guard;
  private final CallbackSigner signer;
  private final Duration timeout;
  private final PinnedHttpClient http;

  public CallbackSender(HookAddressGuard guard, CallbackSigner signer, Duration timeout) {
    this(guard, signer, timeout, new PinnedHttpClient(timeout));
  }

  /** For tests: a client whose connections they can watch. */
  CallbackSender(HookAddressGuard guard, CallbackSigner signer, Duration timeout, PinnedHttpClient http) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = Objects.requireNonNull(http, "http");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /**
   * Sends {@code body} (the task JSON) to {@code hookUrl}, signed with {@code secret} and labelled with
   * {@code deliveryId}. Use the same delivery id for every retry of one logical callback
   * ({@link DeliveryIds#of}). A missing or empty secret is a not-delivered result, not an exception;
   * null {@code body} or {@code deliveryId} is a programming error and throws.
   */
  public CallbackResult send(String hookUrl, String body, String secret, String deliveryId) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(deliveryId, "deliveryId");
    long start = System.nanoTime();
    if (hookUrl == null || hookUrl.isBlank()) {
      return failed(null, "hook refused: no hook URL", start);
    }
    CheckedTarget target;
    try {
      target = guard.target(HOOK_FIELD, hookUrl);
    } catch (ValidationException e) {
      return failed(null, "hook refused: " + e.getMessage(), start);
    }
    if (secret == null || secret.isEmpty()) {
      // An unsigned callback could not be told from a forged one, so it is not sent at all.
      return failed(null, "no webhook secret to sign with", start);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("User-Agent", USER_AGENT);
    headers.put(CallbackSigner.HEADER, signer.sign(secret, body));
    headers.put(DELIVERY_HEADER, deliveryId);
    try (PinnedHttpClient.Response response =
        http.send(target, "POST", headers, body.getBytes(StandardCharsets.UTF_8), timeout)) {
      // Judged by the status as soon as it arrives: a receiver that answers and then dribbles its body
      // past the deadline has still answered. The body is read up to a cap only to end the exchange cleanly.
      try {
        discard(response.body(), MAX_RESPONSE_BYTES);
      } catch (IOException ignored) {
        // the status stands
      }
      return byStatus(response.status(), start);
    } catch (IllegalArgumentException e) {
      // A URL the guard accepts but no request line can carry.
      return failed(null, "hook refused: " + e.getMessage(), start);
    } catch (IOException e) {
      return failed(null, describe(e), start);
    }
  }

  private static void discard(InputStream body, long cap) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    while (read < cap) {
      int n = body.read(buffer, 0, (int) Math.min(buffer.length, cap - read));
      if (n < 0) {
        return;
      }
      read += n;
    }
  }

  private CallbackResult byStatus(int code, long start) {
    if (code >= 200 && code < 300) {
      return new CallbackResult(true, code, null, millisSince(start));
    }
    String error = code >= 300 && code < 400 ? "HTTP " + code + " (redirect not followed)" : "HTTP " + code;
    return failed(code, error, start);
  }

  private String describe(IOException cause) {
    if (cause instanceof SocketTimeoutException) { // connect and read timeouts alike
      return timedOut();
    }
    if (cause instanceof ConnectException) {
      String message = cause.getMessage();
      return message == null || message.toLowerCase().contains("refused")
          ? "connection refused"
          : "connection failed: " + shorten(message);
    }
    if (cause instanceof SSLException) {
      return "TLS error: " + shorten(cause.getMessage());
    }
    String message = cause.getMessage();
    return message == null ? "I/O error (" + cause.getClass().getSimpleName() + ")" : "I/O error: " + shorten(message);
  }

  private String timedOut() {
    return "timed out after " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms");
  }

  private static String shorten(String message) {
    if (message == null) {
      return "no detail";
    }
    String oneLine = message.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  private static CallbackResult failed(Integer status, String error, long start) {
    return new CallbackResult(false, status, error, millisSince(start));
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
