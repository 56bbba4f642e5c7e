package io.mjserverless.core.engine.mjproxy;

import java.util.Optional;

/**
 * What a provider's callbacks to us (its notifyHook) need kept per task: an unguessable secret that
 * authenticates them (the provider holds no tenant key), the task token of the workflow waiting for
 * the job, and a final outcome that arrived while no workflow was waiting. Either side may come
 * first: {@link #park} and {@link #settle} each hand back what the other left.
 */
public interface ProviderHooks {

  /** A new secret for the task's hook, valid until {@code expiresAtEpochSecond}; kept only as a hash. */
  String open(String taskId, long expiresAtEpochSecond);

  /** Whether {@code secret} is the task's hook secret (compared in constant time). */
  boolean verify(String taskId, String secret);

  /**
   * Records the token of the workflow now waiting for the job; answers the final outcome (the step's
   * JSON) the provider reported before, if any, for the caller to resume the workflow with.
   */
  Optional<String> park(String taskId, String taskToken);

  /** Records the job's final outcome (the step's JSON); answers the token of the workflow waiting, if any. */
  Optional<String> settle(String taskId, String outcomeJson);

  /** Hooks that are never opened: the provider is polled only. */
  static ProviderHooks none() {
    return new ProviderHooks() {
      @Override
      public String open(String taskId, long expiresAtEpochSecond) {
        throw new IllegalStateException("provider callbacks are not configured");
      }

      @Override
      public boolean verify(String taskId, String secret) {
        return false;
      }

      @Override
      public Optional<String> park(String taskId, String taskToken) {
        return Optional.empty();
      }

      @Override
      public Optional<String> settle(String taskId, String outcomeJson) {
        return Optional.empty();
      }
    };
  }
}
