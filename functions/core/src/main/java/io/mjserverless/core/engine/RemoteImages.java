package io.mjserverless.core.engine;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.notify.CheckedTarget;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Fetches an image a client gave as a link (describe's {@code link}, swap's URLs, image prompts). The
 * same address guard as callbacks keeps the fetch off our own network, and the connection goes to the
 * address the guard checked (no second DNS lookup to rebind); redirects are not followed and the size
 * is capped, so a link cannot make us read anything large or internal.
 */
public final class RemoteImages {
  public static final long MAX_BYTES = 20L * 1024 * 1024;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final HookAddressGuard guard;
  private final PinnedHttpClient http;

  public RemoteImages(OutboundAddressPolicy policy) {
    this(new HookAddressGuard(policy), new PinnedHttpClient(CONNECT_TIMEOUT));
  }

  /** For tests: a guard with a resolver seam and a client whose connections they can watch. */
  public RemoteImages(HookAddressGuard guard, PinnedHttpClient http) {
    this.guard = guard;
    this.http = http;
  }

  public byte[] fetch(String url) {
    CheckedTarget target;
    try {
      target = guard.target("link", url);
    } catch (ValidationException e) {
      throw new JobRejectedException("the image link cannot be fetched: " + e.getMessage());
    }
    try (PinnedHttpClient.Response response = http.send(target, "GET", Map.of("Accept", "image/*"), null, TIMEOUT)) {
      if (response.status() / 100 != 2) {
        throw new JobRejectedException("the image link answered HTTP " + response.status());
      }
      InputStream in = response.body();
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new JobRejectedException("the image behind the link is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new JobRejectedException("the image link cannot be fetched: " + plain(e), e);
    }
  }

  /** A reason a client can read: what went wrong, never a class name. */
  private static String plain(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timed out after " + TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof SSLException) {
      return "the TLS connection failed";
    }
    return e.getMessage() == null ? "the connection failed" : e.getMessage();
  }
}
