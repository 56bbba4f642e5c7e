package io.mjserverless.core.engine.mjproxy;

/**
 * How many jobs may be at the provider at once ({@code <MODE>_MJPROXY_CONCURRENCY}). Lambdas share
 * nothing in memory, so the count lives in DynamoDB ({@link DynamoProviderSlots}); a slot is a lease
 * that expires on its own, so a workflow that vanished cannot hold one for ever.
 */
public interface ProviderSlots {

  /**
   * Takes a slot for a task (taking it twice is fine).
   * @throws io.mjserverless.core.engine.EngineBusyException when all slots are taken
   */
  void acquire(String taskId);

  /** Gives the task's slot back; nothing happens when it holds none. */
  void release(String taskId);

  /** No limit: for tests and for a provider that queues on its own. */
  static ProviderSlots unlimited() {
    return new ProviderSlots() {
      @Override
      public void acquire(String taskId) {}

      @Override
      public void release(String taskId) {}
    };
  }
}
