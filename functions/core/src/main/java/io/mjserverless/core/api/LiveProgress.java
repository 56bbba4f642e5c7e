package io.mjserverless.core.api;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.JobProgress;
import io.mjserverless.core.engine.simulator.SimulatorTimeline;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A running task as readers should see it now. The workflow does not poll the simulator (it knows when
 * its job ends, so the workflow waits once for the whole job) and nothing writes progress meanwhile;
 * this works it out from the clock when the task is read, as the engine's poll would have reported it,
 * with the preview the engine stored for that step. Tasks of other engines are shown as stored (their
 * Poll writes progress). Never shows less progress than stored.
 */
public final class LiveProgress {
  private final Map<Mode, SimulatorTimeline> timelines;
  private final Clock clock;

  public LiveProgress(Map<Mode, SimulatorTimeline> timelines, Clock clock) {
    this.timelines = timelines.isEmpty() ? Map.of() : new EnumMap<>(timelines);
    this.clock = clock;
  }

  /** The simulator's modes of {@code config}. */
  public static LiveProgress forConfig(Config config, Clock clock) {
    Map<Mode, SimulatorTimeline> simulated = new EnumMap<>(Mode.class);
    SimulatorTimeline timeline = new SimulatorTimeline(config.simulatorTimeScale());
    config.engines().forEach((mode, kind) -> {
      if ("simulator".equals(kind)) {
        simulated.put(mode, timeline);
      }
    });
    return new LiveProgress(simulated, clock);
  }

  public Task now(Task task) {
    if ((task.status() != TaskStatus.SUBMITTED && task.status() != TaskStatus.IN_PROGRESS) || task.jobId() == null
        || task.startTime() == null) {
      return task;
    }
    SimulatorTimeline timeline = timelines.get(task.mode() == null ? Mode.FAST : task.mode());
    if (timeline == null) {
      return task;
    }
    Optional<JobProgress> progress = timeline.progressAt(task, clock.millis());
    if (progress.isEmpty() || progress.get().percent() < percent(task.progress())) {
      return task;
    }
    JobProgress p = progress.get();
    return task.toBuilder().status(TaskStatus.IN_PROGRESS).progress(p.percent() + "%")
        .imageUrl(p.previewKey().orElse(task.imageUrl())).build();
  }

  private static int percent(String progress) {
    try {
      return progress == null ? 0 : Integer.parseInt(progress.replace("%", "").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
