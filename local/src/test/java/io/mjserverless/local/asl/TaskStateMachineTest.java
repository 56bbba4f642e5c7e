package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The project's own statemachine/task.asl.json, with fake workflow steps. */
class TaskStateMachineTest {
  private static final String CALLBACK_FAILED = "io.mjserverless.core.notify.CallbackFailedException";

  /** The definition with ${XFunctionArn} replaced by XFunctionArn, as SAM's DefinitionSubstitutions would. */
  static JsonNode definition() throws IOException {
    String text = Files.readString(Path.of("../statemachine/task.asl.json"));
    return Json.tree(text.replaceAll("\\$\\{(\\w+)}", "$1"));
  }

  /** Emulates the five step functions; Poll reports SUCCEEDED on its third call unless told otherwise. */
  static final class FakeSteps implements TaskInvoker {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> notifyInputs = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> recordFailureInputs = Collections.synchronizedList(new ArrayList<>());
    final Map<String, AtomicInteger> notifyFailuresLeft = new ConcurrentHashMap<>();
    volatile String finalOutcome = "SUCCEEDED";
    volatile int pollsUntilDone = 3;
    volatile String dispatchError;
    volatile int notifyFailures = 2;
    volatile int dispatchWaitSeconds = 5;
    volatile boolean callsBack;
    volatile AslExecutor executor;
    final List<JsonNode> awaitInputs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public JsonNode invoke(String resource, JsonNode input) throws TaskFailedException {
      calls.add(resource);
      String taskId = input.get("taskId").asText();
      switch (resource) {
        case "DispatchFunctionArn":
          if (dispatchError != null) {
            throw new TaskFailedException(dispatchError, "dispatch refused");
          }
          return state(taskId, 0, dispatchWaitSeconds, "RUNNING", null).put("awaitCallback", callsBack);
        case "AwaitJobFunctionArn": {
          // Keeps the token; an engine that calls back sends it back at once (its job just ended).
          awaitInputs.add(input);
          if (callsBack) {
            String token = input.get("taskToken").asText();
            java.util.concurrent.CompletableFuture.runAsync(() -> executor.sendTaskSuccess(token, json("{'ignored': 1}")));
          }
          return json("{'taskId': '" + taskId + "'}");
        }
        case "PollFunctionArn": {
          int polls = input.get("polls").asInt() + 1;
          if (polls < pollsUntilDone) {
            // a calling-back engine waits on its token for the safety net (long), never a few scaled ms that race the callback
            return state(taskId, polls, callsBack ? dispatchWaitSeconds : 5, "RUNNING", null).put("awaitCallback", callsBack);
          }
          return state(taskId, polls, 0, finalOutcome, finalOutcome.equals("SUCCEEDED") ? null : "the engine said " + finalOutcome);
        }
        case "StoreResultFunctionArn": {
          // Stores, then posts the final callback, which fails as often as told.
          notifyInputs.add(input);
          AtomicInteger left = notifyFailuresLeft.computeIfAbsent(taskId, k -> new AtomicInteger(notifyFailures));
          if (left.getAndDecrement() > 0) {
            throw new TaskFailedException(CALLBACK_FAILED, "callback answered 503");
          }
          return json("{'taskId': '" + taskId + "', 'delivered': true, 'outcome': 'SUCCEEDED'}");
        }
        case "RecordFailureFunctionArn":
          recordFailureInputs.add(input);
          if (input.path("expectVersion").asLong(-1) == 99) {
            return state(taskId, 0, 0, "SKIPPED", null); // the task moved since the sweep
          }
          return state(taskId, 0, 0, "FAILED", "recorded");
        case "NotifyFunctionArn": {
          notifyInputs.add(input);
          if (input.has("giveUp")) {
            return json("{'taskId': '" + taskId + "', 'gaveUp': true}");
          }
          AtomicInteger left = notifyFailuresLeft.computeIfAbsent(taskId, k -> new AtomicInteger(notifyFailures));
          if (left.getAndDecrement() > 0) {
            throw new TaskFailedException(CALLBACK_FAILED, "callback answered 503");
          }
          return json("{'taskId': '" + taskId + "', 'delivered': true}");
        }
        default:
          throw new AssertionError("unexpected resource " + resource);
      }
    }

