package io.mjserverless.local.runtime;

import java.nio.file.Path;

/**
 * How to run the stack locally.
 *
 * @param timeScale multiplies every wait: the simulator's job durations, the state machine's Waits and
 *     retry intervals (1 = real time; the demo uses 0.1)
 */
public record RuntimeOptions(Path template, Path dataDir, String host, int port, double timeScale, String apiKey) {
  /** The admin key of a local stack unless --api-key says otherwise; the files in events/ use it. */
  public static final String DEFAULT_API_KEY = "mj-local-admin-key";

  public RuntimeOptions {
    if (!(timeScale >= 0)) {
      throw new IllegalArgumentException("--time-scale must be 0 or more, got " + timeScale);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    dataDir = dataDir.toAbsolutePath();
    template = template.toAbsolutePath();
  }
}
