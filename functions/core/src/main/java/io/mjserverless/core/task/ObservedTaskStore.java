package io.mjserverless.core.task;

import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.log.Metrics;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A task store that tells the operator what happens to tasks: every task read or written by id fills
 * in the log context (tenant, mode, engine), every write that changes a status is a
 * {@code task.status} line, and a task reaching SUCCESS, FAILURE or CANCEL is a {@code task.ended} line
 * with its durations and the {@code TasksEnded}, {@code JobDuration} and {@code EndToEndDuration}
 * metrics. Every status change goes through {@link #update} or {@link #create}, so no path is missed.
 */
public final class ObservedTaskStore implements TaskStore {
  /** Longest prompt written to a (DEBUG) line; prompts are the client's text, never logged at INFO. */
  static final int PROMPT_CHARS = 100;

  private final TaskStore delegate;
  private final Function<Mode, String> engineOf;

  /** @param engineOf the engine name configured for a mode (simulator, mjproxy, openai...) */
  public ObservedTaskStore(TaskStore delegate, Function<Mode, String> engineOf) {
    this.delegate = delegate;
    this.engineOf = engineOf;
  }

  /** {@code store}, observed; a store already observed is not wrapped twice (its lines would double). */
  public static TaskStore of(TaskStore store, Function<Mode, String> engineOf) {
    return store instanceof ObservedTaskStore ? store : new ObservedTaskStore(store, engineOf);
  }

  @Override
  public void create(Task task) {
    delegate.create(task);
    LogContext.task(task.id());
    remember(task);
    Log.info("task.created", "action", task.action(), "status", task.status(), "parentId", task.parentId());
    if (Log.enabled(Log.Level.DEBUG) && task.prompt() != null) {
      String prompt = task.prompt();
      Log.debug("task.prompt", "prompt", prompt.length() > PROMPT_CHARS ? prompt.substring(0, PROMPT_CHARS) + "..." : prompt);
    }
  }

  @Override
  public Optional<Task> get(String id) {
    Optional<Task> task = delegate.get(id);
    task.ifPresent(this::remember);
    return task;
  }

  @Override
  public List<Task> getAll(Collection<String> ids) {
    return delegate.getAll(ids);
  }

  @Override
  public List<Task> listByTenant(String tenant, int limit) {
    return delegate.listByTenant(tenant, limit);
  }

  @Override
  public List<Task> listUnfinishedByTenant(String tenant, long submittedSince, int limit) {
    return delegate.listUnfinishedByTenant(tenant, submittedSince, limit);
  }

  @Override
  public Task update(Task current, Task next) {
    Task stored = delegate.update(current, next);
    remember(stored);
    if (current.status() != stored.status()) {
      Log.info("task.status", "from", current.status(), "to", stored.status(), "progress", stored.progress(),
          "jobId", stored.jobId());
      if (stored.status().isFinal()) {
        ended(stored);
      }
    }
    return stored;
  }

  @Override
  public List<String> idsUntouchedSince(TaskStatus status, long updatedBefore, int limit) {
    return delegate.idsUntouchedSince(status, updatedBefore, limit);
  }

  @Override
  public void delete(String id) {
    delegate.delete(id);
  }

  private void ended(Task task) {
    Long finish = task.finishTime();
    Long job = finish != null && task.startTime() != null ? finish - task.startTime() : null;
    Long endToEnd = finish != null && task.submitTime() != null ? finish - task.submitTime() : null;
    String engine = engineOf(task);
    Log.info("task.ended", "status", task.status(), "failReason", task.failReason(), "jobMillis", job,
        "endToEndMillis", endToEnd, "action", task.action());
    Metrics.taskEnded(task.status().name(), engine, task.modeOrFast().name(), job, endToEnd);
  }

  private void remember(Task task) {
    LogContext.task(task.id(), task.tenant(), task.modeOrFast().name(), engineOf(task));
  }

  private String engineOf(Task task) {
    try {
      return engineOf.apply(task.modeOrFast());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
