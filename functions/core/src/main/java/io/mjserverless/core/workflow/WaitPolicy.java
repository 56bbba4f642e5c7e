package io.mjserverless.core.workflow;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.task.Task;
import java.util.Optional;

/**
 * How long the workflow waits before the next poll: the engine's hint, clamped to the configured
 * floor and ceiling. Each poll is about three state transitions, the main cost of a task, so the
 * ceiling trades cost against how late a finished job is noticed.
 */
public record WaitPolicy(int minSeconds, int maxSeconds) {
  public WaitPolicy {
    if (minSeconds < 0 || maxSeconds < minSeconds) {
      throw new IllegalArgumentException("need 0 <= POLL_MIN_SECONDS <= POLL_MAX_SECONDS, got " + minSeconds + ", " + maxSeconds);
    }
  }

  public int next(int engineHintSeconds) {
    return Math.max(minSeconds, Math.min(maxSeconds, engineHintSeconds));
  }

  /**
   * For an engine that knows when the task's job ends: the whole seconds until then (at least 1),
   * neither floored nor capped, since one exact wait replaces a round of polls; but no later than
   * just past the mode's deadline, so the poll after it ends a job that overran. Otherwise the floor.
   */
  public int untilEnd(Engine engine, Task task, Config config, long nowMillis) {
    Optional<Long> end = engine.knownEndMillis(task);
    if (end.isEmpty()) {
      return minSeconds;
    }
    return untilDeadline(end.get(), task, config, nowMillis);
  }

  /**
   * Whether one exact wait until the job's known end replaces the poll loop: the engine knows when the
   * job ends, and the client did not ask to hear of its progress. A task with a notifyHook is polled at
   * each step of its progress instead, so its client gets a progress callback at each one, as for any
   * polled job (about three transitions per step; a task without a hook costs the same whatever its length).
   */
  public boolean waitsForTheEnd(Engine engine, Task task) {
    return engine.knownEndMillis(task).isPresent() && io.mjserverless.core.notify.TaskCallbacks.hookOf(task).isEmpty();
  }

  /**
   * For an engine that calls back: how long the workflow waits on its task token before it polls
   * anyway (a callback lost on the way), no later than just past the mode's deadline.
   */
  public int callbackSafetyNet(Task task, Config config, long nowMillis) {
    return untilDeadline(nowMillis + CALLBACK_SAFETY_SECONDS * 1000L, task, config, nowMillis);
  }

  /** Seconds a callback may take before the workflow polls anyway: rounds of a lost-callback job cost 3 transitions each. */
  public static final int CALLBACK_SAFETY_SECONDS = 120;

  private static int untilDeadline(long atMillis, Task task, Config config, long nowMillis) {
    long started = task.startTime() != null ? task.startTime() : task.submitTime();
    long deadline = started + config.deadline(task.mode()).toMillis();
    long until = Math.min(atMillis, deadline + 1000) - nowMillis;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (until + 999) / 1000));
  }
}
