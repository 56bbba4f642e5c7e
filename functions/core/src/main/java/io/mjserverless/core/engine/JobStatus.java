package io.mjserverless.core.engine;

import java.util.Optional;

/** What a poll learned about a job. */
public sealed interface JobStatus {

  /**
   * Still working. {@code progress} 0..99; {@code preview} PNG bytes of the picture so far, if any;
   * {@code secondsToNextChange} the engine's hint of when something will have moved (the workflow
   * clamps it to its floor and ceiling).
   */
  record Running(int progress, Optional<byte[]> preview, int secondsToNextChange) implements JobStatus {}

  /**
   * Accepted but not started yet (waiting in a provider's queue): the task stays SUBMITTED.
   * {@code secondsToNextChange} as for Running.
   */
  record Queued(int secondsToNextChange) implements JobStatus {}

  /** Finished; {@link Engine#result} gives the output. */
  record Succeeded() implements JobStatus {}

  /** Finished without a result; the reason is shown to the client as the task's failReason. */
  record Failed(String reason) implements JobStatus {}
}
