package io.mjserverless.core.engine.discord.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.notify.CheckedTarget;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks Discord who a token belongs to ({@code GET /users/@me}), the cheapest call that proves a token
 * works. The address goes through the project's outbound policy (the guard resolves and checks it, the
 * pinned client connects only to what was checked), so a misconfigured base URL cannot reach a private
 * address. The token travels only in the Authorization header and never appears in a result.
 */
public final class DiscordTokenCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_BODY = 64 * 1024;

  /** What Discord said: {@code works}, and who the token is, or why not ({@code message}). */
  public record Result(boolean works, boolean refused, int status, String userId, String username, String message) {}

  private final URI apiBase;
  private final HookAddressGuard guard;
  private final PinnedHttpClient http;

  public DiscordTokenCheck(URI apiBase, HookAddressGuard guard, PinnedHttpClient http) {
    this.apiBase = apiBase;
    this.guard = guard;
    this.http = http;
  }

  public Result check(String token, String userAgent) {
    String base = apiBase.toString().endsWith("/") ? apiBase.toString() : apiBase + "/";
    CheckedTarget target;
    try {
      target = guard.target("DISCORD_API_URL", base + "users/@me");
    } catch (RuntimeException refused) {
      return new Result(false, false, 0, null, null, "Discord's API address is not allowed here: " + refused.getMessage());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", token);
    headers.put("User-Agent", userAgent == null ? Account.DEFAULT_USER_AGENT : userAgent);
    headers.put("Accept", "application/json");
    try (PinnedHttpClient.Response response = http.send(target, "GET", headers, null, TIMEOUT)) {
      int status = response.status();
      if (status == 200) {
        JsonNode me = Json.MAPPER.readTree(read(response.body()));
        String id = me.path("id").asText(null);
        String name = me.hasNonNull("global_name") ? me.get("global_name").asText() : me.path("username").asText(null);
        return new Result(id != null, false, status, id, me.path("username").asText(null),
            id != null ? "the token works: it is Discord user " + name + " (" + id + ")" : "Discord answered without a user id");
      }
      return switch (status) {
        case 401 -> new Result(false, true, status, null, null, "Discord refused the token (401 Unauthorized)");
        case 403 -> new Result(false, false, status, null, null, "Discord refused access (403 Forbidden)");
        case 429 -> new Result(false, false, status, null, null, "Discord is rate limiting this token (429); try again in "
            + response.header("Retry-After").orElse("a few") + " seconds");
        default -> new Result(false, false, status, null, null, "Discord answered HTTP " + status);
      };
    } catch (IOException e) {
      String why = e instanceof java.net.SocketTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s" : "connection failed";
      return new Result(false, false, 0, null, null, "Discord could not be reached: " + why);
    }
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new IOException("answer larger than " + MAX_BODY + " bytes");
    }
    return body;
  }
}
