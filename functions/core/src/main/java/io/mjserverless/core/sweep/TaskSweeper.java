package io.mjserverless.core.sweep;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.uploads.UploadService;
import io.mjserverless.core.workflow.TaskUpdates;
import io.mjserverless.core.workflow.WorkflowExecutions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The safety net under the workflow: every few minutes, tasks that are still unfinished long after
 * their mode's deadline (so their workflow should have ended them) are looked at one by one. A task
 * whose execution still runs is left to it; a task whose execution never started or ended without
 * finishing it (stopped by hand, a Lambda that kept failing past the retries, a lost start) becomes
 * FAILURE with a reason saying so, its engine job is dropped, and a second execution delivers its
 * final callback. Uploads that never came end the same way once their URL has long expired.
 */
public final class TaskSweeper {
  /** How long past its deadline a task may stay unfinished before the sweeper looks: the workflow's own ending comes first. */
  public static final Duration GRACE = Duration.ofMinutes(15);
  /** At most this many tasks per status per sweep; the next sweep takes the rest. */
  static final int BATCH = 200;

  private final TaskStore tasks;
  private final TaskUpdates updates;
  private final WorkflowExecutions executions;
  private final Supplier<Engines> engines;
  private final Config config;
  private final Clock clock;

  /** @param engines asked only for a task that has an engine job to drop (built at first use) */
  public TaskSweeper(TaskStore tasks, WorkflowExecutions executions, Supplier<Engines> engines, Config config, Clock clock) {
    this.tasks = tasks;
    this.updates = new TaskUpdates(tasks);
    this.executions = executions;
    this.engines = engines;
    this.config = config;
    this.clock = clock;
  }

  /** Real clients for a function configured by {@code config}; engines (and provider keys) only when a job must be dropped. */
  public static TaskSweeper fromConfig(Config config) {
    io.mjserverless.core.aws.AwsClients aws = io.mjserverless.core.aws.AwsClients.from(config);
    TaskStore tasks = new io.mjserverless.core.task.DynamoTaskStore(aws.dynamo(), config.tasksTable());
    Clock clock = Clock.systemUTC();
    Supplier<Engines> engines = new Supplier<>() {
      private Engines built;

      @Override
      public synchronized Engines get() {
        if (built == null) {
          built = Engines.fromConfig(config, new io.mjserverless.core.image.S3ImageStore(aws.s3(), aws.presigner(),
              config.imagesBucket(), config.publicImageBaseUrl().orElse(null), config.presignTtl()), tasks, aws, clock);
        }
        return built;
      }
    };
    return new TaskSweeper(tasks, new io.mjserverless.core.workflow.StepFunctionsWorkflowStarter(aws.sfn(),
        config.stateMachineArn()), engines, config, clock);
  }

  /** What one sweep did. */
  public record Report(int looked, List<String> ended, int stillRunning) {}

  public Report sweep() {
    long now = clock.millis();
    // No task can be overdue before the shortest deadline plus the grace has passed since its last write.
    long shortest = config.deadlines().values().stream().mapToLong(Duration::toMillis).min().orElse(0);
    long untouchedBefore = now - Math.min(shortest, UploadService.URL_TTL.toMillis()) - GRACE.toMillis();
    int looked = 0;
    int running = 0;
    List<String> ended = new ArrayList<>();
    for (TaskStatus status : List.of(TaskStatus.NOT_START, TaskStatus.SUBMITTED, TaskStatus.IN_PROGRESS)) {
      for (String id : tasks.idsUntouchedSince(status, untouchedBefore, BATCH)) {
        Optional<Task> found = tasks.get(id);
        if (found.isEmpty() || found.get().status().isFinal() || !overdue(found.get(), now)) {
          continue;
        }
        looked++;
        Optional<String> execution = executions.status(id);
        if (execution.isPresent() && execution.get().equals("RUNNING")) {
          running++; // its workflow still owns it (e.g. retrying a callback) and will end it
          continue;
        }
        if (end(found.get(), reason(found.get(), execution), now)) {
          ended.add(id);
        }
      }
    }
    return new Report(looked, ended, running);
  }

  /** Past its mode's deadline (or its upload URL's expiry) by more than the grace. */
  private boolean overdue(Task task, long now) {
    long dueBy;
    if (awaitsUpload(task)) {
      dueBy = task.submitTime() + UploadService.URL_TTL.toMillis();
    } else {
      long started = task.startTime() != null ? task.startTime() : task.submitTime();
      dueBy = started + config.deadline(task.mode() == null ? Mode.FAST : task.mode()).toMillis();
    }
    return now > dueBy + GRACE.toMillis();
  }

  private static boolean awaitsUpload(Task task) {
    return task.status() == TaskStatus.NOT_START && task.properties().containsKey("upload");
  }

  private static String reason(Task task, Optional<String> execution) {
    if (execution.isEmpty()) {
      return awaitsUpload(task)
          ? "no image was uploaded for the task before its upload URL expired"
          : "the task's workflow never started";
    }
    return "the task's workflow ended (" + execution.get() + ") without finishing the task";
  }

  private boolean end(Task task, String reason, long now) {
    Task after = updates.apply(task.id(), t -> t.status().isFinal() ? Optional.empty()
        : Optional.of(t.toBuilder().status(TaskStatus.FAILURE).failReason(reason).finishTime(now).build()));
    if (after.status() != TaskStatus.FAILURE || !reason.equals(after.failReason())) {
      return false; // ended meanwhile by someone else
    }
    if (after.jobId() != null) {
      try {
        engines.get().forTask(after).cancel(after);
      } catch (RuntimeException ignored) {
        // best effort: the job's result is no longer wanted
      }
    }
    executions.startEnding(after.id());
    return true;
  }
}
