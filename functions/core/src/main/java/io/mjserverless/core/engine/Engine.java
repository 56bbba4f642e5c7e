package io.mjserverless.core.engine;

import io.mjserverless.core.task.Task;

/**
 * The one seam to whoever makes the pictures: the in-process simulator, or an upstream provider that
 * speaks the same API. The workflow calls these from stateless Lambdas, so an engine keeps what it
 * needs between calls in the task (its job id) or derives it again.
 */
public interface Engine {

  /** Starts the job of a task; returns the engine's job id. Called at most once per task by Dispatch. */
  String submit(Task task);

  /** Where the job of a (SUBMITTED or IN_PROGRESS) task stands now. */
  JobStatus poll(Task task);

  /** The finished result of a job whose last poll said it succeeded. */
  JobResult result(Task task);

  /** Asks the engine to stop a job; best effort, never throws for a job that already ended. */
  void cancel(Task task);
}
