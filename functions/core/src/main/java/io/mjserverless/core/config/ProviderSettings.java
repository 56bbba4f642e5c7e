package io.mjserverless.core.config;

import io.mjserverless.core.task.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach the upstream provider of one speed mode ({@code <MODE>_ENGINE=mjproxy}): its base URL,
 * its key (plain, for local runs, or the name of an SSM SecureString / Secrets Manager secret), how the
 * key is sent, whether paths carry the {@code /mj-<mode>} prefix, how many jobs it may run at once and
 * how long one request may take.
 */
public record ProviderSettings(
    Mode mode,
    URI baseUrl,
    Optional<String> key,
    Optional<String> keyParameter,
    Auth auth,
    boolean modePrefix,
    int concurrency,
    Duration timeout) {

  /** How the provider wants its key: the original proxy's header, or a bearer token (resellers). */
  public enum Auth {
    MJ_API_SECRET("mj-api-secret"), BEARER("bearer");

    private final String setting;

    Auth(String setting) {
      this.setting = setting;
    }

    public String setting() {
      return setting;
    }

    static Optional<Auth> fromSetting(String value) {
      for (Auth a : values()) {
        if (a.setting.equalsIgnoreCase(value.trim())) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }

  public static final int DEFAULT_CONCURRENCY = 3;
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  /** The variable name of a setting of this mode, e.g. {@code FAST_MJPROXY_URL}. */
  public static String variable(Mode mode, String suffix) {
    return mode.name() + "_MJPROXY_" + suffix;
  }

  /** The path prefix this provider wants for the mode, "" when it routes by its own configuration. */
  public String pathPrefix() {
    return modePrefix ? "/mj-" + mode.name().toLowerCase(Locale.ROOT) : "";
  }

  /** Identifies the provider account: two modes with equal identities share jobs (a child may go to either). */
  public String identity() {
    return baseUrl.toString().replaceAll("/+$", "") + "|" + key.orElse("") + "|" + keyParameter.orElse("");
  }
}
