package io.mjserverless.core.engine;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.notify.HookAddressGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches an image a client gave as a link (describe's {@code link}, swap's URLs). The same address
 * guard as callbacks keeps the fetch off our own network; redirects are not followed and the size is
 * capped, so a link cannot make us read anything large or internal.
 */
public final class RemoteImages {
  public static final long MAX_BYTES = 20L * 1024 * 1024;
  private final HookAddressGuard guard;
  private final HttpClient http;

  public RemoteImages(boolean allowPrivate) {
    this.guard = new HookAddressGuard(allowPrivate);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public byte[] fetch(String url) {
    URI uri;
    try {
      uri = guard.check("link", url);
    } catch (ValidationException e) {
      throw new IllegalArgumentException("the image link cannot be fetched: " + e.getMessage());
    }
    try {
      HttpResponse<InputStream> response = http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() / 100 != 2) {
          throw new IllegalArgumentException("the image link answered HTTP " + response.statusCode());
        }
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new IllegalArgumentException("the image behind the link is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the image link cannot be fetched: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching an image", e);
    }
  }
}
