package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** lambda:invoke.waitForTaskToken: $$.Task.Token, SendTaskSuccess / Failure / Heartbeat, HeartbeatSeconds, TimeoutSeconds. */
class TaskTokenTest {
  /** Park hands the token to the function, then waits for it; a timeout or a lost heartbeat goes to Look. */
  private static JsonNode definition(String timing) {
    return Asl.machine("Park", "{"
        + "'Park': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken', " + timing
        + "  'Parameters': {'FunctionName': 'park', 'Payload': {'job.$': '$.job', 'token.$': '$$.Task.Token'}},"
        + "  'ResultPath': '$.result',"
        + "  'Catch': [{'ErrorEquals': ['States.Timeout', 'States.HeartbeatTimeout'], 'ResultPath': '$.error', 'Next': 'Look'},"
        + "            {'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Failed'}],"
        + "  'End': true},"
        + "'Look': {'Type': 'Pass', 'End': true},"
        + "'Failed': {'Type': 'Pass', 'End': true}}");
  }

  /** Records the tokens the function was given. */
  private static final class Parked implements TaskInvoker {
    final BlockingQueue<String> tokens = new ArrayBlockingQueue<>(10);

    @Override
    public JsonNode invoke(String resource, JsonNode input) {
      assertEquals("park", resource);
      tokens.add(input.get("token").asText());
      return json("{'ignored': true}");
    }

    String next() throws InterruptedException {
      String token = tokens.poll(2, TimeUnit.SECONDS);
      if (token == null) {
        throw new AssertionError("the function was not given a token");
      }
      return token;
    }
  }

  private static void awaitPhase(AslExecutor executor, String name) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (executor.describe(name).orElseThrow().history().stream().anyMatch(e -> e.type() == HistoryEvent.Type.TASK_SUBMITTED)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the Task never started waiting for its token");
  }

  @Test
  void sendTaskSuccessResumesWithItsOutputAsTheResult() throws Exception {
    Parked fn = new Parked();
    try (AslExecutor executor = new AslExecutor(definition("'TimeoutSeconds': 60,"), fn, null, 1, Clock.systemUTC())) {
      executor.start("ok", json("{'job': 'j1'}"));
      String token = fn.next();
      awaitPhase(executor, "ok");
      assertTrue(executor.holdsTaskToken(token));
      executor.sendTaskSuccess(token, json("{'outcome': 'SUCCEEDED'}"));
      ExecutionInfo info = executor.await("ok", Duration.ofSeconds(2));
      assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
      assertEquals(json("{'job': 'j1', 'result': {'outcome': 'SUCCEEDED'}}"), info.output(), "not wrapped like lambda:invoke's Payload");
      assertTrue(token.length() >= 32, token);
      assertThrows(NoSuchElementException.class, () -> executor.sendTaskSuccess(token, json("{}")), "a token is used once");
      assertThrows(NoSuchElementException.class, () -> executor.sendTaskSuccess("made-up", json("{}")));
    }
  }

  @Test
  void theFunctionMaySendTheTokenBackItselfBeforeItAnswers() {
    AslExecutor[] self = new AslExecutor[1];
    TaskInvoker sendsItself = (resource, input) -> {
      self[0].sendTaskSuccess(input.get("token").asText(), json("{'early': true}"));
      return json("{}");
    };
    try (AslExecutor executor = new AslExecutor(definition(""), sendsItself, null, 1, Clock.systemUTC())) {
      self[0] = executor;
      executor.start("early", json("{'job': 'j2'}"));
      ExecutionInfo info = executor.await("early", Duration.ofSeconds(2));
      assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
      assertEquals(json("{'early': true}"), info.output().get("result"));
    }
  }

