package io.mjserverless.core.engine;

import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import java.util.EnumMap;
import java.util.Map;

/** The engine of each speed mode, chosen by configuration ({@code RELAX_ENGINE}, {@code FAST_ENGINE}, {@code TURBO_ENGINE}). */
public final class Engines {
  private final Map<Mode, Engine> byMode;

  public Engines(Map<Mode, Engine> byMode) {
    this.byMode = new EnumMap<>(byMode);
    for (Mode mode : Mode.values()) {
      if (!this.byMode.containsKey(mode)) {
        throw new IllegalStateException("no engine is configured for mode " + mode + " (" + mode + "_ENGINE)");
      }
    }
  }

  /** One engine per mode as configured; engines of the same kind are shared between modes. */
  public static Engines fromConfig(io.mjserverless.core.config.Config config, io.mjserverless.core.image.ImageStore images,
      java.time.Clock clock) {
    Map<String, Engine> built = new java.util.HashMap<>();
    Map<Mode, Engine> byMode = new EnumMap<>(Mode.class);
    for (Mode mode : Mode.values()) {
      String kind = config.engines().get(mode);
      byMode.put(mode, built.computeIfAbsent(kind, k -> switch (k) {
        case "simulator" -> new io.mjserverless.core.engine.simulator.SimulatorEngine(images,
            new RemoteImages(config.allowPrivateHooks()), config.simulatorTimeScale(),
            io.mjserverless.core.engine.simulator.GridSize.DEFAULT_QUADRANT_LONG_SIDE, clock);
        default -> throw new IllegalStateException("unknown engine '" + k + "' for " + mode + "_ENGINE");
      }));
    }
    return new Engines(byMode);
  }

  public Engine forTask(Task task) {
    return byMode.get(task.mode() == null ? Mode.FAST : task.mode());
  }
}
