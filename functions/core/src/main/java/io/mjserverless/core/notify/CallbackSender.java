package io.mjserverless.core.notify;

import io.mjserverless.core.api.ValidationException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Posts one signed callback. The hook is checked again right before sending (its DNS answer may have
 * changed since submit); redirects are never followed (a 3xx is not a delivery, and following one could
 * lead into our own network); the timeout bounds the whole exchange, response body included; and no
 * network failure escapes as an exception: every attempt ends in a {@link CallbackResult}.
 *
 * <p>Known gap: the guard and the HTTP client resolve the host separately, so a hostile DNS server
 * answering differently within that instant (DNS rebinding) is not caught here.
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
  private final HttpClient client;

  public CallbackSender(HookAddressGuard guard, CallbackSigner signer, Duration timeout) {
    this(guard, signer, timeout, HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build());
  }

  /** For tests and for sharing a client; it must not follow redirects. */
  CallbackSender(HookAddressGuard guard, CallbackSigner signer, Duration timeout, HttpClient client) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = Objects.requireNonNull(client, "client");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the callback HTTP client must not follow redirects");
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
    URI uri;
    try {
      uri = guard.check(HOOK_FIELD, hookUrl);
    } catch (ValidationException e) {
      return failed(null, "hook refused: " + e.getMessage(), start);
    }
    if (secret == null || secret.isEmpty()) {
      // An unsigned callback could not be told from a forged one, so it is not sent at all.
      return failed(null, "no webhook secret to sign with", start);
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Content-Type", CONTENT_TYPE)
          .header("User-Agent", USER_AGENT)
          .header(CallbackSigner.HEADER, signer.sign(secret, body))
          .header(DELIVERY_HEADER, deliveryId)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
          .build();
    } catch (IllegalArgumentException e) {
      // A URI the guard accepts but the client cannot use, e.g. one without a usable authority.
      return failed(null, "hook refused: " + e.getMessage(), start);
    }

    // The status is captured as soon as headers arrive, so a receiver that answers and then dribbles
    // its body past the deadline is still judged by the status it gave.
    AtomicReference<Integer> status = new AtomicReference<>();
    CompletableFuture<HttpResponse<Long>> exchange = client.sendAsync(request, info -> {
      status.set(info.statusCode());
      return new CappedDiscardingSubscriber(MAX_RESPONSE_BYTES);
    });
    long remainingNanos = timeout.toNanos() - (System.nanoTime() - start);
    try {
      HttpResponse<Long> response = exchange.get(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS);
      return byStatus(response.statusCode(), start);
    } catch (TimeoutException e) {
      exchange.cancel(true); // aborts the exchange (JDK 16+)
      Integer answered = status.get();
      return answered != null ? byStatus(answered, start) : failed(null, timedOut(), start);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return failed(status.get(), "interrupted", start);
    } catch (CancellationException e) {
      return failed(status.get(), "cancelled", start);
    } catch (ExecutionException e) {
      Integer answered = status.get();
      if (answered != null) {
        return byStatus(answered, start); // failed while reading a body we discard anyway
      }
      return failed(null, describe(e.getCause()), start);
    }
  }

  private CallbackResult byStatus(int code, long start) {
    if (code >= 200 && code < 300) {
      return new CallbackResult(true, code, null, millisSince(start));
    }
    String error = code >= 300 && code < 400 ? "HTTP " + code + " (redirect not followed)" : "HTTP " + code;
    return failed(code, error, start);
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpTimeoutException) { // includes HttpConnectTimeoutException
      return timedOut();
    }
    if (cause instanceof ConnectException) {
      String message = cause.getMessage();
      return message == null || message.toLowerCase().contains("refused")
          ? "connection refused"
          : "connection failed: " + shorten(message);
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host: " + shorten(cause.getMessage());
    }
    if (cause instanceof SSLException) {
      return "TLS error: " + shorten(cause.getMessage());
    }
    if (cause instanceof IOException) {
      String message = cause.getMessage();
      return message == null ? "I/O error (" + cause.getClass().getSimpleName() + ")" : "I/O error: " + shorten(message);
    }
    return "error: " + (cause == null ? "unknown" : cause.getClass().getSimpleName());
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

  /** Reads the response body without keeping it; after {@code cap} bytes it hangs up. Body = bytes read. */
  static final class CappedDiscardingSubscriber implements HttpResponse.BodySubscriber<Long> {
    private final long cap;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long read;

    CappedDiscardingSubscriber(long cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        read += item.remaining();
      }
      if (read >= cap) {
        subscription.cancel();
        result.complete(read);
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(read);
    }
  }
}
