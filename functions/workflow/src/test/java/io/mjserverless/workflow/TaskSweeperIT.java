package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.sweep.TaskSweeper;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.workflow.WorkflowExecutions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sweeper on DynamoDB Local's byStatus index, with a clock moved past the deadlines and executions as the test says. */
@ExtendWith(LocalAwsExtension.class)
class TaskSweeperIT {
  private final MutableClock clock = new MutableClock(System.currentTimeMillis());
  private final TaskStore tasks;
  private final TaskIds ids = new TaskIds(clock);
  private final Map<String, String> executionStatus = new ConcurrentHashMap<>();
  private final List<String> endingsStarted = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final TaskSweeper sweeper;

  TaskSweeperIT(LocalAws aws) {
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable(), clock);
    WorkflowExecutions executions = new WorkflowExecutions() {
      @Override
      public Optional<String> status(String taskId) {
        return Optional.ofNullable(executionStatus.get(taskId));
      }

      @Override
      public void startEnding(String taskId) {
        endingsStarted.add(taskId);
      }
    };
    Engine engine = new Engine() {
      @Override
      public Submission submit(Task task) {
        throw new UnsupportedOperationException("the sweeper never submits");
      }

      @Override
      public JobStatus poll(Task task) {
        throw new UnsupportedOperationException("the sweeper never polls");
      }

      @Override
      public JobResult result(Task task) {
        throw new UnsupportedOperationException("the sweeper never reads results");
      }

      @Override
      public void cancel(Task task) {
        cancelled.add(task.id());
      }
    };
    Map<Mode, Engine> byMode = new EnumMap<>(Mode.class);
    for (Mode m : Mode.values()) {
      byMode.put(m, engine);
    }
    Engines engines = new Engines(byMode);
    sweeper = new TaskSweeper(tasks, executions, () -> engines, Config.from(aws.environment()), clock);
  }

  private Task create(TaskStatus status, Mode mode, Map<String, Object> properties) {
    Task task = Task.builder().id(ids.next()).tenant("sweep").keyId("k").action(TaskAction.IMAGINE).status(status).mode(mode)
        .prompt("a fox").promptEn("a fox").submitTime(clock.millis())
        .startTime(status == TaskStatus.NOT_START ? null : clock.millis())
        .jobId(status == TaskStatus.NOT_START ? null : "job-1").progress(status == TaskStatus.NOT_START ? null : "0%")
        .properties(properties).build();
    tasks.create(task);
    return task;
  }

  @Test
  void tasksTheirWorkflowLostEndAsFailureWithTheirCallbackOnItsWay() {
    Task neverStarted = create(TaskStatus.NOT_START, Mode.FAST, Map.of());
    Task aborted = create(TaskStatus.IN_PROGRESS, Mode.FAST, Map.of());
    executionStatus.put(aborted.id(), "ABORTED");
    Task stillRunning = create(TaskStatus.IN_PROGRESS, Mode.FAST, Map.of());
    executionStatus.put(stillRunning.id(), "RUNNING");
    Task noUpload = create(TaskStatus.NOT_START, Mode.RELAX, Map.of("upload", Map.of("count", 1)));
    Task relaxInTime = create(TaskStatus.SUBMITTED, Mode.RELAX, Map.of()); // relax has 60 minutes

    clock.advance(Duration.ofMinutes(45)); // past FAST's 15 + 15 of grace, not RELAX's 60 + 15
    TaskSweeper.Report report = sweeper.sweep();

    assertTrue(report.ended().containsAll(List.of(neverStarted.id(), aborted.id(), noUpload.id())), report.toString());
    assertFalse(report.ended().contains(stillRunning.id()));
    assertFalse(report.ended().contains(relaxInTime.id()));
    assertEquals("the task's workflow never started", tasks.get(neverStarted.id()).orElseThrow().failReason());
    Task abortedNow = tasks.get(aborted.id()).orElseThrow();
    assertEquals(TaskStatus.FAILURE, abortedNow.status());
    assertEquals("the task's workflow ended (ABORTED) without finishing the task", abortedNow.failReason());
    assertTrue(tasks.get(noUpload.id()).orElseThrow().failReason().contains("no image was uploaded"));
    assertEquals(TaskStatus.IN_PROGRESS, tasks.get(stillRunning.id()).orElseThrow().status());
    assertEquals(TaskStatus.SUBMITTED, tasks.get(relaxInTime.id()).orElseThrow().status());
    assertTrue(endingsStarted.containsAll(List.of(neverStarted.id(), aborted.id(), noUpload.id())));
    assertTrue(cancelled.contains(aborted.id()), "the engine's job is dropped");
    assertFalse(cancelled.contains(neverStarted.id()), "no job, nothing to drop");

    clock.advance(Duration.ofMinutes(40)); // now RELAX is overdue too
    TaskSweeper.Report later = sweeper.sweep();
    assertTrue(later.ended().contains(relaxInTime.id()), later.toString());
    assertFalse(later.ended().contains(aborted.id()), "a task is ended once");
  }

  @Test
  void theScheduledFunctionAnswersItsReport() throws Exception {
    Task lost = create(TaskStatus.SUBMITTED, Mode.TURBO, Map.of());
    clock.advance(Duration.ofMinutes(30));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SweepFunction(sweeper).handleRequest(new ByteArrayInputStream(
        "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}".getBytes()), out, null);
    assertTrue(Json.tree(out.toString()).path("ended").toString().contains(lost.id()), out.toString());
  }
}
