package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Where every failure path of the workflow ends: the task becomes FAILURE with a reason a person can
 * read (unless it already ended, e.g. cancelled), and the engine is asked to drop the job.
 */
public final class RecordFailureStep {
  private final TaskStore tasks;
  private final TaskUpdates updates;
  private final Engines engines;
  private final Clock clock;

  public RecordFailureStep(TaskStore tasks, TaskUpdates updates, Engines engines, Clock clock) {
    this.tasks = tasks;
    this.updates = updates;
    this.engines = engines;
    this.clock = clock;
  }

  public StepState run(String taskId, JsonNode error) {
    String reason = FailureReasons.of(error);
    Optional<Task> existing = tasks.get(taskId);
    if (existing.isEmpty()) {
      return StepState.ended(taskId, 0, StepState.FAILED, reason); // nothing to record on
    }
    long now = clock.millis();
    Task after = updates.apply(taskId, t -> t.status().isFinal() ? Optional.empty()
        : Optional.of(t.toBuilder().status(TaskStatus.FAILURE).failReason(reason).finishTime(now).build()));
    // Also without a job id: an engine may hold something for the task already (a provider slot).
    try {
      engines.forTask(after).cancel(after);
    } catch (RuntimeException ignored) {
      // best effort
    }
    return StepState.ended(taskId, 0, StepState.FAILED, after.failReason());
  }
}
