package io.mjserverless.core.workflow;

import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStore;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-modify-write of one task with the store's optimistic lock: the change is computed from the
 * task as it is now and retried when someone else (a cancel, a retried step) wrote in between.
 */
public final class TaskUpdates {
  private static final int ATTEMPTS = 4;
  private final TaskStore tasks;

  public TaskUpdates(TaskStore tasks) {
    this.tasks = tasks;
  }

  public Task load(String taskId) {
    return tasks.get(taskId).orElseThrow(() -> new IllegalStateException("task " + taskId + " does not exist"));
  }

  /**
   * Applies {@code change} (empty = nothing to write) and returns the task as stored afterwards.
   * A change the status rules refuse every time (e.g. the task was cancelled meanwhile) ends with
   * the task as it is, unchanged.
   */
  public Task apply(String taskId, Function<Task, Optional<Task>> change) {
    Task current = load(taskId);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<Task> next = change.apply(current);
      if (next.isEmpty()) {
        return current;
      }
      if (!current.status().canMoveTo(next.get().status())) {
        return current;
      }
      try {
        return tasks.update(current, next.get());
      } catch (TaskConflictException e) {
        current = load(taskId);
      }
    }
    throw new TransientStepException("task " + taskId + " kept changing while being updated", null);
  }

  /**
   * Sets one property of an unfinished task ({@code null} removes it), writing only when it changes:
   * notes such as why a task waits, repeated at every poll, cost one write, not one per poll.
   */
  public Task note(String taskId, String key, String rawValue) {
    String value = io.mjserverless.core.task.ReasonText.clean(rawValue); // notes are shown to the client too
    return apply(taskId, t -> t.status().isFinal() || java.util.Objects.equals(value, t.property(key)) ? Optional.empty()
        : Optional.of(t.toBuilder().properties(t.propertiesWith(key, value)).build()));
  }
}
