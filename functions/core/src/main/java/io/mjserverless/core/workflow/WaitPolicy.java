package io.mjserverless.core.workflow;

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
}
