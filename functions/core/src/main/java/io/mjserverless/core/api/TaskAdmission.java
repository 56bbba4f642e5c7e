package io.mjserverless.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asks the engine of a task's mode, before the task is stored, whether it takes the task and on what
 * terms ({@link Engine#admit}): code 1, a place in a queue (22), a full queue (23) or a refusal. Only
 * engines that keep queues of their own are asked; every other engine takes everything, and building it
 * in an API function (which reads provider keys) would only slow the first submit of a container.
 */
public final class TaskAdmission {
  /** The engines whose {@code admit} may answer anything but Accepted: those driving accounts of their own. */
  static final Set<String> QUEUEING_ENGINES = Set.of("discord");

  private final Function<Mode, Optional<Engine>> engineOf;

  public TaskAdmission(Function<Mode, Optional<Engine>> engineOf) {
    this.engineOf = engineOf;
  }

  /** Every task is accepted as it is (no engine queues). */
  public static TaskAdmission acceptingAll() {
    return new TaskAdmission(mode -> Optional.empty());
  }

  /** The engine of each mode whose configured engine queues, built at the first submit that needs it. */
  public static TaskAdmission fromConfig(Config config, Supplier<Engines> engines) {
    return new TaskAdmission(mode -> QUEUEING_ENGINES.contains(config.engines().get(mode))
        ? Optional.of(engines.get().forMode(mode)) : Optional.empty());
  }

  /** Every mode asks these engines (tests over the handler). */
  public static TaskAdmission of(Engines engines) {
    return new TaskAdmission(mode -> Optional.of(engines.forMode(mode)));
  }

  public Admission admit(Task task, JsonNode accountFilter) {
    return engineOf.apply(task.modeOrFast()).map(e -> e.admit(task, accountFilter)).orElseGet(Admission::accepted);
  }

  /** Gives back what {@link #admit} reserved for a task that was not stored or not started; never throws. */
  public void forget(Task task) {
    try {
      engineOf.apply(task.modeOrFast()).ifPresent(e -> e.forget(task));
    } catch (RuntimeException e) {
      // The reserved place expires on its own; the caller's own failure is the one to report.
      Log.error("task.forget-failed", e);
    }
  }
}
