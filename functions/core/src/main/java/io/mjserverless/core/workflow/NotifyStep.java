package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.notify.CallbackFailedException;
import io.mjserverless.core.notify.CallbackResult;
import io.mjserverless.core.notify.TaskCallbacks;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers the final callback (SUCCESS, FAILURE or CANCEL). Each attempt's outcome is recorded on
 * the task as {@code properties.callback}; a failed attempt throws {@link CallbackFailedException},
 * which the state machine retries with backoff. After the last retry the give-up call records that.
 */
public final class NotifyStep {
  private final TaskStore tasks;
  private final TaskUpdates updates;
  private final TaskCallbacks callbacks;
  private final Clock clock;

  public NotifyStep(TaskStore tasks, TaskUpdates updates, TaskCallbacks callbacks, Clock clock) {
    this.tasks = tasks;
    this.updates = updates;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  /** The task when it has a hook to call; else empty, with {@code out} saying why nothing is sent. */
  private Optional<Task> withHook(String taskId, Map<String, Object> out) {
    Optional<Task> task = tasks.get(taskId).filter(t -> TaskCallbacks.hookOf(t).isPresent());
    if (task.isEmpty()) {
      out.put("delivered", false);
      out.put("reason", "no notifyHook");
    }
    return task;
  }

  /** @param attempt how many times Step Functions retried this state before (0 on the first try) */
  public Map<String, Object> run(String taskId, int attempt, boolean giveUp, JsonNode error) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("taskId", taskId);
    Optional<Task> task = withHook(taskId, out);
    if (task.isEmpty()) {
      return out;
    }
    if (giveUp) {
      String lastError = FailureReasons.of(taskId, error);
      io.mjserverless.core.log.Log.warn("callback.gave-up", null, "attempts", attempt, "lastError", lastError);
      io.mjserverless.core.log.Metrics.callback("gaveUp");
      record(taskId, outcome -> {
        outcome.put("delivered", false);
        outcome.put("gaveUp", true);
        outcome.put("lastError", lastError);
      });
      out.put("delivered", false);
      return out;
    }
    return deliver(task.get(), attempt, out);
  }

  /**
   * The next attempt of the final callback, numbered from the attempts recorded on the task: for a
   * state that also retries for other reasons (StoreResult), whose retry count is not the callback's.
   */
  public Map<String, Object> runNext(String taskId) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("taskId", taskId);
    Optional<Task> task = withHook(taskId, out);
    if (task.isEmpty()) {
      return out;
    }
    int attempt = 0;
    if (task.get().properties().get("callback") instanceof Map<?, ?> previous) {
      if (Boolean.TRUE.equals(previous.get("delivered")) && task.get().status().isFinal()) {
        // A step retried after its callback went out (the invocation failed later): not sent twice.
        out.put("delivered", true);
        out.put("attempts", previous.get("attempts"));
        return out;
      }
      if (previous.get("attempts") instanceof Number n) {
        attempt = n.intValue();
      }
    }
    return deliver(task.get(), attempt, out);
  }

  private Map<String, Object> deliver(Task task, int attempt, Map<String, Object> out) {
    String taskId = task.id();
    CallbackResult result = callbacks.deliverFinal(task).orElseThrow();
    record(taskId, outcome -> {
      outcome.put("delivered", result.delivered());
      outcome.put("attempts", attempt + 1);
      outcome.put("lastStatus", result.status());
      outcome.put("lastError", result.error());
      outcome.put("at", clock.millis());
    });
    if (!result.delivered()) {
      io.mjserverless.core.log.Log.warn("callback.failed", null, "attempt", attempt + 1, "httpStatus", result.status(),
          "reason", result.error());
      io.mjserverless.core.log.Metrics.callback("failed");
      throw new CallbackFailedException("callback attempt " + (attempt + 1) + " not delivered: " + result.error());
    }
    io.mjserverless.core.log.Log.info("callback.delivered", "attempt", attempt + 1, "httpStatus", result.status());
    io.mjserverless.core.log.Metrics.callback("delivered");
    out.put("delivered", true);
    out.put("attempts", attempt + 1);
    return out;
  }

  private void record(String taskId, java.util.function.Consumer<Map<String, Object>> fill) {
    updates.apply(taskId, t -> {
      Map<String, Object> outcome = new LinkedHashMap<>();
      Object previous = t.properties().get("callback");
      if (previous instanceof Map<?, ?> map) {
        map.forEach((k, v) -> outcome.put(String.valueOf(k), v));
      }
      fill.accept(outcome);
      return Optional.of(t.toBuilder().properties(t.propertiesWith("callback", outcome)).build());
    });
  }
}
