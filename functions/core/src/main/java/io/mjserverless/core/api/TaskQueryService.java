package io.mjserverless.core.api;

import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.task.TaskView;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading tasks (fetch, lists, seed) and cancelling one; all scoped to the caller's tenant. */
public final class TaskQueryService {
  public static final int MAX_LIST = 100;
  public static final int MAX_IDS = 500;
  /** At most this many tasks in {@code /mj/task/queue}: a tenant's queue is bounded by its accounts' slots. */
  public static final int MAX_QUEUE = 500;

  private final TaskStore tasks;
  private final ImageStore images;
  private final Clock clock;
  private final String discordInstanceId;
  private final SeedLookup seeds;
  private final LiveProgress live;

  /** Where a finished task's seed comes from: the task itself (simulator), or the provider that ran its job. */
  @FunctionalInterface
  public interface SeedLookup {
    /** @throws JobRejectedException when the engine has none; EngineBusyException when it cannot say now */
    Optional<String> seedOf(Task task);

    /** The seed recorded on the task. */
    static SeedLookup recorded() {
      return task -> Optional.ofNullable(task.seed()).map(String::valueOf);
    }

    /** Asks the task's engine; the engines are built at the first call, so API cold starts build none. */
    static SeedLookup fromEngines(java.util.function.Supplier<Engines> engines) {
      return task -> engines.get().forTask(task).imageSeed(task);
    }
  }

  public TaskQueryService(TaskStore tasks, ImageStore images, Clock clock, String discordInstanceId, SeedLookup seeds,
      LiveProgress live) {
    this.seeds = seeds;
    this.live = live;
    this.tasks = tasks;
    this.images = images;
    this.clock = clock;
    this.discordInstanceId = discordInstanceId;
  }

  /** The task JSON as of now: a job that follows the clock shows its current progress and preview. */
  public TaskView view(Task task) {
    return TaskView.of(live.now(task), images::url, discordInstanceId);
  }

  /** The task JSON; another tenant's task is a 404 like a missing one. */
  public TaskView fetch(RequestContext ctx, String id) {
    return view(readable(ctx, id).orElseThrow(() -> HttpError.notFound("task " + id + " not found")));
  }

