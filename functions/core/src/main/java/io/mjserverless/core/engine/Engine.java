package io.mjserverless.core.engine;

import io.mjserverless.core.task.Task;
import java.util.Optional;

/**
 * The one seam to whoever makes the pictures: the in-process simulator, or an upstream provider that
 * speaks the same API. The workflow calls these from stateless Lambdas, so an engine keeps what it
 * needs between calls in the task (its job id) or derives it again.
 *
 * <p>Failures: {@link EngineBusyException} means "not now, try again" (the workflow retries until the
 * mode's deadline); {@link JobRejectedException} and any other exception fail the task with its message.
 */
public interface Engine {

  /**
   * Called once at submit time, before the task is stored: may the engine take this task, and on what
   * terms ({@link Admission}). {@code accountFilter} is the request's {@code accountFilter} object (or
   * null). An engine that queues must also release what it reserved here if the task never starts
   * ({@link #forget}). The default takes everything.
   */
  default Admission admit(Task task, com.fasterxml.jackson.databind.JsonNode accountFilter) {
    return Admission.accepted();
  }

  /** Gives back what {@link #admit} reserved for a task that was not stored or not started. */
  default void forget(Task task) {}

  /** Starts the job of a task; returns the engine's job id. Called by Dispatch until one call succeeds. */
  Submission submit(Task task);

  /** Where the job of a (SUBMITTED or IN_PROGRESS) task stands now. */
  JobStatus poll(Task task);

  /** The finished result of a job whose last poll said it succeeded. */
  JobResult result(Task task);

  /** Asks the engine to stop a job; best effort, never throws for a job that already ended. */
  void cancel(Task task);

  /**
   * When the job of a dispatched task will be finished, for an engine that knows it ahead (the
   * simulator: start time plus its mode's duration). The workflow then waits once, exactly that
   * long, instead of polling its way there; empty = ask by polling.
   */
  default Optional<Long> knownEndMillis(Task task) {
    return Optional.empty();
  }

  /**
   * Whether the engine tells us when the job of this task changes (a provider posting to its notifyHook):
   * the workflow then waits on a task token, resumed by that callback, and polls only as a safety net.
   */
  default boolean callsBack(Task task) {
    return false;
  }

  /**
   * What a callback from the engine (a provider posting its task JSON to our hook) says about a job
   * still running: its progress and, when that moved, the preview copied from the engine; empty when
   * the callback says nothing of the kind (a final status, a queue, another engine).
   */
  default Optional<JobStatus.Running> runningFromCallback(Task task, com.fasterxml.jackson.databind.JsonNode posted) {
    return Optional.empty();
  }

  /** The Midjourney seed of a finished task's job, as {@code /task/{id}/image-seed} answers it. */
  default Optional<String> imageSeed(Task task) {
    return Optional.ofNullable(task.seed()).map(String::valueOf);
  }
}
