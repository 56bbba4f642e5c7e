package io.mjserverless.core.workflow;

/** Resumes a workflow that waits on a task token (the AwaitJob state). */
@FunctionalInterface
public interface TaskTokens {
  /**
   * Lets the execution waiting on {@code taskToken} go on (its next step polls the engine).
   *
   * @return false when nothing waits on it any more (timed out into a poll, or the execution ended)
   */
  boolean resume(String taskToken);
}