  /** {@code {"ids": [...]}} with optional {@code status}, {@code action}, {@code limit}; unknown and foreign ids left out. */
  public List<TaskView> listByCondition(RequestContext ctx, RequestBody body) {
    List<String> ids = body.stringList("ids").orElse(List.of());
    if (ids.size() > MAX_IDS) {
      throw new ValidationException("ids", "ids may hold at most " + MAX_IDS + " ids, got " + ids.size());
    }
    Optional<TaskStatus> status = body.enumValue("status", TaskStatus.class);
    Optional<TaskAction> action = body.enumValue("action", TaskAction.class);
    int limit = body.integer("limit").orElse(MAX_IDS);
    if (limit < 1) {
      throw new ValidationException("limit", "limit must be at least 1");
    }
    Set<String> wanted = new LinkedHashSet<>();
    ids.stream().map(String::trim).filter(TaskIds::looksValid).forEach(wanted::add);
    if (wanted.isEmpty()) {
      return List.of();
    }
    return tasks.getAll(wanted).stream()
        .filter(ctx.caller()::canRead)
        .filter(t -> status.map(s -> s == t.status()).orElse(true))
        .filter(t -> action.map(a -> a == t.action()).orElse(true))
        .sorted(Comparator.comparing(Task::submitTime, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(limit)
        .map(this::view)
        .toList();
  }

  /** The tenant's newest tasks, newest first ({@code ?limit=} up to 100). */
  public List<TaskView> list(RequestContext ctx, Optional<String> limitParam) {
    int limit = MAX_LIST;
    if (limitParam.isPresent()) {
      try {
        limit = Integer.parseInt(limitParam.get().trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("limit must be an integer from 1 to " + MAX_LIST);
      }
      if (limit < 1 || limit > MAX_LIST) {
        throw HttpError.badRequest("limit must be an integer from 1 to " + MAX_LIST);
      }
    }
    return tasks.listByTenant(ctx.caller().tenant(), limit).stream().map(this::view).toList();
  }

  /**
   * The tenant's tasks waiting or running (NOT_START, SUBMITTED, IN_PROGRESS) on every engine, oldest
   * submit first, as the peers' {@code /mj/task/queue}. Only the recent window is read (the longest mode
   * deadline plus two hours): anything unfinished older than that has been ended by the sweeper.
   */
  public List<TaskView> queue(RequestContext ctx, java.time.Duration window) {
    long since = clock.millis() - window.toMillis();
    return tasks.listUnfinishedByTenant(ctx.caller().tenant(), since, MAX_QUEUE).stream().map(this::view).toList();
  }

  /** How far back {@link #queue} reads: the longest mode deadline plus two hours. */
  public static java.time.Duration queueWindow(io.mjserverless.core.config.Config config) {
    return config.deadlines().values().stream().max(java.util.Comparator.naturalOrder()).orElse(java.time.Duration.ofHours(1))
        .plusHours(2);
  }

  /** The seed of a finished task as a string; code 3 when unknown, code 4 while not finished. */
  public SubmitResult imageSeed(RequestContext ctx, String id) {
    Optional<Task> task = readable(ctx, id);
    if (task.isEmpty()) {
      return SubmitResult.notFound("task not found");
    }
    if (task.get().status() != TaskStatus.SUCCESS) {
      return SubmitResult.validation("task " + id + " is " + task.get().status() + "; the seed is known once it succeeds");
    }
    Optional<String> seed;
    try {
      seed = seeds.seedOf(task.get());
    } catch (JobRejectedException e) {
      return SubmitResult.notFound(e.getMessage());
    } catch (EngineBusyException e) {
      return new SubmitResult(SubmitResult.FAILURE, "the seed cannot be read now: " + e.getMessage(), null, Map.of());
    } catch (RuntimeException e) {
      // e.g. the provider key could not be read when the engines were built for this call
      io.mjserverless.core.log.Log.error("seed.lookup-failed", e, "seedTaskId", id);
      return new SubmitResult(SubmitResult.FAILURE, "the seed cannot be read now; try again later", null, Map.of());
    }
    if (seed.isEmpty()) {
      return SubmitResult.notFound("task " + id + " has no seed");
    }
    return new SubmitResult(SubmitResult.SUCCESS, "Success", seed.get(), Map.of());
  }

  /**
   * Cancels an unfinished task of the caller: status CANCEL with a reason. The task's execution ends
   * itself at its next step (a conditional write can no longer move the task), cancels the engine's
   * job and delivers the CANCEL callback; stopping it from outside would lose that callback.
   */
  public SubmitResult cancel(RequestContext ctx, String id) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Task> found = TaskIds.looksValid(id) ? tasks.get(id).filter(ctx.caller()::owns) : Optional.empty();
      if (found.isEmpty()) {
        return SubmitResult.notFound("task not found");
      }
      Task task = found.get();
      if (task.status().isFinal()) {
        return SubmitResult.validation("task " + id + " has already finished (" + task.status() + ")");
      }
      Task cancelled = task.toBuilder()
          .status(TaskStatus.CANCEL)
          .failReason("cancelled by the client")
          .finishTime(clock.millis())
          .build();
      try {
        tasks.update(task, cancelled);
      } catch (TaskConflictException e) {
        continue; // the workflow moved the task meanwhile: read it again
      }
      return new SubmitResult(SubmitResult.SUCCESS, "Success", id, Map.of());
    }
    return SubmitResult.of(SubmitResult.FAILURE, "the task kept changing; try again");
  }

  private Optional<Task> readable(RequestContext ctx, String id) {
    if (!TaskIds.looksValid(id)) {
      return Optional.empty();
    }
    return tasks.get(id).filter(ctx.caller()::canRead);
  }
}
