package io.mjserverless.core.workflow;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.notify.TaskCallbacks;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One look at a running job: ends the loop when the task was cancelled or its mode's deadline has
 * passed, else asks the engine, records progress and the preview, sends a best-effort progress
 * callback when progress moved, and says how long to wait before looking again.
 */
public final class PollStep {
  /** Set when a provider queued the job (code 22); gone once the job runs. */
  static final String QUEUE_POSITION_PROPERTY = "numberOfQueues";

  private final TaskUpdates updates;
  private final Engines engines;
  private final ImageStore images;
  private final TaskCallbacks callbacks;
  private final WaitPolicy waits;
  private final Config config;
  private final Clock clock;
  private final DispatchStep dispatch;

  public PollStep(TaskUpdates updates, Engines engines, ImageStore images, TaskCallbacks callbacks, WaitPolicy waits,
      Config config, Clock clock, DispatchStep dispatch) {
    this.dispatch = dispatch;
    this.updates = updates;
    this.engines = engines;
    this.images = images;
    this.callbacks = callbacks;
    this.waits = waits;
    this.config = config;
    this.clock = clock;
  }

  public StepState run(String taskId, int polls) {
    int count = polls + 1;
    Task task = updates.load(taskId);
    Engine engine = engines.forTask(task);
    switch (task.status()) {
      case CANCEL -> {
        safeCancel(engine, task);
        return StepState.ended(taskId, count, StepState.CANCELLED, task.failReason());
      }
      case SUCCESS -> {
        return StepState.ended(taskId, count, StepState.SUCCEEDED, null);
      }
      case FAILURE -> {
        return StepState.ended(taskId, count, StepState.FAILED, task.failReason());
      }
      default -> { }
    }
    Duration deadline = config.deadline(task.mode());
    long started = task.startTime() != null ? task.startTime() : task.submitTime();
    if (clock.millis() > started + deadline.toMillis()) {
      safeCancel(engine, task);
      io.mjserverless.core.log.Log.warn("task.deadline-passed", null, "deadlineMinutes", deadline.toMinutes(), "polls", count);
      String note = task.property(DispatchStep.WAITING_PROPERTY);
      String why = note == null ? ""
          : task.status() == TaskStatus.NOT_START ? "; the provider never took it, last answer: " + note
          : "; last answer from the provider: " + note;
      return StepState.ended(taskId, count, StepState.DEADLINE_PASSED, "the job did not finish within the "
          + task.mode() + " mode's deadline of " + deadline.toMinutes() + " minutes" + why);
    }
    if (task.status() == TaskStatus.NOT_START && task.jobId() == null) {
      return dispatch.run(taskId, count); // the engine was busy at Dispatch: try the submit again
    }
    JobStatus status;
    try {
      status = engine.poll(task);
    } catch (EngineBusyException busy) {
      // The engine could not say where the job stands (a provider 5xx or timeout): the job itself goes on.
      // The note says why, so a task that reaches its deadline this way quotes the provider.
      updates.note(taskId, DispatchStep.WAITING_PROPERTY, busy.getMessage());
      int wait = waits.next(DispatchStep.waitAfter(busy, 0));
      io.mjserverless.core.log.Log.warn("engine.busy", null, "at", "poll", "reason", busy.getMessage(), "waitSeconds", wait);
      io.mjserverless.core.log.Metrics.engineError(config.engines().get(task.mode() == null ? io.mjserverless.core.task.Mode.FAST : task.mode()), "busy");
      return StepState.running(taskId, count, wait);
    }
    if (status instanceof JobStatus.Queued queued) {
      if (task.property(DispatchStep.WAITING_PROPERTY) != null) {
        updates.note(taskId, DispatchStep.WAITING_PROPERTY, null); // the provider answers again
      }
      if (engine.callsBack(task)) {
        return StepState.awaiting(taskId, count, waits.callbackSafetyNet(task, config, clock.millis()));
      }
      return StepState.running(taskId, count, waits.next(queued.secondsToNextChange()));
    }
    if (status instanceof JobStatus.Succeeded) {
      io.mjserverless.core.log.Log.info("job.done", "polls", count);
      return StepState.ended(taskId, count, StepState.SUCCEEDED, null);
    }
    if (status instanceof JobStatus.Failed failed) {
      io.mjserverless.core.log.Log.info("job.failed", "reason", failed.reason(), "polls", count);
      return StepState.ended(taskId, count, StepState.FAILED, failed.reason());
    }
    JobStatus.Running running = (JobStatus.Running) status;
    String progress = Math.max(0, Math.min(99, running.progress())) + "%";
    if (task.status() != TaskStatus.IN_PROGRESS || !progress.equals(task.progress())
        || task.property(DispatchStep.WAITING_PROPERTY) != null) {
      Optional<String> previewKey = running.preview().map(png ->
          images.put(ResultKeys.preview(taskId, running.progress()), ImageSource.ofBytes(png, "image/png")));
      Task after = updates.apply(taskId, t -> t.status() == TaskStatus.SUBMITTED || t.status() == TaskStatus.IN_PROGRESS
          ? Optional.of(t.toBuilder().status(TaskStatus.IN_PROGRESS).progress(progress)
              .imageUrl(previewKey.orElse(t.imageUrl())).properties(runningProperties(t)).build())
          : Optional.empty());
      if (after.status() == TaskStatus.CANCEL) {
        safeCancel(engine, after);
        return StepState.ended(taskId, count, StepState.CANCELLED, after.failReason());
      }
      if (after.status() == TaskStatus.IN_PROGRESS && progress.equals(after.progress())) {
        callbacks.progress(after);
      }
    }
    if (engine.callsBack(task)) {
      return StepState.awaiting(taskId, count, waits.callbackSafetyNet(task, config, clock.millis()));
    }
    if (waits.waitsForTheEnd(engine, task)) {
      return StepState.running(taskId, count, waits.untilEnd(engine, task, config, clock.millis()));
    }
    return StepState.running(taskId, count, waits.next(running.secondsToNextChange()));
  }

