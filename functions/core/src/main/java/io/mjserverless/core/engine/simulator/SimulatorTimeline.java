package io.mjserverless.core.engine.simulator;

import io.mjserverless.core.engine.JobProgress;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import java.util.Optional;

/**
 * The simulator's clock arithmetic, which needs no picture and no client: how long a task's job takes,
 * when it ends and where it stands at a moment. The engine polls with it; fetch shows progress with
 * it while the workflow waits once for the whole job.
 */
public record SimulatorTimeline(double timeScale) {

  /** How long a job of this task takes: by mode, shorter for text results and upscales, times the scale. */
  public long durationMillis(Task task) {
    long base = switch (task.mode() == null ? Mode.FAST : task.mode()) {
      case RELAX -> SimulatorEngine.RELAX_MILLIS;
      case FAST -> SimulatorEngine.FAST_MILLIS;
      case TURBO -> SimulatorEngine.TURBO_MILLIS;
    };
    if (task.action() == TaskAction.DESCRIBE || task.action() == TaskAction.SHORTEN) {
      base /= 3;
    } else if (task.action() == TaskAction.UPSCALE) {
      base /= 2;
    }
    return Math.max(1, Math.round(base * timeScale));
  }

  /** A job ends at its start plus its duration, at once when Midjourney would refuse its prompt. */
  public long endMillis(Task task) {
    return SimulatorEngine.invalidParameter(task).isPresent() ? started(task) : started(task) + durationMillis(task);
  }

  /**
   * Progress at {@code nowMillis} as the engine's poll would report it (at most the last step before
   * the end), with the key of the preview the engine stored at submit for that step.
   */
  public Optional<JobProgress> progressAt(Task task, long nowMillis) {
    if (SimulatorEngine.invalidParameter(task).isPresent()) {
      return Optional.empty();
    }
    long elapsed = Math.max(0, nowMillis - started(task));
    int step = (int) Math.min(SimulatorEngine.STEPS - 1, elapsed * SimulatorEngine.STEPS / durationMillis(task));
    int progress = progressOf(step);
    return Optional.of(new JobProgress(progress, step > 0 && SimulatorEngine.producesImage(task.action())
        ? Optional.of(ResultKeys.preview(task.id(), progress)) : Optional.empty()));
  }

  static long started(Task task) {
    return task.startTime() != null ? task.startTime() : task.submitTime();
  }

  /** The progress shown at a step: 0, 15, 31, 46, 62, 77. */
  static int progressOf(int step) {
    return Math.min(99, (int) Math.round(step * 100.0 / (SimulatorEngine.STEPS + 0.5)));
  }
}