  @Test
  void sendTaskFailureFailsTheStateWithItsErrorForCatch() throws Exception {
    Parked fn = new Parked();
    try (AslExecutor executor = new AslExecutor(definition(""), fn, null, 1, Clock.systemUTC())) {
      executor.start("fails", json("{'job': 'j3'}"));
      String token = fn.next();
      awaitPhase(executor, "fails");
      executor.sendTaskFailure(token, "JobFailed", "the provider said no");
      ExecutionInfo info = executor.await("fails", Duration.ofSeconds(2));
      assertEquals(List.of("Park", "Failed"), info.enteredStates());
      assertEquals(json("{'Error': 'JobFailed', 'Cause': 'the provider said no'}"), info.output().get("error"));
    }
  }

  @Test
  void aLostCallbackEndsInStatesTimeoutAndAMissingHeartbeatInStatesHeartbeatTimeout() throws Exception {
    Parked fn = new Parked();
    // time scale 0.01: 100 s of TimeoutSeconds take 1 s
    try (AslExecutor executor = new AslExecutor(definition("'TimeoutSeconds': 100,"), fn, null, 0.01, Clock.systemUTC())) {
      executor.start("silent", json("{'job': 'j4'}"));
      String token = fn.next();
      ExecutionInfo info = executor.await("silent", Duration.ofSeconds(5));
      assertEquals(List.of("Park", "Look"), info.enteredStates());
      assertEquals("States.Timeout", info.output().at("/error/Error").asText());
      assertTrue(!executor.holdsTaskToken(token), "the token dies with its attempt");
    }
    try (AslExecutor executor = new AslExecutor(definition("'TimeoutSeconds': 1000, 'HeartbeatSeconds': 50,"), fn, null, 0.01,
        Clock.systemUTC())) {
      executor.start("beating", json("{'job': 'j5'}"));
      String token = fn.next();
      awaitPhase(executor, "beating");
      for (int i = 0; i < 6; i++) { // 1.2 s of heartbeats every 0.2 s keep a 0.5 s heartbeat alive
        Thread.sleep(200);
        executor.sendTaskHeartbeat(token);
      }
      assertEquals(ExecutionStatus.RUNNING, executor.describe("beating").orElseThrow().status());
      ExecutionInfo info = executor.await("beating", Duration.ofSeconds(5));
      assertEquals(List.of("Park", "Look"), info.enteredStates());
      assertEquals("States.HeartbeatTimeout", info.output().at("/error/Error").asText());
    }
  }

  @Test
  void atTimeScaleZeroNothingWaitsForAToken() {
    try (AslExecutor executor = new AslExecutor(definition("'TimeoutSeconds': 3600,"), new Parked(), null, 0, Clock.systemUTC())) {
      executor.start("now", json("{'job': 'j7'}"));
      ExecutionInfo info = executor.await("now", Duration.ofSeconds(2));
      assertEquals(List.of("Park", "Look"), info.enteredStates());
      assertEquals("States.Timeout", info.output().at("/error/Error").asText());
    }
  }

  @Test
  void aWaitingTaskKeepsItsTokenAcrossARestart() throws Exception {
    Path dir = Files.createTempDirectory("asl-token-");
    Parked fn = new Parked();
    String token;
    try (AslExecutor first = new AslExecutor(definition("'TimeoutSeconds': 3600,"), fn, dir, 1, Clock.systemUTC())) {
      first.start("kept", json("{'job': 'j6'}"));
      token = fn.next();
      awaitPhase(first, "kept");
    }
    try (AslExecutor second = new AslExecutor(definition("'TimeoutSeconds': 3600,"), fn, dir, 1, Clock.systemUTC())) {
      assertEquals(List.of("kept"), second.resumePersisted());
      assertTrue(second.holdsTaskToken(token));
      second.sendTaskSuccess(token, json("{'after': 'restart'}"));
      ExecutionInfo info = second.await("kept", Duration.ofSeconds(2));
      assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
      assertEquals(json("{'after': 'restart'}"), info.output().get("result"));
      assertTrue(fn.tokens.isEmpty(), "not invoked again");
    }
  }
}