    private static ObjectNode state(String taskId, int polls, int waitSeconds, String outcome, String reason) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("taskId", taskId).put("polls", polls).put("waitSeconds", waitSeconds).put("outcome", outcome).put("reason", reason);
      return o;
    }
  }

  private static ExecutionInfo run(FakeSteps steps, String taskId) throws IOException {
    AslExecutor.Options options = AslExecutor.Options.defaults().withStateMachineName("TaskStateMachine");
    try (AslExecutor executor = new AslExecutor(definition(), steps, null, 0.001, Clock.systemUTC(), options)) {
      steps.executor = executor;
      executor.start(taskId, json("{'taskId': '" + taskId + "'}"));
      return executor.await(taskId, Duration.ofSeconds(5));
    }
  }

  @Test
  void aTaskGoesFromDispatchThroughThreePollsToADeliveredCallback() throws IOException {
    FakeSteps steps = new FakeSteps();
    // AwaitJob's timeout also bounds its function's invocation: at time scale 0.001 give it 0.2 s, not 5 ms,
    // so a loaded machine still calls the function before the wait times out
    steps.dispatchWaitSeconds = 200;
    ExecutionInfo info = run(steps, "1700000000001");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
    assertEquals(List.of("Start", "Dispatch", "AwaitJob", "Poll", "CheckJob", "WaitForJob", "Poll", "CheckJob", "WaitForJob", "Poll",
        "CheckJob", "StoreResult"), info.enteredStates());
    // StoreResult stores and posts the callback; a failed callback is retried on it 10 s, 20 s.
    assertEquals(List.of("DispatchFunctionArn", "AwaitJobFunctionArn", "PollFunctionArn", "PollFunctionArn", "PollFunctionArn",
        "StoreResultFunctionArn", "StoreResultFunctionArn", "StoreResultFunctionArn"), steps.calls);
    List<String> retries = info.events(HistoryEvent.Type.RETRY_SCHEDULED).stream().map(HistoryEvent::detail).toList();
    assertEquals(List.of("retrier 0, retry 1 of 5, after 10.000s", "retrier 0, retry 2 of 5, after 20.000s"), retries);
    assertEquals(json("{'taskId': '1700000000001', 'delivered': true, 'outcome': 'SUCCEEDED'}"), info.output());
    // The first wait is AwaitJob's, on a task token that nothing sends back: it times out into Poll.
    assertEquals(List.of("5.000s", "5.000s"), info.events(HistoryEvent.Type.WAIT_STARTED).stream().map(HistoryEvent::detail).toList());
    assertEquals(1, info.events(HistoryEvent.Type.TASK_FAILED).stream().filter(e -> e.detail().startsWith("States.Timeout")).count());
    assertEquals("1700000000001", steps.awaitInputs.get(0).get("taskId").asText());
    assertTrue(steps.awaitInputs.get(0).get("taskToken").asText().length() > 20, "AwaitJob's function gets $$.Task.Token");
  }

  @Test
  void anEngineThatCallsBackResumesTheWaitAtOnceAndWaitsOnATokenAgainWhileRunning() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.callsBack = true;
    steps.dispatchWaitSeconds = 3600; // the safety net: far longer than this test may take
    steps.pollsUntilDone = 2;
    steps.notifyFailures = 0;
    ExecutionInfo info = run(steps, "1700000000003");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
    assertEquals(List.of("Start", "Dispatch", "AwaitJob", "Poll", "CheckJob", "AwaitJob", "Poll", "CheckJob", "StoreResult"),
        info.enteredStates());
    assertTrue(info.events(HistoryEvent.Type.TASK_FAILED).isEmpty(), "no wait timed out: " + info.history());
  }

  @Test
  void aJobWhoseEndIsKnownCostsSixTransitionsWhateverItsLength() throws IOException {
    for (int seconds : new int[] {30, 1800}) {
      FakeSteps steps = new FakeSteps();
      steps.dispatchWaitSeconds = seconds; // the simulator: Dispatch says when the job ends
      steps.pollsUntilDone = 1;
      steps.notifyFailures = 0;
      ExecutionInfo info = run(steps, "1700000000002");
      assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
      assertEquals(List.of("Start", "Dispatch", "AwaitJob", "Poll", "CheckJob", "StoreResult"), info.enteredStates());
      assertEquals(List.of("States.Timeout: The task did not end within its TimeoutSeconds"),
          info.events(HistoryEvent.Type.TASK_FAILED).stream().map(HistoryEvent::detail).toList(), "one wait of the job's length");
    }
  }

  @Test
  void aCallbackThatFailsOnStoreResultIsGivenUpOnWithoutStoringAgainElsewhere() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.pollsUntilDone = 1;
    steps.notifyFailures = 100;
    ExecutionInfo info = run(steps, "T-store-unreachable");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status());
    List<String> states = info.enteredStates();
    assertEquals(List.of("StoreResult", "CallbackGaveUp", "Done"), states.subList(states.size() - 3, states.size()));
    assertEquals(6, steps.calls.stream().filter("StoreResultFunctionArn"::equals).count(), "1 attempt + 5 retries");
    assertFalse(states.contains("RecordFailure"), "a callback that cannot be delivered does not fail the task: " + states);
    JsonNode giveUp = steps.notifyInputs.get(steps.notifyInputs.size() - 1);
    assertTrue(giveUp.get("giveUp").asBoolean());
    assertEquals(CALLBACK_FAILED, giveUp.at("/error/Error").asText());
  }

  @Test
  void aFailedJobIsRecordedWithItsReasonThenNotified() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.finalOutcome = "FAILED";
    steps.pollsUntilDone = 1;
    steps.notifyFailures = 0;
    ExecutionInfo info = run(steps, "T-failed");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status());
    assertEquals(List.of("Start", "Dispatch", "AwaitJob", "Poll", "CheckJob", "JobFailed", "RecordFailure", "Notify", "Done"),
        info.enteredStates());
    assertEquals(List.of(json("{'taskId': 'T-failed', 'error': {'Error': 'JobFailed', 'Cause': 'the engine said FAILED'}}")),
        steps.recordFailureInputs);
  }

  @Test
  void aDispatchErrorIsCaughtIntoRecordFailure() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.dispatchError = "io.mjserverless.core.engine.EngineRefusedException";
    steps.notifyFailures = 0;
    ExecutionInfo info = run(steps, "T-refused");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status());
    assertEquals(List.of("Start", "Dispatch", "RecordFailure", "Notify", "Done"), info.enteredStates());
    assertEquals(json("{'taskId': 'T-refused', 'error': {'Error': 'io.mjserverless.core.engine.EngineRefusedException',"
        + " 'Cause': 'dispatch refused'}}"), steps.recordFailureInputs.get(0));
  }

  @Test
  void aCallbackThatNeverArrivesEndsInCallbackGaveUp() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.finalOutcome = "FAILED"; // the final callback of a failed job goes through Notify
    steps.pollsUntilDone = 1;
    steps.notifyFailures = 100;
    ExecutionInfo info = run(steps, "T-unreachable");
    assertEquals(ExecutionStatus.SUCCEEDED, info.status());
    List<String> states = info.enteredStates();
    assertEquals(List.of("Notify", "CallbackGaveUp", "Done"), states.subList(states.size() - 3, states.size()));
    assertEquals(6, steps.notifyInputs.size() - 1, "1 attempt + 5 retries, then the give-up call");
    JsonNode giveUp = steps.notifyInputs.get(steps.notifyInputs.size() - 1);
    assertTrue(giveUp.get("giveUp").asBoolean());
    assertEquals(CALLBACK_FAILED, giveUp.at("/error/Error").asText());
    // CallbackGaveUp has ResultPath null: the output is its input, the Notify error included.
    assertEquals(CALLBACK_FAILED, info.output().at("/error/Error").asText());
  }

  private static ExecutionInfo runEnding(FakeSteps steps, String taskId, long version) throws IOException {
    AslExecutor.Options options = AslExecutor.Options.defaults().withStateMachineName("TaskStateMachine");
    try (AslExecutor executor = new AslExecutor(definition(), steps, null, 0.001, Clock.systemUTC(), options)) {
      String name = taskId + "-end";
      executor.start(name, json("{'taskId': '" + taskId + "', 'endReason': 'the workflow never started', 'expectVersion': "
          + version + "}"));
      return executor.await(name, Duration.ofSeconds(5));
    }
  }

  @Test
  void theSweepersExecutionEndsTheTaskAndNotifiesWithoutRunningIt() throws IOException {
    FakeSteps steps = new FakeSteps();
    steps.notifyFailures = 0;
    ExecutionInfo info = runEnding(steps, "1700000000009", 3);
    assertEquals(List.of("Start", "EndLostTask", "LostTaskEnded", "Notify", "Done"), info.enteredStates());
    JsonNode recorded = steps.recordFailureInputs.get(0);
    assertEquals("TaskLost", recorded.at("/error/Error").asText());
    assertEquals("the workflow never started", recorded.at("/error/Cause").asText());
    assertEquals(3, recorded.get("expectVersion").asLong());
    assertFalse(steps.calls.contains("DispatchFunctionArn"));
  }

  @Test
  void aTaskThatMovedSinceTheSweepIsLeftToItsOwnWorkflow() throws IOException {
    FakeSteps steps = new FakeSteps();
    ExecutionInfo info = runEnding(steps, "1700000000010", 99);
    assertEquals(List.of("Start", "EndLostTask", "LostTaskEnded", "Done"), info.enteredStates());
    assertTrue(steps.notifyInputs.isEmpty());
  }
}
