package io.mjserverless.core.engine.discord.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.discord.DiscordAccount;
import io.mjserverless.core.engine.discord.DiscordCallException;
import io.mjserverless.core.engine.discord.DiscordClient;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Asks Discord who a token belongs to ({@code GET /users/@me}), the cheapest call that proves a token
 * works, through the engine's own {@link DiscordClient}: the same API root ({@code DISCORD_API_URL}, which
 * the operator configures, as the mjproxy engine's provider URL), the same deadline
 * ({@code DISCORD_TIMEOUT_SECONDS}), headers and sorting of Discord's answers (401, CAPTCHA, 429). The
 * token travels only in the Authorization header and never appears in a result.
 */
public final class DiscordTokenCheck {

  /** What Discord said: {@code works}, and who the token is, or why not ({@code message}). */
  public record Result(boolean works, boolean refused, int status, String userId, String username, String message) {}

  private final DiscordSettings settings;
  private final HookAddressGuard guard;
  private PinnedHttpClient uploads;
  // Both clients are built at the first check: every API function holds this service, only the admin's
  // check uses it, and a client initialises TLS (over 1,000 classes) at a cold start that never needs it.
  private HttpClient http;

  /** @param policy checks the upload URLs Discord hands out (unused by the check, but the client needs it) */
  public DiscordTokenCheck(DiscordSettings settings, OutboundAddressPolicy policy) {
    this.settings = settings;
    this.guard = new HookAddressGuard(policy);
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = DiscordClient.httpClient(settings);
    }
    return http;
  }

  private synchronized PinnedHttpClient uploads() {
    if (uploads == null) {
      uploads = new PinnedHttpClient(Duration.ofSeconds(5));
    }
    return uploads;
  }

  public Result check(String token, String userAgent) {
    DiscordAccount probe = new DiscordAccount("token-check", null, null, null, userAgent, token);
    try {
      JsonNode me = new DiscordClient(settings, probe, http(), guard, uploads()).me();
      String id = me.path("id").asText(null);
      String name = me.hasNonNull("global_name") ? me.get("global_name").asText() : me.path("username").asText(null);
      return new Result(id != null, false, 200, id, me.path("username").asText(null),
          id != null ? "the token works: it is Discord user " + name + " (" + id + ")" : "Discord answered without a user id");
    } catch (DiscordCallException e) {
      return switch (e.problem()) {
        case UNAUTHORIZED -> new Result(false, true, e.status(), null, null, "Discord refused the token (401 Unauthorized)");
        case CAPTCHA -> new Result(false, false, e.status(), null, null, e.getMessage());
        case RATE_LIMITED -> new Result(false, false, e.status(), null, null, "Discord is rate limiting this token (429); try"
            + " again in " + Math.max(1, (e.retryAfterMillis() + 999) / 1000) + " seconds");
        case UNAVAILABLE, UNANSWERED -> new Result(false, false, e.status(), null, null, e.getMessage());
        default -> new Result(false, false, e.status(), null, null, e.status() == 403
            ? "Discord refused access (403 Forbidden)" : e.getMessage());
      };
    }
  }
}
