package io.mjserverless.local.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run the stack locally.
 *
 * @param timeScale multiplies every wait: the simulator's job durations, the state machine's Waits and
 *     retry intervals (1 = real time; the demo uses 0.1)
 * @param parameters template parameter overrides by name ({@code --param Name=Value}), applied over the
 *     template's defaults and over what {@code apiKey} and {@code timeScale} set ({@code AdminApiKey},
 *     {@code SimulatorTimeScale}); an unknown name or a value the template does not allow fails at start
 * @param extraEnvironment variables added to every function's environment, over the template's and the
 *     runtime's own (the provider keys {@code <MODE>_MJPROXY_KEY}, which never go through the template)
 */
public record RuntimeOptions(Path template, Path dataDir, String host, int port, double timeScale, String apiKey,
    Map<String, String> parameters, Map<String, String> extraEnvironment) {
  /** The admin key of a local stack unless --api-key says otherwise; the files in events/ use it. */
  public static final String DEFAULT_API_KEY = "mj-local-admin-key";

  /** The process environment variables that {@code serve}, {@code invoke} and {@code demo} hand to every function. */
  public static final List<String> PROVIDER_KEY_VARIABLES = List.of("RELAX_MJPROXY_KEY", "FAST_MJPROXY_KEY", "TURBO_MJPROXY_KEY",
      "RELAX_OPENAI_KEY", "FAST_OPENAI_KEY", "TURBO_OPENAI_KEY");

  public RuntimeOptions {
    if (!(timeScale >= 0)) {
      throw new IllegalArgumentException("--time-scale must be 0 or more, got " + timeScale);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    dataDir = dataDir.toAbsolutePath();
    template = template.toAbsolutePath();
    parameters = frozen(parameters);
    extraEnvironment = frozen(extraEnvironment);
  }

  /** Without parameter overrides or extra environment. */
  public RuntimeOptions(Path template, Path dataDir, String host, int port, double timeScale, String apiKey) {
    this(template, dataDir, host, port, timeScale, apiKey, Map.of(), Map.of());
  }

  /** These options with {@code parameters} as the template parameter overrides (replacing any given before). */
  public RuntimeOptions withParameters(Map<String, String> parameters) {
    return new RuntimeOptions(template, dataDir, host, port, timeScale, apiKey, parameters, extraEnvironment);
  }

  /** These options with {@code extraEnvironment} added to every function's environment (replacing any given before). */
  public RuntimeOptions withExtraEnvironment(Map<String, String> extraEnvironment) {
    return new RuntimeOptions(template, dataDir, host, port, timeScale, apiKey, parameters, extraEnvironment);
  }

  /** The provider keys ({@link #PROVIDER_KEY_VARIABLES}) that are set and not blank in {@code environment}. */
  public static Map<String, String> providerKeys(Map<String, String> environment) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String name : PROVIDER_KEY_VARIABLES) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        keys.put(name, value);
      }
    }
    return keys;
  }

  private static Map<String, String> frozen(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException("null name or value in " + map.keySet());
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }

  /** Keeps keys out of logs and exception messages: the extra environment shows its names only. */
  @Override
  public String toString() {
    return "RuntimeOptions[template=" + template + ", dataDir=" + dataDir + ", host=" + host + ", port=" + port
        + ", timeScale=" + timeScale + ", parameters=" + parameters + ", extraEnvironment=" + extraEnvironment.keySet() + "]";
  }
}
