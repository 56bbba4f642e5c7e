package io.mjserverless.core.engine;

import java.util.Map;

/**
 * What an engine answers when it takes a job: the job id the task keeps for every later call, and
 * properties the task should show (e.g. {@code numberOfQueues} when the provider queued the job).
 */
public record Submission(String jobId, Map<String, Object> properties) {
  public Submission {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public static Submission of(String jobId) {
    return new Submission(jobId, Map.of());
  }
}
