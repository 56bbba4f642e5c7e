package io.mjserverless.core.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where tasks live. Writes are conditional: {@link #create} never overwrites, {@link #update} only
 * succeeds against the version it read and only along {@link TaskStatus#canMoveTo}.
 */
public interface TaskStore {

  /** Stores a new task. @throws TaskConflictException when the id exists already. */
  void create(Task task);

  /** Consistent read of any tenant's task. */
  Optional<Task> get(String id);

  /** Reads many by id (unknown ids left out, order not guaranteed). */
  List<Task> getAll(Collection<String> ids);

  /** A tenant's newest tasks, newest first. */
  List<Task> listByTenant(String tenant, int limit);

  /**
   * A tenant's unfinished tasks (NOT_START, SUBMITTED, IN_PROGRESS) submitted at or after
   * {@code submittedSince} (epoch ms), oldest first, at most {@code limit}: what {@code /mj/task/queue} shows.
   */
  default List<Task> listUnfinishedByTenant(String tenant, long submittedSince, int limit) {
    return listByTenant(tenant, 1000).stream()
        .filter(t -> t.submitTime() != null && t.submitTime() >= submittedSince && TaskStatus.QUEUED_OR_RUNNING.contains(t.status()))
        .sorted(java.util.Comparator.comparing(Task::submitTime))
        .limit(limit)
        .toList();
  }

  /**
   * Replaces {@code current} with {@code next}: succeeds only if the stored version still equals
   * {@code current.version()} and the status move is allowed. Returns what was written (version + 1).
   * @throws TaskConflictException when another writer got there first or the move is not allowed.
   */
  Task update(Task current, Task next);

  /**
   * Ids of tasks in {@code status} not written since {@code updatedBefore} (epoch ms), oldest first,
   * at most {@code limit}: what the sweeper looks at.
   */
  default List<String> idsUntouchedSince(TaskStatus status, long updatedBefore, int limit) {
    return List.of();
  }

  /** Deletes a task; used only to undo a create whose follow-up failed before anyone saw the id. */
  void delete(String id);
}
