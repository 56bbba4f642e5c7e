package io.mjserverless.core.workflow;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.engine.TurnWaitException;
import io.mjserverless.core.notify.TaskCallbacks;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * First step: hands the task to the engine of its mode and marks it SUBMITTED with the engine's job
 * id. A retried Dispatch finds the job id already on the task and submits nothing a second time. An
 * engine that cannot take the job yet (a provider's full queue, a 5xx) leaves the task NOT_START with
 * a note saying why; Poll then tries the submit again, with growing waits, until the mode's deadline (a
 * task waiting its turn in a pool of accounts asks again at the pool's fixed interval instead).
 * An engine that knows when its job will end (the simulator) gets one wait of exactly that long.
 */
public final class DispatchStep {
  /** Task property that tells clients why a task has not started yet (the provider's last refusal). */
  public static final String WAITING_PROPERTY = "providerNote";
  /** Longest wait between two submit attempts before the configured ceiling clamps it. */
  static final int MAX_BACKOFF_SECONDS = 60;

  private final TaskUpdates updates;
  private final Engines engines;
  private final TaskCallbacks callbacks;
  private final WaitPolicy waits;
  private final Config config;
  private final Clock clock;

  public DispatchStep(TaskUpdates updates, Engines engines, TaskCallbacks callbacks, WaitPolicy waits, Config config, Clock clock) {
    this.config = config;
    this.updates = updates;
    this.engines = engines;
    this.callbacks = callbacks;
    this.waits = waits;
    this.clock = clock;
  }

  public StepState run(String taskId) {
    return run(taskId, 0);
  }

  /** One submit attempt; {@code attempts} (the workflow's poll count) grows the wait after a busy answer. */
  public StepState run(String taskId, int attempts) {
    Task task = updates.load(taskId);
    if (task.status() != TaskStatus.NOT_START || task.jobId() != null) {
      // Already dispatched (a retry), or cancelled before it started: Poll sees where it stands.
      return StepState.running(taskId, attempts, waits.minSeconds());
    }
    Engine engine = engines.forTask(task);
    Submission submission;
    try {
      submission = engine.submit(task);
    } catch (EngineBusyException busy) {
      updates.note(taskId, WAITING_PROPERTY, busy.getMessage());
      int wait = waits.next(waitAfter(busy, attempts));
      io.mjserverless.core.log.Log.warn("engine.busy", null, "at", "submit", "reason", busy.getMessage(), "attempts", attempts,
          "waitSeconds", wait);
      io.mjserverless.core.log.Metrics.engineError(config.engines().get(task.mode() == null ? io.mjserverless.core.task.Mode.FAST : task.mode()), "busy");
      return StepState.running(taskId, attempts, wait);
    }
    String jobId = submission.jobId();
    long now = clock.millis();
    Task after = updates.apply(taskId, t -> t.status() == TaskStatus.NOT_START && t.jobId() == null
        ? Optional.of(t.toBuilder().status(TaskStatus.SUBMITTED).jobId(jobId).startTime(now).progress("0%")
            .properties(startedProperties(t, submission)).build())
        : Optional.empty());
    if (after.status() == TaskStatus.SUBMITTED && jobId.equals(after.jobId())) {
      io.mjserverless.core.log.Log.info("task.dispatched", "jobId", jobId, "callsBack", engine.callsBack(after),
          "queueMillis", after.submitTime() == null ? null : now - after.submitTime());
      callbacks.progress(after);
      if (engine.callsBack(after)) {
        return StepState.awaiting(taskId, attempts, waits.callbackSafetyNet(after, config, clock.millis()));
      }
      return StepState.running(taskId, attempts, firstWait(engine, after));
    } else if (after.status().isFinal()) {
      engine.cancel(after.toBuilder().jobId(jobId).build()); // cancelled while we were submitting
    }
    return StepState.running(taskId, attempts, waits.minSeconds());
  }

  /**
   * Until the job's known end when nobody waits for its progress; for a task with a notifyHook on an
   * engine that knows its timeline, until its first progress step (no poll round before it); else the floor.
   */
  private int firstWait(Engine engine, Task task) {
    if (waits.waitsForTheEnd(engine, task)) {
      return waits.untilEnd(engine, task, config, clock.millis());
    }
    if (engine.knownEndMillis(task).isPresent() && engine.poll(task) instanceof JobStatus.Running running) {
      return waits.next(running.secondsToNextChange());
    }
    return waits.minSeconds();
  }

  /**
   * How long to wait after a busy answer: a turn-wait ({@link TurnWaitException}: the task holds its place
   * and the line moves on its own) exactly as the engine asks, so a freed slot is taken within that time;
   * any other busy answer backs off ({@link #backoffSeconds}).
   */
  static int waitAfter(EngineBusyException busy, int attempts) {
    return busy instanceof TurnWaitException ? Math.max(1, busy.retryAfterSeconds()) : backoffSeconds(busy.retryAfterSeconds(), attempts);
  }

  /** The engine's hint, doubled per earlier attempt: a provider that keeps refusing is asked less often. */
  static int backoffSeconds(int hint, int attempts) {
    long grown = (long) Math.max(1, hint) << Math.min(Math.max(0, attempts), 6);
    return (int) Math.min(MAX_BACKOFF_SECONDS, grown);
  }

  private static Map<String, Object> startedProperties(Task task, Submission submission) {
    Map<String, Object> props = new LinkedHashMap<>(task.properties());
    props.remove(WAITING_PROPERTY);
    props.putAll(submission.properties());
    return props;
  }
}
