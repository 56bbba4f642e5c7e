package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.Config;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sweeper on DynamoDB Local's byStatus index, with a clock moved past the deadlines and executions as the test says. */
@ExtendWith(LocalAwsExtension.class)
class TaskSweeperIT {
  private final MutableClock clock = new MutableClock(System.currentTimeMillis());
  private final TaskStore tasks;
  private final TaskIds ids = new TaskIds(clock);
  private final Map<String, String> executionStatus = new ConcurrentHashMap<>();
  /** task id -> the reason its ending execution was started with. */
  private final Map<String, String> endings = new ConcurrentHashMap<>();
  private final Map<String, Long> endingVersions = new ConcurrentHashMap<>();
  private final LocalAws aws;
  private final TaskSweeper sweeper;

  TaskSweeperIT(LocalAws aws) {
    this.aws = aws;
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable(), clock);
    WorkflowExecutions executions = new WorkflowExecutions() {
      @Override
      public Optional<String> status(String taskId) {
        if ("throws".equals(executionStatus.get(taskId))) {
          throw new IllegalStateException("Step Functions is unreachable");
        }
        return Optional.ofNullable(executionStatus.get(taskId));
      }

      @Override
      public void startEnding(String taskId, String reason, long version) {
        endings.put(taskId, reason);
        endingVersions.put(taskId, version);
      }
    };
    sweeper = new TaskSweeper(tasks, executions, Config.from(aws.environment()), clock);
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
  void lostTasksGetTheirEndingStartedAndLiveOnesAreLeftAlone() {
    Task neverStarted = create(TaskStatus.NOT_START, Mode.FAST, Map.of());
    Task aborted = create(TaskStatus.IN_PROGRESS, Mode.FAST, Map.of());
    executionStatus.put(aborted.id(), "ABORTED");
    Task stillRunning = create(TaskStatus.IN_PROGRESS, Mode.FAST, Map.of());
    executionStatus.put(stillRunning.id(), "RUNNING");
    Task redrive = create(TaskStatus.SUBMITTED, Mode.FAST, Map.of());
    executionStatus.put(redrive.id(), "PENDING_REDRIVE");
    Task unreachable = create(TaskStatus.SUBMITTED, Mode.FAST, Map.of());
    executionStatus.put(unreachable.id(), "throws");
    Task noUpload = create(TaskStatus.NOT_START, Mode.RELAX, Map.of("upload", Map.of("count", 1)));
    Task relaxInTime = create(TaskStatus.SUBMITTED, Mode.RELAX, Map.of()); // relax has 60 minutes
    Task modal = create(TaskStatus.MODAL, Mode.FAST, Map.of());

    clock.advance(Duration.ofMinutes(45)); // past FAST's 15 + 15 of grace, not RELAX's 60 + 15
    TaskSweeper.Report report = sweeper.sweep();

    assertEquals("the task's workflow never started", endings.get(neverStarted.id()));
    assertEquals("the task's workflow ended (ABORTED) without finishing the task", endings.get(aborted.id()));
    assertEquals("no image was uploaded for the task before its upload URL expired", endings.get(noUpload.id()));
    assertEquals(0L, endingVersions.get(aborted.id()), "judged at the version it was read");
    for (Task alive : List.of(stillRunning, redrive, relaxInTime, modal)) {
      assertFalse(endings.containsKey(alive.id()), alive.status() + " " + executionStatus.get(alive.id()));
    }
    assertTrue(report.errors().stream().anyMatch(e -> e.startsWith(unreachable.id())), report.toString());
    assertTrue(report.ended().containsAll(List.of(neverStarted.id(), aborted.id(), noUpload.id())), report.toString());
    assertEquals(TaskStatus.IN_PROGRESS, tasks.get(aborted.id()).orElseThrow().status(), "the sweeper itself writes nothing");

    clock.advance(Duration.ofMinutes(40)); // now RELAX is overdue too
    assertTrue(sweeper.sweep().ended().contains(relaxInTime.id()));
    clock.advance(Duration.ofHours(24));
    sweeper.sweep();
    assertEquals("the modal was not confirmed within 24 hours", endings.get(modal.id()));
  }

  @Test
  void theEndingExecutionEndsOnlyATaskThatDidNotMoveAndThenNotifies() {
    WorkflowFixture wf = new WorkflowFixture(aws);
    Task lost = wf.task(wf.submit("shorten", Json.write(Map.of("prompt", "a lost fox"))).result().toString());
    Task moved = wf.task(wf.submit("shorten", Json.write(Map.of("prompt", "a moved fox"))).result().toString());
    Map<String, Object> error = Map.of("Error", "TaskLost", "Cause", "the task's workflow never started");
    var skipped = wf.step(wf.recordFailure, "record-failure.json", moved.id(),
        Map.of("error", error, "expectVersion", moved.version() + 1));
    assertEquals("SKIPPED", skipped.path("outcome").asText(), "it moved since the sweep: left alone");
    assertEquals(TaskStatus.NOT_START, wf.task(moved.id()).status());
    var endedState = wf.step(wf.recordFailure, "record-failure.json", lost.id(),
        Map.of("error", error, "expectVersion", lost.version()));
    assertEquals("FAILED", endedState.path("outcome").asText());
    Task ended = wf.task(lost.id());
    assertEquals(TaskStatus.FAILURE, ended.status());
    assertEquals("the task's workflow never started", ended.failReason());
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
