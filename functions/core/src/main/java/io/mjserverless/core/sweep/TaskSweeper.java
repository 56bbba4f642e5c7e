package io.mjserverless.core.sweep;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.uploads.UploadService;
import io.mjserverless.core.workflow.WorkflowExecutions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The safety net under the workflow: every few minutes, tasks still unfinished long after their mode's
 * deadline (so their workflow should have ended them) are looked at one by one. A task whose execution
 * still runs (or waits for a redrive) is left to it. For a task whose execution never started or ended
 * without finishing it (stopped by hand, a step that failed outside the Catch, a lost start), an upload
 * that never came, or a modal never confirmed, the sweeper starts the execution that ends it: FAILURE
 * with the reason below, only if the task has not moved since it was judged, then the callback. The
 * sweeper itself writes nothing, so a task is never ended without its callback on its way.
 */
public final class TaskSweeper {
  /** How long past its deadline a task may stay unfinished before the sweeper looks: the workflow's own ending comes first. */
  public static final Duration GRACE = Duration.ofMinutes(15);
  /** A modal (Vary Region, Custom Zoom...) the client never confirmed ends after this. */
  public static final Duration MODAL_TTL = Duration.ofHours(24);
  /** At most this many candidates per status per sweep; the next sweep takes the rest. */
  static final int BATCH = 500;

  private final TaskStore tasks;
  private final WorkflowExecutions executions;
  private final Config config;
  private final Clock clock;

  public TaskSweeper(TaskStore tasks, WorkflowExecutions executions, Config config, Clock clock) {
    this.tasks = tasks;
    this.executions = executions;
    this.config = config;
    this.clock = clock;
  }

  /** Real clients for a function configured by {@code config}. */
  public static TaskSweeper fromConfig(Config config) {
    return fromConfig(config, io.mjserverless.core.aws.AwsClients.from(config));
  }

  /** The sweeper of one Lambda container, with its SnapStart priming registered (SDK dry runs, no writes). */
  public static TaskSweeper forContainer() {
    Config config = Config.fromEnvironment();
    io.mjserverless.core.aws.AwsClients aws = io.mjserverless.core.aws.AwsClients.from(config);
    TaskSweeper sweeper = fromConfig(config, aws);
    io.mjserverless.core.snapstart.SnapStartPriming.register("SweepFunction", () -> {
      io.mjserverless.core.aws.ClientPriming.dynamo(aws, config.tasksTable(), io.mjserverless.core.aws.ClientPriming.sampleTask());
      io.mjserverless.core.aws.ClientPriming.stepFunctions(aws, config.stateMachineArn());
    });
    return sweeper;
  }

  /** As {@link #fromConfig(Config)}, on the shared clients of {@code aws}. */
  public static TaskSweeper fromConfig(Config config, io.mjserverless.core.aws.AwsClients aws) {
    return new TaskSweeper(new io.mjserverless.core.task.DynamoTaskStore(aws.dynamo(), config.tasksTable()),
        new io.mjserverless.core.workflow.StepFunctionsWorkflowStarter(aws::sfn, config.stateMachineArn()), config,
        Clock.systemUTC());
  }

  /** What one sweep did: tasks judged overdue, those whose ending was started, those left to a live execution, errors. */
  public record Report(int looked, List<String> ended, int stillRunning, List<String> errors) {}

  public Report sweep() {
    long now = clock.millis();
    // Nothing is overdue before the shortest deadline (or the upload URL's life) plus the grace has passed.
    long shortest = config.deadlines().values().stream().mapToLong(Duration::toMillis).min().orElse(0);
    long untouchedBefore = now - Math.min(shortest, UploadService.URL_TTL.toMillis()) - GRACE.toMillis();
    int looked = 0;
    int running = 0;
    List<String> ended = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (TaskStatus status : List.of(TaskStatus.NOT_START, TaskStatus.SUBMITTED, TaskStatus.IN_PROGRESS, TaskStatus.MODAL)) {
      long before = status == TaskStatus.MODAL ? now - MODAL_TTL.toMillis() : untouchedBefore;
      for (String id : tasks.idsUntouchedSince(status, before, BATCH)) {
        try {
          Optional<Task> found = tasks.get(id);
          // The index lags writes a little: judge the task as it is now.
          if (found.isEmpty() || found.get().status().isFinal() || !overdue(found.get(), now)
              || (found.get().updatedAt() != null && found.get().updatedAt() >= before)) {
            continue;
          }
          looked++;
          Task task = found.get();
          Optional<String> execution = task.status() == TaskStatus.MODAL ? Optional.empty() : executions.status(id);
          if (execution.isPresent() && !WorkflowExecutions.ENDED.contains(execution.get())) {
            running++; // its workflow still owns it (running, or waiting for a redrive) and will end it
            continue;
          }
          Mode mode = task.mode() == null ? Mode.FAST : task.mode();
          io.mjserverless.core.log.LogContext.task(id, task.tenant(), mode.name(), config.engines().get(mode));
          String why = reason(task, execution);
          executions.startEnding(id, why, task.version());
          io.mjserverless.core.log.Log.warn("sweep.ending-task", null, "status", task.status(), "reason", why,
              "execution", execution.orElse(null));
          ended.add(id);
        } catch (RuntimeException e) {
          // One task that cannot be judged or ended must not stop the sweep of the others.
          io.mjserverless.core.log.LogContext.task(id);
          io.mjserverless.core.log.Log.error("sweep.task-failed", e);
          errors.add(id + ": " + e.getMessage());
        } finally {
          io.mjserverless.core.log.LogContext.clearTask();
        }
      }
    }
    io.mjserverless.core.log.Log.info("sweep.done", "looked", looked, "ended", ended.size(), "stillRunning", running,
        "errors", errors.size());
    io.mjserverless.core.log.Metrics.sweep(ended.size(), running, errors.size());
    return new Report(looked, ended, running, errors);
  }

  /** Past its mode's deadline (its upload URL's expiry, its modal's life) by more than the grace. */
  private boolean overdue(Task task, long now) {
    long dueBy;
    if (task.status() == TaskStatus.MODAL) {
      dueBy = task.submitTime() + MODAL_TTL.toMillis();
    } else if (awaitsUpload(task)) {
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
    if (task.status() == TaskStatus.MODAL) {
      return "the modal was not confirmed within " + MODAL_TTL.toHours() + " hours";
    }
    if (execution.isEmpty()) {
      return awaitsUpload(task)
          ? "no image was uploaded for the task before its upload URL expired"
          : "the task's workflow never started";
    }
    return "the task's workflow ended (" + execution.get() + ") without finishing the task";
  }
}
