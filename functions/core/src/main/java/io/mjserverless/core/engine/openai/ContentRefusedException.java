package io.mjserverless.core.engine.openai;

import io.mjserverless.core.engine.JobRejectedException;

/**
 * The model's safety system refused the prompt or the pictures (OpenAI's {@code content_policy_violation},
 * {@code moderation_blocked}). The task fails as banned, quoting the model.
 */
public final class ContentRefusedException extends JobRejectedException {
  public ContentRefusedException(String modelMessage) {
    super("banned prompt: the model refused it (" + modelMessage + ")");
  }
}
