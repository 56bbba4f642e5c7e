package io.mjserverless.core.engine.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.ProviderSettings;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP to one provider that speaks the midjourney-proxy API. Every answer is sorted into one of three:
 * a readable answer, "not now" ({@link EngineBusyException}: 5xx, 429, timeouts, dropped connections)
 * or "never" ({@link JobRejectedException}: a refused key, an answer nobody can read, quoted).
 */
public final class ProviderClient {
  /** How much of an unreadable answer a failReason quotes. */
  static final int QUOTE_CHARS = 300;
  /** Seconds to wait after a 5xx or timeout before asking again (the workflow doubles it per attempt). */
  static final int RETRY_SECONDS = 5;

  /** image-seed is asked while a client waits on an API Lambda (29 s): never longer than this. */
  static final Duration SEED_TIMEOUT = Duration.ofSeconds(20);

  private final ProviderSettings settings;
  private final ProviderKey key;
  private final HttpClient api;
  private final HttpClient images;
  private final String base;

  public ProviderClient(ProviderSettings settings, Optional<String> key) {
    this(settings, ProviderKey.fixed(key));
  }

  public ProviderClient(ProviderSettings settings, ProviderKey key) {
    this.settings = settings;
    this.key = key;
    Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10);
    // API calls carry the key: never follow a redirect, which would hand the key to another host.
    this.api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    // Image links carry no key; CDNs redirect.
    this.images = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.base = settings.baseUrl().toString().replaceAll("/+$", "") + settings.pathPrefix();
  }

  /** POSTs a submit body to {@code route} (e.g. {@code /mj/submit/imagine}) and reads the envelope. */
  public ProviderAnswer submit(String route, JsonNode body) {
    String json = Json.write(body);
    Reply reply = send(() -> api(route).POST(HttpRequest.BodyPublishers.ofString(json)).build(), route, true);
    return envelope(reply, route);
  }

  /** The provider's task; empty when it does not know the id (the proxies answer 200 with no body, 204 or 404). */
  public Optional<ProviderTask> fetch(String providerId) {
    String route = "/mj/task/" + encode(providerId) + "/fetch";
    Reply reply = send(() -> api(route).GET().build(), route, false);
    if (reply.status() == 204 || reply.status() == 404 || reply.body().isBlank()) {
      return Optional.empty();
    }
    JsonNode json = parse(reply)
        .orElseThrow(() -> new EngineBusyException("the provider's task answer could not be read: " + quote(reply), RETRY_SECONDS));
    if (!json.isObject() || !json.has("status")) {
      // 400 {"code":4,"description":"task_no_found"} from reseller gateways means the same as no body.
      if (ProviderAnswer.of(json).map(a -> a.code() == ProviderAnswer.NOT_FOUND || a.code() == ProviderAnswer.VALIDATION)
          .orElse(false)) {
        return Optional.empty();
      }
      throw new EngineBusyException("the provider's task answer has no status: " + quote(reply), RETRY_SECONDS);
    }
    return Optional.of(ProviderTask.of(json));
  }

  /** {@code GET /mj/task/{id}/image-seed}. */
  public ProviderAnswer imageSeed(String providerId) {
    String route = "/mj/task/" + encode(providerId) + "/image-seed";
    Duration timeout = settings.timeout().compareTo(SEED_TIMEOUT) < 0 ? settings.timeout() : SEED_TIMEOUT;
    return envelope(send(() -> api(route).timeout(timeout).GET().build(), route, false), route);
  }

  /** {@code POST /mj/task/{id}/cancel}; the answer varies between proxies (empty 200, an envelope), so only transport errors count. */
  public void cancel(String providerId) {
    String route = "/mj/task/" + encode(providerId) + "/cancel";
    send(() -> api(route).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), route, false);
  }

  /**
   * Reads an image the provider links to (its CDN or Discord's), at most {@code maxBytes}.
   * @throws ImageGoneException when the link answers 4xx: it has expired or was never public
   */
  public Download download(String url, long maxBytes) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new JobRejectedException("the provider gave an image link that is not a URL: " + shorten(url));
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new JobRejectedException("the provider gave an image link that is not http(s): " + shorten(url));
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET().build();
    try {
      HttpResponse<InputStream> response = images.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
          throw new EngineBusyException("the provider's image answered HTTP " + status + " at " + shorten(url), RETRY_SECONDS);
        }
        if (status / 100 != 2) {
          String body = new String(in.readNBytes(QUOTE_CHARS), StandardCharsets.UTF_8).strip();
          throw new ImageGoneException("HTTP " + status + " from " + shorten(url) + (body.isEmpty() ? "" : ": " + body));
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          throw new JobRejectedException("the provider's image is larger than " + maxBytes + " bytes: " + shorten(url));
        }
        return new Download(bytes, response.headers().firstValue("content-type").orElse(""));
      }
    } catch (IOException e) {
      throw transportFailure(e, "image " + shorten(url));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException("interrupted while reading the provider's image", RETRY_SECONDS, e);
    }
  }

  /** An image's bytes and the content type the provider declared. */
  public record Download(byte[] bytes, String contentType) {}

  /** The provider's image link no longer answers (Discord and Midjourney CDN links expire). */
  public static final class ImageGoneException extends RuntimeException {
    public ImageGoneException(String message) {
      super(message);
    }
  }

  private HttpRequest.Builder api(String route) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + route))
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
    key.current().ifPresent(k -> {
      switch (settings.auth()) {
        case MJ_API_SECRET -> b.header("mj-api-secret", k);
        case BEARER -> b.header("Authorization", "Bearer " + k);
      }
    });
    return b;
  }

  private record Reply(int status, String body) {}

  /**
   * @param refusalIsFinal whether a refused key fails the task (a submit: nothing started, the setting
   *     is wrong) or is waited out (a job already running: a key rotation or a WAF's 403 must not lose it)
   */
  private Reply send(java.util.function.Supplier<HttpRequest> request, String route, boolean refusalIsFinal) {
    HttpResponse<String> response = exchange(request.get(), route);
    if ((response.statusCode() == 401 || response.statusCode() == 403) && key.reread()) {
      response = exchange(request.get(), route); // the key was rotated: once more with the new one
    }
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status >= 500 || status == 429) {
      throw new EngineBusyException("the provider answered HTTP " + status + " to " + route
          + (body.isBlank() ? "" : ": " + quote(body)), status == 429 ? 2 * RETRY_SECONDS : RETRY_SECONDS);
    }
    if (status == 401 || status == 403) {
      String refused = "the provider refused our key (HTTP " + status + " to " + route + "); check "
          + ProviderSettings.variable(settings.mode(), "KEY") + " / " + ProviderSettings.variable(settings.mode(), "KEY_PARAMETER")
          + " and " + ProviderSettings.variable(settings.mode(), "AUTH");
      if (refusalIsFinal) {
        throw new JobRejectedException(refused);
      }
      throw new EngineBusyException(refused, 2 * RETRY_SECONDS);
    }
    if (status / 100 == 3) {
      throw new JobRejectedException("the provider redirected " + route + " (HTTP " + status + " to "
          + response.headers().firstValue("location").map(ProviderClient::shorten).orElse("nowhere")
          + "); set " + ProviderSettings.variable(settings.mode(), "URL") + " to where it answers");
    }
    return new Reply(status, body);
  }

  private HttpResponse<String> exchange(HttpRequest request, String route) {
    try {
      return api.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw transportFailure(e, route);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException("interrupted while calling the provider", RETRY_SECONDS, e);
    }
  }

  private EngineBusyException transportFailure(IOException e, String what) {
    if (e instanceof HttpTimeoutException) {
      return new EngineBusyException("the provider did not answer " + what + " within " + settings.timeout().toSeconds()
          + " s", RETRY_SECONDS, e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new EngineBusyException("the provider could not be reached for " + what + ": " + message, RETRY_SECONDS, e);
  }

  private ProviderAnswer envelope(Reply reply, String route) {
    Optional<JsonNode> json = parse(reply);
    Optional<ProviderAnswer> answer = json.flatMap(ProviderAnswer::of);
    return answer.orElseThrow(() -> new JobRejectedException("the provider's answer to " + route + " could not be read (HTTP "
        + reply.status() + "): " + quote(reply)));
  }

  private static Optional<JsonNode> parse(Reply reply) {
    String body = reply.body().strip();
    if (!body.startsWith("{") && !body.startsWith("[")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readTree(body));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String quote(Reply reply) {
    return reply.body().isBlank() ? "an empty body" : quote(reply.body());
  }

  static String quote(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return "'" + (oneLine.length() > QUOTE_CHARS ? oneLine.substring(0, QUOTE_CHARS) + "..." : oneLine) + "'";
  }

  private static String shorten(String url) {
    // Presigned and CDN links carry long signatures that say nothing to a reader.
    int q = url.indexOf('?');
    String bare = q < 0 ? url : url.substring(0, q) + "?...";
    return bare.length() > 200 ? bare.substring(0, 200) + "..." : bare;
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