  /**
   * Progress an engine told us of by itself (a provider's callback): IN_PROGRESS with that progress,
   * its preview in our bucket and the progress callback to the client, as a poll would have written
   * them. Nothing for a task that is not running or did not move forward (a late post never goes back).
   */
  public void progressed(String taskId, JobStatus.Running running) {
    int clamped = Math.max(0, Math.min(99, running.progress()));
    String progress = clamped + "%";
    java.util.function.Predicate<Task> moves = t -> t.jobId() != null && (t.status() == TaskStatus.SUBMITTED
        || (t.status() == TaskStatus.IN_PROGRESS && clamped > percentOf(t.progress()))); // a late post never goes back
    Task before = updates.load(taskId);
    if (!moves.test(before)) {
      return;
    }
    Optional<String> previewKey = running.preview().map(png ->
        images.put(ResultKeys.preview(taskId, clamped), ImageSource.ofBytes(png, "image/png")));
    Task after = updates.apply(taskId, t -> moves.test(t)
        ? Optional.of(t.toBuilder().status(TaskStatus.IN_PROGRESS).progress(progress).imageUrl(previewKey.orElse(t.imageUrl()))
            .properties(runningProperties(t)).build())
        : Optional.empty());
    if (after.version() != before.version() && after.status() == TaskStatus.IN_PROGRESS && progress.equals(after.progress())) {
      callbacks.progress(after);
    }
  }

  private static int percentOf(String progress) {
    try {
      return progress == null ? -1 : Integer.parseInt(progress.replace("%", "").trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A running job is no longer queued anywhere, and an old note about an unreachable provider would mislead. */
  private static java.util.Map<String, Object> runningProperties(Task task) {
    java.util.Map<String, Object> props = new java.util.LinkedHashMap<>(task.properties());
    props.remove(DispatchStep.WAITING_PROPERTY);
    props.remove(QUEUE_POSITION_PROPERTY);
    return props;
  }

  private static void safeCancel(Engine engine, Task task) {
    try {
      engine.cancel(task);
    } catch (RuntimeException ignored) {
      // Cancelling upstream is a courtesy; the task's own status is what counts.
    }
  }
}
