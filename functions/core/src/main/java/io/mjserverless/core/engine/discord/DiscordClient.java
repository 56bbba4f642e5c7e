package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.engine.discord.DiscordCallException.Problem;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.notify.CheckedTarget;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Discord's REST API as one account uses it (reference discord-protocol.md §1): interactions, the channel's
 * messages, who the token belongs to, the command index, attachment uploads and the ❌ reaction. Every call
 * has a deadline; redirects are never followed (the token would go with them); the token goes only into the
 * Authorization header, never into a message or the log. Answers are sorted into {@link DiscordCallException}s.
 */
public final class DiscordClient {
  /** How much of an unexpected answer an error message quotes. */
  static final int QUOTE_CHARS = 200;
  /** Discord's code for an invalid form body; with a command version it means the version is stale. */
  static final int INVALID_FORM_BODY = 50035;
  /** The longest wait a 429 may ask for that we honour as given (a day); longer asks are cut to it. */
  static final double MAX_RETRY_AFTER_SECONDS = 86_400;

  private final DiscordSettings settings;
  private final DiscordAccount account;
  private final HttpClient http;
  private final HookAddressGuard guard;
  private final PinnedHttpClient uploads;

  /**
   * @param guard checks the upload URLs Discord hands out against the outbound address policy
   * @param uploads sends the upload to the address the guard checked (no second lookup)
   */
  public DiscordClient(DiscordSettings settings, DiscordAccount account, HttpClient http, HookAddressGuard guard,
      PinnedHttpClient uploads) {
    this.settings = settings;
    this.account = account;
    this.http = http;
    this.guard = guard;
    this.uploads = uploads;
  }

