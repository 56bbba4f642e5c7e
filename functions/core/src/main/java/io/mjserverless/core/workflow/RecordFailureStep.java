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
    return run(taskId, error, null);
  }

  /**
   * With {@code expectVersion} (the sweeper's executions): writes FAILURE only if the task is still at
   * the version the sweeper judged lost, and answers SKIPPED otherwise (it moved, or ended, since: its
   * own workflow or whoever ended it delivers its callback).
   */
  public StepState run(String taskId, JsonNode error, Long expectVersion) {
    String reason = FailureReasons.of(taskId, error);
    if (expectVersion != null) {
      return endLost(taskId, reason, expectVersion);
    }
    Optional<Task> existing = tasks.get(taskId);
    if (existing.isEmpty()) {
      return StepState.ended(taskId, 0, StepState.FAILED, reason); // nothing to record on
    }
    long now = clock.millis();
    Task after = updates.apply(taskId, t -> t.status().isFinal() ? Optional.empty()
        : Optional.of(t.toBuilder().status(TaskStatus.FAILURE).failReason(reason).finishTime(now).build()));
    dropJob(after);
    return StepState.ended(taskId, 0, StepState.FAILED, after.failReason());
  }

  private StepState endLost(String taskId, String reason, long expectVersion) {
    Optional<Task> found = tasks.get(taskId);
    if (found.isEmpty() || found.get().status().isFinal() || found.get().version() != expectVersion) {
      return StepState.ended(taskId, 0, StepState.SKIPPED, null);
    }
    Task ended;
    try {
      ended = tasks.update(found.get(), found.get().toBuilder().status(TaskStatus.FAILURE).failReason(reason)
          .finishTime(clock.millis()).build());
    } catch (io.mjserverless.core.task.TaskConflictException moved) {
      return StepState.ended(taskId, 0, StepState.SKIPPED, null);
    }
    dropJob(ended);
    return StepState.ended(taskId, 0, StepState.FAILED, ended.failReason());
  }

  /**
   * Asks the engine to drop the task's job, best effort; also without a job id, since an engine may
   * hold something for the task already (a provider's slot).
   */
  private void dropJob(Task task) {
    try {
      engines.forTask(task).cancel(task);
    } catch (RuntimeException ignored) {
      // the task's own status is what counts
    }
  }
}
