package io.mjserverless.core.config;

import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the product, read from the environment in this one place. The template sets these
 * for each function; the local runtime sets them from the template too. A bad value fails at start
 * with a message naming the variable.
 */
public record Config(
    String tasksTable,
    String keysTable,
    String idempotencyTable,
    String imagesBucket,
    String stateMachineArn,
    Mode defaultMode,
    Optional<String> adminApiKey,
    Optional<String> adminApiKeyParameter,
    Optional<String> bannedWordsFile,
    long maxImageBytes,
    long maxBodyBytes,
    Optional<String> publicImageBaseUrl,
    Duration presignTtl,
    OutboundAddressPolicy outboundAddressPolicy,
    Optional<URI> awsEndpoint,
    Map<String, URI> serviceEndpoints,
    String region,
    String discordInstanceId,
    Map<Mode, Duration> deadlines,
    Map<Mode, String> engines,
    Map<Mode, ProviderSettings> providers,
    int pollMinSeconds,
    int pollMaxSeconds,
    double simulatorTimeScale,
    Duration callbackTimeout,
    Duration progressCallbackTimeout,
    Optional<String> providerHookBaseUrl,
    Map<Mode, OpenAiSettings> openAiProviders,
    // ---- Discord accounts (pool, token key): see AccountsSettings ----
    AccountsSettings accounts,
    // ---- discord engine (issue 12, branch discord-engine) ----
    DiscordSettings discord) {

  /** API Gateway refuses bodies over 10 MB; we say so ourselves where a request gets past it (local runs). */
  public static final long API_GATEWAY_BODY_LIMIT = 10L * 1024 * 1024;

  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    Reader r = new Reader(env);
    return new Config(
        r.required("TASKS_TABLE"),
        r.required("KEYS_TABLE"),
        r.required("IDEMPOTENCY_TABLE"),
        r.required("IMAGES_BUCKET"),
        r.optional("STATE_MACHINE_ARN").orElse(""),
        r.mode("DEFAULT_MODE", Mode.FAST),
        r.optional("ADMIN_API_KEY"),
        r.optional("ADMIN_API_KEY_PARAMETER"),
        r.optional("BANNED_WORDS_FILE"),
        r.positiveLong("MAX_IMAGE_BYTES", 8L * 1024 * 1024),
        r.positiveLong("MAX_BODY_BYTES", API_GATEWAY_BODY_LIMIT),
        r.optional("PUBLIC_IMAGE_BASE_URL"),
        Duration.ofSeconds(r.positiveLong("PRESIGN_TTL_SECONDS", 7L * 24 * 3600)),
        r.outboundAddressPolicy(),
        r.optional("AWS_ENDPOINT_URL").map(URI::create),
        r.serviceEndpoints(),
        r.optional("AWS_REGION").orElse("us-east-1"),
        r.optional("DISCORD_INSTANCE_ID").orElse("mj-serverless"),
        Map.of(Mode.TURBO, Duration.ofMinutes(r.positiveLong("TURBO_DEADLINE_MINUTES", 10)),
            Mode.FAST, Duration.ofMinutes(r.positiveLong("FAST_DEADLINE_MINUTES", 15)),
            Mode.RELAX, Duration.ofMinutes(r.positiveLong("RELAX_DEADLINE_MINUTES", 60))),
        Map.of(Mode.TURBO, r.engine("TURBO_ENGINE"), Mode.FAST, r.engine("FAST_ENGINE"), Mode.RELAX, r.engine("RELAX_ENGINE")),
        r.providers(),
        (int) r.positiveLong("POLL_MIN_SECONDS", 2),
        (int) r.positiveLong("POLL_MAX_SECONDS", 30),
        r.positiveDouble("SIMULATOR_TIME_SCALE", 1.0),
        Duration.ofSeconds(r.positiveLong("CALLBACK_TIMEOUT_SECONDS", 5)),
        Duration.ofSeconds(r.positiveLong("PROGRESS_CALLBACK_TIMEOUT_SECONDS", 2)),
        // Our API's public base URL, for the notifyHook given to mjproxy providers; unset = providers are polled only.
        r.optional("PROVIDER_HOOK_BASE_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
        r.openAiProviders(),
        // ---- Discord accounts (pool, token key) ----
        AccountsSettings.from(env),
        // ---- discord engine (issue 12, branch discord-engine) ----
        DiscordSettings.read(env));
  }

  /** Engines the product knows; a mode's engine is chosen by {@code <MODE>_ENGINE}. */
  public static final java.util.Set<String> ENGINES = java.util.Set.of("simulator", "mjproxy", "openai", "discord");

  public Duration deadline(Mode mode) {
    return deadlines.get(mode);
  }

  /** The provider settings of a mode whose engine is {@code mjproxy}. */
  public Optional<ProviderSettings> provider(Mode mode) {
    return Optional.ofNullable(providers.get(mode));
  }

  /** The OpenAI-compatible provider settings of a mode whose engine is {@code openai}. */
  public Optional<OpenAiSettings> openAi(Mode mode) {
    return Optional.ofNullable(openAiProviders.get(mode));
  }

  /** Reads and checks variables, naming the variable in every complaint. */
  private record Reader(Map<String, String> env) {
    Optional<String> optional(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String required(String name) {
      return optional(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is required"));
    }

    long positiveLong(String name, long fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        long n = Long.parseLong(v.get());
        if (n <= 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalStateException("environment variable " + name + " must be a positive integer, got " + v.get());
      }
    }

    boolean bool(String name, boolean fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      return switch (v.get().toLowerCase()) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new IllegalStateException("environment variable " + name + " must be true or false, got " + v.get());
      };
    }

    /**
     * {@code OUTBOUND_ADDRESS_POLICY}: which addresses callbacks and image links may reach. The former
     * {@code ALLOW_PRIVATE_HOOKS} opened every private range; it is refused by name so that a stale
     * setting cannot pass unnoticed.
     */
    OutboundAddressPolicy outboundAddressPolicy() {
      if (optional("ALLOW_PRIVATE_HOOKS").isPresent()) {
        throw new IllegalStateException("environment variable ALLOW_PRIVATE_HOOKS is no longer read; set OUTBOUND_ADDRESS_POLICY="
            + OutboundAddressPolicy.PUBLIC_AND_LOOPBACK.setting() + " to allow loopback (private ranges are never allowed)");
      }
      return optional("OUTBOUND_ADDRESS_POLICY").map(v -> OutboundAddressPolicy.fromSetting(v).orElseThrow(() ->
          new IllegalStateException("environment variable OUTBOUND_ADDRESS_POLICY must be "
              + OutboundAddressPolicy.PUBLIC_ONLY.setting() + " or " + OutboundAddressPolicy.PUBLIC_AND_LOOPBACK.setting() + ", got " + v)))
          .orElse(OutboundAddressPolicy.PUBLIC_ONLY);
    }

    /** {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _S3}, {@code _SFN}, {@code _SSM}: per-service endpoints (local runs). */
    Map<String, URI> serviceEndpoints() {
      Map<String, URI> out = new java.util.HashMap<>();
      for (String service : java.util.List.of("dynamodb", "s3", "sfn", "ssm")) {
        optional("AWS_ENDPOINT_URL_" + service.toUpperCase()).ifPresent(v -> out.put(service, URI.create(v)));
      }
      return Map.copyOf(out);
    }

    String engine(String name) {
      String v = optional(name).orElse("simulator").toLowerCase();
      if (!ENGINES.contains(v)) {
        throw new IllegalStateException("environment variable " + name + " must name an engine " + ENGINES + ", got " + v);
      }
      return v;
    }

    /** {@code <MODE>_MJPROXY_*} for every mode whose engine is mjproxy; other modes need none of them. */
    Map<Mode, ProviderSettings> providers() {
      Map<Mode, ProviderSettings> out = new java.util.EnumMap<>(Mode.class);
      for (Mode mode : Mode.values()) {
        if (engine(mode.name() + "_ENGINE").equals("mjproxy")) {
          out.put(mode, provider(mode));
        }
      }
      return Map.copyOf(out);
    }

    /** {@code <MODE>_OPENAI_*} for every mode whose engine is openai. */
    Map<Mode, OpenAiSettings> openAiProviders() {
      Map<Mode, OpenAiSettings> out = new java.util.EnumMap<>(Mode.class);
      for (Mode mode : Mode.values()) {
        if (engine(mode.name() + "_ENGINE").equals("openai")) {
          out.put(mode, OpenAiSettings.read(mode, env));
        }
      }
      return Map.copyOf(out);
    }

    private ProviderSettings provider(Mode mode) {
      String urlName = ProviderSettings.variable(mode, "URL");
      String url = optional(urlName).orElseThrow(() -> new IllegalStateException("environment variable " + urlName
          + " is required when " + mode + "_ENGINE is mjproxy (the provider's base URL, e.g. https://api.example.com)"));
      URI uri = BaseUrls.parse(urlName, url);
      Optional<String> key = optional(ProviderSettings.variable(mode, "KEY"));
      Optional<String> keyParameter = optional(ProviderSettings.variable(mode, "KEY_PARAMETER"));
      if (key.isPresent() && keyParameter.isPresent()) {
        throw new IllegalStateException("set only one of " + ProviderSettings.variable(mode, "KEY") + " and "
            + ProviderSettings.variable(mode, "KEY_PARAMETER"));
      }
      String authName = ProviderSettings.variable(mode, "AUTH");
      ProviderSettings.Auth auth = optional(authName).map(v -> ProviderSettings.Auth.fromSetting(v).orElseThrow(() ->
          new IllegalStateException("environment variable " + authName + " must be mj-api-secret or bearer, got " + v)))
          .orElse(ProviderSettings.Auth.MJ_API_SECRET);
      long concurrency = positiveLong(ProviderSettings.variable(mode, "CONCURRENCY"), ProviderSettings.DEFAULT_CONCURRENCY);
      long timeout = positiveLong(ProviderSettings.variable(mode, "TIMEOUT_SECONDS"), ProviderSettings.DEFAULT_TIMEOUT_SECONDS);
      if (concurrency > 1000) {
        throw new IllegalStateException("environment variable " + ProviderSettings.variable(mode, "CONCURRENCY")
            + " must be at most 1000, got " + concurrency);
      }
      if (timeout > 600) {
        throw new IllegalStateException("environment variable " + ProviderSettings.variable(mode, "TIMEOUT_SECONDS")
            + " must be at most 600, got " + timeout);
      }
      return new ProviderSettings(mode, uri, key, keyParameter, auth, bool(ProviderSettings.variable(mode, "MODE_PREFIX"), false),
          (int) concurrency, Duration.ofSeconds(timeout));
    }

    double positiveDouble(String name, double fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        double d = Double.parseDouble(v.get());
        if (!(d > 0) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalStateException("environment variable " + name + " must be a positive number, got " + v.get());
      }
    }

    Mode mode(String name, Mode fallback) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) {
        return fallback;
      }
      return Mode.fromName(v.get()).orElseThrow(() ->
          new IllegalStateException("environment variable " + name + " must be RELAX, FAST or TURBO, got " + v.get()));
    }
  }
}
