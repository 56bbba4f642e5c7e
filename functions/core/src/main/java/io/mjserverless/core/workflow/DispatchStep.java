package io.mjserverless.core.workflow;

import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.notify.TaskCallbacks;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import java.time.Clock;
import java.util.Optional;

/**
 * First step: hands the task to the engine of its mode and marks it SUBMITTED with the engine's job
 * id. A retried Dispatch finds the job id already on the task and submits nothing a second time.
 */
public final class DispatchStep {
  private final TaskUpdates updates;
  private final Engines engines;
  private final TaskCallbacks callbacks;
  private final WaitPolicy waits;
  private final Clock clock;

  public DispatchStep(TaskUpdates updates, Engines engines, TaskCallbacks callbacks, WaitPolicy waits, Clock clock) {
    this.updates = updates;
    this.engines = engines;
    this.callbacks = callbacks;
    this.waits = waits;
    this.clock = clock;
  }

  public StepState run(String taskId) {
    Task task = updates.load(taskId);
    if (task.status() != TaskStatus.NOT_START || task.jobId() != null) {
      // Already dispatched (a retry), or cancelled before it started: Poll sees where it stands.
      return StepState.running(taskId, 0, waits.minSeconds());
    }
    Engine engine = engines.forTask(task);
    String jobId = engine.submit(task);
    long now = clock.millis();
    Task after = updates.apply(taskId, t -> t.status() == TaskStatus.NOT_START && t.jobId() == null
        ? Optional.of(t.toBuilder().status(TaskStatus.SUBMITTED).jobId(jobId).startTime(now).progress("0%").build())
        : Optional.empty());
    if (after.status() == TaskStatus.SUBMITTED && jobId.equals(after.jobId())) {
      callbacks.progress(after);
    } else if (after.status().isFinal()) {
      engine.cancel(after.toBuilder().jobId(jobId).build()); // cancelled while we were submitting
    }
    return StepState.running(taskId, 0, waits.minSeconds());
  }
}