  /** The one HTTP client every account of a container shares: HTTP/1.1, no redirects, a connect deadline. */
  public static HttpClient httpClient(DiscordSettings settings) {
    Duration connect = settings.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? settings.timeout() : Duration.ofSeconds(5);
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public DiscordAccount account() {
    return account;
  }

  /**
   * {@code POST /interactions}; Discord answers 204 and nothing else (no id), so there is nothing to return.
   * A request sent but not answered within {@code deadline} ends in {@link Problem#UNANSWERED}: Discord may
   * have taken it, so it must not be sent again.
   */
  public void interact(ObjectNode payload, Duration deadline) {
    call("POST", "/interactions", Json.write(payload), deadline);
  }

  /** {@code GET /channels/{c}/messages?limit=n}, newest first. */
  public JsonNode messages(String channelId, int limit) {
    return json(call("GET", "/channels/" + enc(channelId) + "/messages?limit=" + limit, null), "the channel's messages");
  }

  /** One message by id through {@code around=} (user tokens cannot GET a message directly); empty when it is gone. */
  public Optional<JsonNode> message(String channelId, String messageId) {
    JsonNode list = json(call("GET", "/channels/" + enc(channelId) + "/messages?around=" + enc(messageId) + "&limit=1", null),
        "a message");
    for (JsonNode m : list) {
      if (messageId.equals(m.path("id").asText())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** {@code GET /users/@me}: the account's user (its id is what Midjourney mentions). */
  public JsonNode me() {
    return json(call("GET", "/users/@me", null), "the account's user");
  }

  /** {@code GET /channels/{c}/application-command-index}: the commands (ids, versions) usable in that channel. */
  public JsonNode commandIndex(String channelId) {
    return json(call("GET", "/channels/" + enc(channelId) + "/application-command-index", null), "the command index");
  }

  /**
   * Uploads one file for an interaction (§1.8): asks for an upload URL, PUTs the bytes there (a signed URL:
   * no Discord credentials go with it), and returns the {@code upload_filename} the interaction names.
   */
  public String upload(String channelId, String filename, byte[] bytes, String contentType) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode file = body.putArray("files").addObject();
    file.put("filename", filename).put("file_size", bytes.length).put("id", "0");
    JsonNode answer = json(call("POST", "/channels/" + enc(channelId) + "/attachments", Json.write(body)), "an upload slot");
    JsonNode slot = answer.path("attachments").path(0);
    String uploadUrl = slot.path("upload_url").asText("");
    String uploaded = slot.path("upload_filename").asText("");
    if (uploadUrl.isEmpty() || uploaded.isEmpty()) {
      throw new DiscordCallException(Problem.REFUSED, 200, "Discord gave no upload URL for " + filename, 0);
    }
    CheckedTarget target;
    try {
      target = guard.target("upload_url", uploadUrl);
    } catch (ValidationException e) {
      throw new DiscordCallException(Problem.REFUSED, 200, "Discord gave an upload URL we may not reach: " + e.getMessage(), 0);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("User-Agent", userAgent());
    // A signed storage URL: no Discord credentials go with the bytes.
    try (PinnedHttpClient.Response response = uploads.send(target, "PUT", headers, bytes, settings.timeout())) {
      if (response.status() / 100 != 2) {
        String refusal = new String(response.body().readNBytes(QUOTE_CHARS), StandardCharsets.UTF_8);
        throw sorted(response.status(), response.header("retry-after"), refusal, "the upload of " + filename);
      }
    } catch (IOException e) {
      throw new DiscordCallException(Problem.UNAVAILABLE, 0, "the upload of " + filename + " to Discord failed", 0);
    }
    return uploaded;
  }

  /**
   * Reacts with ❌ to a message: Midjourney stops a running job (or removes a finished one) of the reacting
   * user. Best effort: the caller ignores failures.
   */
  public void react(String channelId, String messageId, String emoji) {
    call("PUT", "/channels/" + enc(channelId) + "/messages/" + enc(messageId) + "/reactions/" + enc(emoji) + "/@me", null);
  }

  private String call(String method, String route, String json) {
    return call(method, route, json, settings.timeout());
  }

  private String call(String method, String route, String json, Duration deadline) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.apiRoot() + route))
        .timeout(deadline)
        // The raw user token: no "Bot" or "Bearer" prefix (§1.1).
        .header("Authorization", account.token())
        .header("User-Agent", userAgent())
        .header("Accept", "application/json");
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else if (method.equals("PUT")) {
      b.PUT(HttpRequest.BodyPublishers.noBody());
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String what = method + " " + route.replaceAll("\\?.*$", "");
    HttpResponse<String> response = exchange(b.build(), what, deadline);
    int status = response.statusCode();
    if (status / 100 == 2) {
      return body(response);
    }
    throw sorted(status, response.headers().firstValue("retry-after"), body(response), what);
  }

  /** Sorts a refusal; package-visible for tests of the sorting alone. */
  static DiscordCallException sorted(int status, Optional<String> retryAfterHeader, String body, String what) {
    Optional<JsonNode> json = parse(body);
    if (status == 429) {
      // The body's retry_after has the fractions of a second; the header is rounded.
      long millis = json.map(j -> j.path("retry_after")).filter(JsonNode::isNumber).flatMap(j -> bounded(j.asDouble()))
          .or(() -> retryAfterHeader.flatMap(DiscordClient::seconds))
          .map(s -> (long) Math.ceil(s * 1000)).orElse(5000L);
      return new DiscordCallException(Problem.RATE_LIMITED, status, "Discord asked to slow down (HTTP 429 to " + what
          + ", retry after " + Math.max(1, (millis + 999) / 1000) + " s)", millis);
    }
    if (status == 401) {
      return new DiscordCallException(Problem.UNAUTHORIZED, status, "Discord refused the account's token (HTTP 401): "
          + "it was reset or the account logged out; set a new token, then enable the account", 0);
    }
    if (json.isPresent() && (json.get().has("captcha_key") || json.get().has("captcha_sitekey"))) {
      return new DiscordCallException(Problem.CAPTCHA, status,
          "Discord asks for a CAPTCHA; solve it in the Discord client, then enable the account", 0);
    }
    if (status == 400 && json.isPresent() && json.get().path("code").asInt() == INVALID_FORM_BODY && staleVersion(json.get())) {
      return new DiscordCallException(Problem.STALE_COMMAND, status, "Discord says the command version is outdated (50035)", 0);
    }
    if (status >= 500) {
      return new DiscordCallException(Problem.UNAVAILABLE, status, "Discord answered HTTP " + status + " to " + what, 0);
    }
    String message = json.map(j -> j.path("message").asText("")).filter(m -> !m.isBlank()).orElse(quote(body));
    if (status / 100 == 3) {
      return new DiscordCallException(Problem.REFUSED, status, "Discord redirected " + what + " (HTTP " + status
          + "); check DISCORD_API_URL", 0);
    }
    return new DiscordCallException(Problem.REFUSED, status, "Discord refused " + what + " (HTTP " + status + ": " + message
        + ")", 0);
  }

  /** 50035 is any invalid form; only a version complaint is fixed by a fresh command index. */
  private static boolean staleVersion(JsonNode json) {
    String all = json.toString().toLowerCase(Locale.ROOT);
    return all.contains("version") || all.contains("outdated");
  }

  private HttpResponse<String> exchange(HttpRequest request, String what, Duration deadline) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new DiscordCallException(Problem.UNAVAILABLE, 0, "Discord could not be reached for " + what + " (no connection"
          + " within the deadline)", 0);
    } catch (HttpTimeoutException e) {
      throw new DiscordCallException(Problem.UNANSWERED, 0, "Discord did not answer " + what + " within "
          + deadline.toMillis() + " ms", 0);
    } catch (IOException e) {
      throw new DiscordCallException(Problem.UNAVAILABLE, 0, "Discord could not be reached for " + what, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscordCallException(Problem.UNAVAILABLE, 0, "interrupted while calling Discord", 0);
    }
  }

  private JsonNode json(String body, String what) {
    return parse(body).orElseThrow(() -> new DiscordCallException(Problem.UNAVAILABLE, 200,
        "Discord's answer for " + what + " could not be read: " + quote(body), 0));
  }

  private String userAgent() {
    String ua = account.userAgent();
    return ua == null || ua.isBlank() ? Account.DEFAULT_USER_AGENT : ua;
  }

  private static String body(HttpResponse<String> response) {
    return response.body() == null ? "" : response.body();
  }

  private static Optional<Double> seconds(String value) {
    try {
      return bounded(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A wait Discord asked for, in seconds, cut to a day (no overflow further on); nothing for nonsense. */
  private static Optional<Double> bounded(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return Optional.empty();
    }
    return Optional.of(Math.min(seconds, MAX_RETRY_AFTER_SECONDS));
  }

  private static Optional<JsonNode> parse(String body) {
    String b = body == null ? "" : body.strip();
    if (!b.startsWith("{") && !b.startsWith("[")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readTree(b));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String quote(String text) {
    String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty()) {
      return "an empty body";
    }
    return "'" + (oneLine.length() > QUOTE_CHARS ? oneLine.substring(0, QUOTE_CHARS) + "..." : oneLine) + "'";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
