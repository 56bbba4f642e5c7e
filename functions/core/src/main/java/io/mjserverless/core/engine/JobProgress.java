package io.mjserverless.core.engine;

import java.util.Optional;

/**
 * A running job as a reader sees it at one moment: {@code percent} 0..99 and the bucket key of the
 * preview for that progress, if the job has one by then.
 */
public record JobProgress(int percent, Optional<String> previewKey) {
  public JobProgress {
    previewKey = previewKey == null ? Optional.empty() : previewKey;
  }
}
