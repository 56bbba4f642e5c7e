package io.mjserverless.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the discord engine talks to Discord ({@code <MODE>_ENGINE=discord}); the accounts themselves live in
 * their table. One set for every mode: the accounts say which modes they serve.
 *
 * @param apiUrl Discord's REST root ({@code DISCORD_API_URL}, default {@code https://discord.com/api/v9}), read
 *     here only: the engine and the admin check of a token use it. The operator configures it, like the
 *     mjproxy engine's provider URL, so it is not held to the outbound address policy (which is for
 *     addresses that clients or Discord hand us: attachment links, upload URLs); tests point it at a fake on 127.0.0.1
 * @param timeout the deadline of every call to Discord ({@code DISCORD_TIMEOUT_SECONDS})
 * @param submitGap least time between two submits on one account, held across containers
 *     ({@code DISCORD_SUBMIT_GAP_MILLIS}); it also bounds how long a submit waits for Discord's answer, so
 *     the time windows that tie describe, blend and shorten answers to their submits never meet
 * @param pollSeconds how often a running job looks at its channel ({@code DISCORD_POLL_SECONDS})
 * @param startTimeout how long a job may show no message at all before it fails
 *     ({@code DISCORD_START_TIMEOUT_SECONDS}): Midjourney's own refusals are ephemeral, so silence is all we see
 * @param snapshotTtl how long one read of a channel serves every task of that channel in this container
 *     ({@code DISCORD_SNAPSHOT_MILLIS})
 */
public record DiscordSettings(URI apiUrl, Duration timeout, Duration submitGap, int pollSeconds, Duration startTimeout,
    Duration snapshotTtl) {

  public static final String DEFAULT_API_URL = "https://discord.com/api/v9";

  /** The root without a trailing slash. */
  public String apiRoot() {
    return apiUrl.toString().replaceAll("/+$", "");
  }

  static DiscordSettings read(Map<String, String> env) {
    URI url = BaseUrls.parse("DISCORD_API_URL", value(env, "DISCORD_API_URL").orElse(DEFAULT_API_URL));
    return new DiscordSettings(url,
        Duration.ofSeconds(bounded(env, "DISCORD_TIMEOUT_SECONDS", 15, 1, 60)),
        Duration.ofMillis(bounded(env, "DISCORD_SUBMIT_GAP_MILLIS", 3000, 1, 60_000)),
        (int) bounded(env, "DISCORD_POLL_SECONDS", 5, 1, 120),
        Duration.ofSeconds(bounded(env, "DISCORD_START_TIMEOUT_SECONDS", 180, 1, 3600)),
        Duration.ofMillis(bounded(env, "DISCORD_SNAPSHOT_MILLIS", 2000, 0, 60_000)));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static long bounded(Map<String, String> env, String name, long fallback, long min, long max) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.get());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("environment variable " + name + " must be an integer from " + min + " to " + max
          + ", got " + v.get());
    }
  }
}
