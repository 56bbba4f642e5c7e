package io.mjserverless.core.engine;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.config.ProviderSettings;
import io.mjserverless.core.engine.discord.DiscordEngines;
import io.mjserverless.core.engine.discord.pool.AccountPools;
import io.mjserverless.core.engine.mjproxy.MjProxyEngines;
import io.mjserverless.core.engine.openai.OpenAiEngines;
import io.mjserverless.core.engine.simulator.GridSize;
import io.mjserverless.core.engine.simulator.SimulatorEngine;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
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

  /**
   * One engine per mode as configured: the simulator is shared between its modes; each mjproxy mode
   * gets its own (its path prefix and slots are per mode); the discord modes share one engine on the account pool. Provider keys are read here, once per container.
   */
  public static Engines fromConfig(Config config, ImageStore images, TaskStore tasks, AwsClients aws, Clock clock) {
    RemoteImages remote = new RemoteImages(config.outboundAddressPolicy());
    Engine simulator = null;
    Engine discord = null;
    Map<Mode, Engine> byMode = new EnumMap<>(Mode.class);
    for (Mode mode : Mode.values()) {
      String kind = config.engines().get(mode);
      switch (kind) {
        case "simulator" -> {
          if (simulator == null) {
            simulator = new SimulatorEngine(images, tasks, remote, config.simulatorTimeScale(), GridSize.DEFAULT_QUADRANT_LONG_SIDE, clock);
          }
          byMode.put(mode, simulator);
        }
        case "mjproxy" -> {
          ProviderSettings settings = config.provider(mode).orElseThrow(() ->
              new IllegalStateException(mode + "_ENGINE is mjproxy but " + ProviderSettings.variable(mode, "URL") + " is not set"));
          byMode.put(mode, MjProxyEngines.create(settings, config, images, remote, tasks, aws, clock));
        }
        case "discord" -> {
          // One engine for every discord mode: the pool and the accounts' sessions are per account, not per mode.
          if (discord == null) {
            discord = DiscordEngines.create(config.discord(), config.outboundAddressPolicy(), AccountPools.create(config, aws, clock),
                images, remote, tasks, new DynamoIdempotencyStore(aws.dynamo(), config.idempotencyTable(), clock), clock);
          }
          byMode.put(mode, discord);
        }
        case "openai" -> byMode.put(mode, OpenAiEngines.create(config.openAi(mode)
            .orElseThrow(), config, images, remote, tasks, aws, clock));
        default -> throw new IllegalStateException("unknown engine '" + kind + "' for " + mode + "_ENGINE");
      }
    }
    return new Engines(byMode);
  }

  public Engine forTask(Task task) {
    return forMode(task.modeOrFast());
  }

  public Engine forMode(Mode mode) {
    return byMode.get(mode);
  }
}
