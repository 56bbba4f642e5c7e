package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static io.mjserverless.local.asl.Asl.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AslExecutorTest {
  private static final Duration MAX = Duration.ofSeconds(3);

  private static void assertSucceeded(ExecutionInfo info) {
    assertEquals(ExecutionStatus.SUCCEEDED, info.status(), () -> info.error() + ": " + info.cause() + " " + info.history());
  }

  // ---------------------------------------------------------------- Pass, paths, templates

  @Test
  void passWithResultAndResultPathAddsToTheInput() {
    JsonNode def = machine("P", "{'P': {'Type': 'Pass', 'Result': {'x': [1, 2]}, 'ResultPath': '$.result', 'End': true}}");
    assertEquals(json("{'a': 1, 'result': {'x': [1, 2]}}"), Asl.output(def, json("{'a': 1}")));
  }

  @Test
  void passWithoutResultPassesItsInputThrough() {
    JsonNode def = machine("P", "{'P': {'Type': 'Pass', 'Next': 'Q'}, 'Q': {'Type': 'Pass', 'End': true}}");
    assertEquals(json("{'a': 1}"), Asl.output(def, json("{'a': 1}")));
  }

  @Test
  void parametersBuildNestedObjectsAndArraysFromPathsAndStatics() {
    JsonNode def = machine("P", "{'P': {'Type': 'Pass', 'Parameters': {"
        + "'id.$': '$.task.id', 'fixed': 'yes', 'all.$': '$', 'nested': {'deep': {'v.$': '$.task.n'}, 'keep': [1, {'w.$': '$.task.id'}]},"
        + "'list': [{'a.$': '$.task.n'}, 'plain']}, 'End': true}}");
    JsonNode out = Asl.output(def, json("{'task': {'id': 'T1', 'n': 7}}"));
    assertEquals(json("{'id': 'T1', 'fixed': 'yes', 'all': {'task': {'id': 'T1', 'n': 7}},"
        + " 'nested': {'deep': {'v': 7}, 'keep': [1, {'w': 'T1'}]}, 'list': [{'a': 7}, 'plain']}"), out);
  }

  @Test
  void inputPathSelectsAndOutputPathFilters() {
    JsonNode def = machine("P", "{'P': {'Type': 'Pass', 'InputPath': '$.inner', 'Parameters': {'got.$': '$.v'},"
        + " 'ResultPath': '$.res', 'OutputPath': '$.res', 'End': true}}");
    assertEquals(json("{'got': 42}"), Asl.output(def, json("{'inner': {'v': 42}, 'other': 1}")));
  }

  @Test
  void nullInputPathAndOutputPathGiveEmptyObjects() {
    JsonNode def = machine("A", "{'A': {'Type': 'Pass', 'InputPath': null, 'ResultPath': '$.seen', 'Next': 'B'},"
        + " 'B': {'Type': 'Pass', 'OutputPath': null, 'End': true}}");
    ExecutionInfo info = Asl.run(def, Asl.ECHO, json("{'a': 1}"));
    assertSucceeded(info);
    assertEquals(json("{}"), info.output());
    JsonNode def2 = machine("A", "{'A': {'Type': 'Pass', 'InputPath': null, 'ResultPath': '$.seen', 'End': true}}");
    assertEquals(json("{'a': 1, 'seen': {}}"), Asl.output(def2, json("{'a': 1}")));
  }

  @Test
  void resultPathNullDiscardsTheResultAndNestedPathsAreCreated() {
    List<String> seen = new ArrayList<>();
    TaskInvoker invoker = (r, in) -> {
      seen.add(r);
      return json("{'big': 'result'}");
    };
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'discard', 'ResultPath': null, 'Next': 'U'},"
        + " 'U': {'Type': 'Task', 'Resource': 'nest', 'ResultPath': '$.a.b.c', 'End': true}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'keep': true, 'a': {'x': 1}}"));
    assertSucceeded(info);
    assertEquals(List.of("discard", "nest"), seen);
    assertEquals(json("{'keep': true, 'a': {'x': 1, 'b': {'c': {'big': 'result'}}}}"), info.output());
  }

  @Test
  void resultSelectorShapesTheTaskResultBeforeResultPath() {
    TaskInvoker invoker = (r, in) -> json("{'Payload': {'status': 'ok', 'noise': [1, 2, 3]}, 'meta': 1}");
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'ResultSelector': {'s.$': '$.Payload.status',"
        + " 'n.$': 'States.ArrayLength($.Payload.noise)', 'c': 'const'}, 'ResultPath': '$.out', 'End': true}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'in': 1}"));
    assertSucceeded(info);
    assertEquals(json("{'in': 1, 'out': {'s': 'ok', 'n': 3, 'c': 'const'}}"), info.output());
  }

  @Test
  void aPathThatMatchesNothingFailsWithStatesRuntimeEvenWithACatchAll() {
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'Parameters': {'x.$': '$.missing'},"
        + " 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'S'}], 'End': true}, 'S': {'Type': 'Succeed'}}");
    ExecutionInfo info = Asl.run(def, Asl.NO_TASKS, json("{'a': 1}"));
    assertEquals(ExecutionStatus.FAILED, info.status());
    assertEquals("States.Runtime", info.error());
    assertTrue(info.cause().contains("$.missing") && info.cause().contains("x.$"), info.cause());
    for (String path : List.of("'InputPath': '$.nope'", "'OutputPath': '$.nope'")) {
      ExecutionInfo i2 = Asl.run(machine("P", "{'P': {'Type': 'Pass', " + path + ", 'End': true}}"), Asl.ECHO, json("{}"));
      assertEquals("States.Runtime", i2.error(), path);
    }
  }

  @Test
  void aResultPathThatCannotApplyIsCatchable() {
    TaskInvoker invoker = (r, in) -> IntNode.valueOf(1);
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'ResultPath': '$.a.b',"
        + " 'Catch': [{'ErrorEquals': ['States.ResultPathMatchFailure'], 'ResultPath': '$.err', 'Next': 'S'}], 'End': true},"
        + " 'S': {'Type': 'Succeed'}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'a': 'not an object'}"));
    assertSucceeded(info);
    assertEquals("States.ResultPathMatchFailure", info.output().at("/err/Error").asText());
  }

  // ---------------------------------------------------------------- context object

  @Test
  void contextObjectFields() {
    Instant t0 = Instant.parse("2026-03-04T05:06:07.089Z");
    JsonNode def = machine("Ctx", "{'Ctx': {'Type': 'Pass', 'Parameters': {'id.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name',"
        + " 'input.$': '$$.Execution.Input', 'start.$': '$$.Execution.StartTime', 'state.$': '$$.State.Name',"
        + " 'entered.$': '$$.State.EnteredTime', 'retries.$': '$$.State.RetryCount', 'sm.$': '$$.StateMachine.Id',"
        + " 'smName.$': '$$.StateMachine.Name'}, 'End': true}}");
    AslExecutor.Options options = AslExecutor.Options.defaults().withStateMachineName("TaskStateMachine");
    try (AslExecutor ex = new AslExecutor(def, Asl.ECHO, null, 0, Clock.fixed(t0, ZoneOffset.UTC), options)) {
      String arn = ex.start("exec-1", json("{'taskId': 'T9'}"));
      ExecutionInfo info = ex.await("exec-1", MAX);
      assertSucceeded(info);
      assertEquals("arn:aws:states:us-east-1:000000000000:execution:TaskStateMachine:exec-1", arn);
      assertEquals(json("{'id': '" + arn + "', 'name': 'exec-1', 'input': {'taskId': 'T9'},"
          + " 'start': '2026-03-04T05:06:07.089Z', 'state': 'Ctx', 'entered': '2026-03-04T05:06:07.089Z', 'retries': 0,"
          + " 'sm': 'arn:aws:states:us-east-1:000000000000:stateMachine:TaskStateMachine', 'smName': 'TaskStateMachine'}"),
          info.output());
      assertEquals(t0, info.startTime());
      assertEquals(t0, info.stopTime());
      assertEquals(ex.stateMachineArn(), info.output().get("sm").asText());
    }
  }

  // ---------------------------------------------------------------- Choice

  @Test
  void choiceRoutesOnTheFirstMatchingRuleElseDefault() {
    JsonNode def = machine("C", "{'C': {'Type': 'Choice', 'Choices': ["
        + "{'Variable': '$.outcome', 'StringEquals': 'DONE', 'Next': 'Done'},"
        + "{'Variable': '$.polls', 'NumericGreaterThanEquals': 3, 'Next': 'Many'}], 'Default': 'Other'},"
        + " 'Done': {'Type': 'Pass', 'Result': 'done', 'End': true}, 'Many': {'Type': 'Pass', 'Result': 'many', 'End': true},"
        + " 'Other': {'Type': 'Pass', 'Result': 'other', 'End': true}}");
    assertEquals(TextNode.valueOf("done"), Asl.output(def, json("{'outcome': 'DONE', 'polls': 9}")));
    assertEquals(TextNode.valueOf("many"), Asl.output(def, json("{'outcome': 'RUNNING', 'polls': 3}")));
    assertEquals(TextNode.valueOf("other"), Asl.output(def, json("{'outcome': 'RUNNING', 'polls': 1}")));
  }

  @Test
  void choiceWithoutAMatchOrDefaultFailsWithNoChoiceMatched() {
    JsonNode def = machine("C", "{'C': {'Type': 'Choice', 'InputPath': '$.in', 'OutputPath': '$.v',"
        + " 'Choices': [{'Variable': '$.v', 'BooleanEquals': true, 'Next': 'S'}]}, 'S': {'Type': 'Succeed'}}");
    assertEquals(json("true"), Asl.output(def, json("{'in': {'v': true}}")));
    ExecutionInfo info = Asl.run(def, Asl.ECHO, json("{'in': {'v': false}}"));
    assertEquals(ExecutionStatus.FAILED, info.status());
    assertEquals("States.NoChoiceMatched", info.error());
  }

  // ---------------------------------------------------------------- Wait

  @Test
  void waitSecondsIsScaled() {
    JsonNode def = machine("W", "{'W': {'Type': 'Wait', 'Seconds': 100, 'End': true}}");
    try (AslExecutor ex = Asl.executor(def, Asl.ECHO, null, 0.001)) {
      long t = System.nanoTime();
      ex.start("w", json("{'a': 1}"));
      ExecutionInfo info = ex.await("w", MAX);
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertSucceeded(info);
      assertTrue(ms >= 90, "waited " + ms + " ms");
      assertEquals(json("{'a': 1}"), info.output());
      assertEquals("100.000s", info.events(HistoryEvent.Type.WAIT_STARTED).get(0).detail());
    }
  }

  @Test
  void waitSecondsPathReadsTheEffectiveInput() {
    JsonNode def = machine("W", "{'W': {'Type': 'Wait', 'InputPath': '$.cfg', 'SecondsPath': '$.waitSeconds', 'End': true}}");
    ExecutionInfo info = Asl.run(def, Asl.ECHO, json("{'cfg': {'waitSeconds': 7}}"));
    assertSucceeded(info);
    assertEquals(json("{'waitSeconds': 7}"), info.output());
    assertEquals("7.000s", info.events(HistoryEvent.Type.WAIT_STARTED).get(0).detail());
    ExecutionInfo bad = Asl.run(def, Asl.ECHO, json("{'cfg': {'waitSeconds': 'soon'}}"));
    assertEquals("States.Runtime", bad.error());
    ExecutionInfo negative = Asl.run(def, Asl.ECHO, json("{'cfg': {'waitSeconds': -1}}"));
    assertEquals("States.Runtime", negative.error());
  }

  @Test
  void waitTimestampAndTimestampPathWaitUntilThatTimeOnTheClock() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    JsonNode def = machine("W1", "{'W1': {'Type': 'Wait', 'Timestamp': '2026-01-01T00:01:00Z', 'Next': 'W2'},"
        + " 'W2': {'Type': 'Wait', 'TimestampPath': '$.until', 'Next': 'W3'},"
        + " 'W3': {'Type': 'Wait', 'Timestamp': '2025-12-31T00:00:00+02:00', 'End': true}}");
    try (AslExecutor ex = new AslExecutor(def, Asl.ECHO, null, 0.001, clock)) {
      long t = System.nanoTime();
      ex.start("w", json("{'until': '2026-01-01T01:00:30+01:00'}"));
      ExecutionInfo info = ex.await("w", MAX);
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertSucceeded(info);
      List<String> waits = info.events(HistoryEvent.Type.WAIT_STARTED).stream().map(HistoryEvent::detail).toList();
      assertEquals(List.of("60.000s", "30.000s", "0.000s"), waits);
      assertTrue(ms >= 80, "waited " + ms + " ms");
    }
    ExecutionInfo bad = Asl.run(machine("W", "{'W': {'Type': 'Wait', 'TimestampPath': '$.t', 'End': true}}"), Asl.ECHO,
        json("{'t': 'not a time'}"));
    assertEquals("States.Runtime", bad.error());
  }

  @Test
  void hundredsOfExecutionsWaitAtOnceWithoutAThreadEach() {
    JsonNode def = machine("W", "{'W': {'Type': 'Wait', 'Seconds': 1, 'Next': 'T'}, 'T': {'Type': 'Task', 'Resource': 'r', 'End': true}}");
    AtomicInteger tasks = new AtomicInteger();
    TaskInvoker invoker = (r, in) -> {
      tasks.incrementAndGet();
      return in;
    };
    int n = 400;
    int threadsBefore = Thread.activeCount();
    try (AslExecutor ex = Asl.executor(def, invoker, null, 0.15)) {
      for (int i = 0; i < n; i++) {
        ex.start("e" + i, json("{'i': " + i + "}"));
      }
      assertTrue(Thread.activeCount() - threadsBefore < 40, "threads: " + (Thread.activeCount() - threadsBefore));
      for (int i = 0; i < n; i++) {
        assertSucceeded(ex.await("e" + i, MAX));
      }
      assertEquals(n, tasks.get());
      assertEquals(n, ex.list().size());
    }
  }

  // ---------------------------------------------------------------- Task, Retry, Catch

  /** Fails with error "Boom" the first `failures` times, recording $$.State.RetryCount as passed in Parameters. */
  private static final class Flaky implements TaskInvoker {
    final int failures;
    final String error;
    final List<Integer> attempts = new ArrayList<>();

    Flaky(int failures, String error) {
      this.failures = failures;
      this.error = error;
    }

    @Override
    public synchronized JsonNode invoke(String resource, JsonNode input) throws TaskFailedException {
      attempts.add(input.get("attempt").asInt());
      if (attempts.size() <= failures) {
        throw new TaskFailedException(error, "failure " + attempts.size());
      }
      return json("{'ok': true}");
    }
  }

  private static final Pattern DELAY = Pattern.compile("after ([0-9.]+)s");

  private static List<Double> delays(ExecutionInfo info) {
    List<Double> out = new ArrayList<>();
    for (HistoryEvent e : info.events(HistoryEvent.Type.RETRY_SCHEDULED)) {
      Matcher m = DELAY.matcher(e.detail());
      assertTrue(m.find(), e.detail());
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  private static JsonNode retrying(String retry) {
    return machine("T", "{'T': {'Type': 'Task', 'Resource': 'flaky', 'Parameters': {'attempt.$': '$$.State.RetryCount'},"
        + " 'Retry': " + retry + ", 'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Caught'}],"
        + " 'ResultPath': '$.result', 'End': true}, 'Caught': {'Type': 'Pass', 'End': true}}");
  }

  @Test
  void retryCountsAttemptsAndBacksOffWithRateAndMaxDelay() {
    Flaky flaky = new Flaky(4, "Boom");
    ExecutionInfo info = Asl.run(retrying("[{'ErrorEquals': ['Boom'], 'IntervalSeconds': 1, 'MaxAttempts': 5,"
        + " 'BackoffRate': 2, 'MaxDelaySeconds': 5}]"), flaky, json("{}"));
    assertSucceeded(info);
    assertEquals(List.of(0, 1, 2, 3, 4), flaky.attempts);
    assertEquals(List.of(1.0, 2.0, 4.0, 5.0), delays(info));
    assertEquals(json("{'ok': true}"), info.output().get("result"));
    assertEquals(List.of("T"), info.enteredStates());
  }

  @Test
  void retryDefaultsAreOneSecondThreeAttemptsRateTwo() {
    Flaky flaky = new Flaky(10, "Boom");
    ExecutionInfo info = Asl.run(retrying("[{'ErrorEquals': ['Boom']}]"), flaky, json("{}"));
    assertSucceeded(info);
    assertEquals(List.of(0, 1, 2, 3), flaky.attempts);
    assertEquals(List.of(1.0, 2.0, 4.0), delays(info));
    assertEquals(List.of("T", "Caught"), info.enteredStates());
    assertEquals(json("{'Error': 'Boom', 'Cause': 'failure 4'}"), info.output().get("error"));
  }

  @Test
  void theFirstMatchingRetrierDecidesAndEachCountsItsOwnAttempts() {
    TaskInvoker invoker = new TaskInvoker() {
      int n;

      @Override
      public synchronized JsonNode invoke(String r, JsonNode in) throws TaskFailedException {
        n++;
        // A, B, A, B, A: retrier 0 (A) allows 2, retrier 1 (States.ALL) allows 5.
        throw new TaskFailedException(n % 2 == 1 ? "A" : "B", "n=" + n);
      }
    };
    ExecutionInfo info = Asl.run(retrying("[{'ErrorEquals': ['A'], 'IntervalSeconds': 1, 'MaxAttempts': 2},"
        + " {'ErrorEquals': ['States.ALL'], 'IntervalSeconds': 10, 'MaxAttempts': 5}]"), invoker, json("{}"));
    assertSucceeded(info);
    assertEquals(List.of(1.0, 10.0, 2.0, 20.0), delays(info));
    assertEquals("A", info.output().at("/error/Error").asText(), "the third A is not retried: retrier 0 is spent");
    assertEquals("n=5", info.output().at("/error/Cause").asText());
  }

  @Test
  void maxAttemptsZeroNeverRetries() {
    Flaky flaky = new Flaky(1, "Boom");
    ExecutionInfo info = Asl.run(retrying("[{'ErrorEquals': ['Boom'], 'MaxAttempts': 0}]"), flaky, json("{'in': 1}"));
    assertSucceeded(info);
    assertEquals(List.of(0), flaky.attempts);
    assertTrue(info.events(HistoryEvent.Type.RETRY_SCHEDULED).isEmpty());
    assertEquals(json("{'in': 1, 'error': {'Error': 'Boom', 'Cause': 'failure 1'}}"), info.output());
  }

  @Test
  void fullJitterKeepsEachDelayBelowTheBackoff() {
    Flaky flaky = new Flaky(6, "Boom");
    ExecutionInfo info = Asl.run(retrying("[{'ErrorEquals': ['Boom'], 'IntervalSeconds': 3, 'MaxAttempts': 6,"
        + " 'MaxDelaySeconds': 60, 'JitterStrategy': 'FULL'}]"), flaky, json("{}"));
    assertSucceeded(info);
    List<Double> d = delays(info);
    double[] caps = {3, 6, 12, 24, 48, 60};
    assertEquals(6, d.size());
    for (int i = 0; i < d.size(); i++) {
      assertTrue(d.get(i) >= 0 && d.get(i) <= caps[i], d.toString());
    }
  }

  @Test
  void taskFailedMatchesErrorsButNotTimeout() {
    assertTrue(AslExecutor.matches(List.of("States.TaskFailed"), "java.lang.IllegalStateException"));
    assertFalse(AslExecutor.matches(List.of("States.TaskFailed"), "States.Timeout"));
    assertTrue(AslExecutor.matches(List.of("States.ALL"), "States.Timeout"));
    assertFalse(AslExecutor.matches(List.of("States.ALL"), "States.Runtime"));
    assertFalse(AslExecutor.matches(List.of("A", "B"), "C"));
    assertTrue(AslExecutor.matches(List.of("A", "B"), "B"));
  }

  @Test
  void anUncaughtTaskErrorFailsTheExecutionWithTheExceptionClassName() {
    TaskInvoker invoker = (r, in) -> {
      throw new IllegalStateException("engine down");
    };
    ExecutionInfo info = Asl.run(machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'End': true}}"), invoker, json("{}"));
    assertEquals(ExecutionStatus.FAILED, info.status());
    assertEquals("java.lang.IllegalStateException", info.error());
    assertEquals("engine down", info.cause());
    assertNull(info.output());
    assertEquals(1, info.events(HistoryEvent.Type.TASK_FAILED).size());
  }

  @Test
  void catchAllWithResultPathKeepsTheInputAndAddsTheError() {
    TaskInvoker invoker = (r, in) -> {
      throw new TaskFailedException("io.example.Broken", "it broke");
    };
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'Catch': ["
        + "{'ErrorEquals': ['Other'], 'Next': 'Wrong'}, {'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Handle'}],"
        + " 'Next': 'Wrong'}, 'Wrong': {'Type': 'Fail'}, 'Handle': {'Type': 'Pass', 'End': true}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'taskId': 'T1'}"));
    assertSucceeded(info);
    assertEquals(json("{'taskId': 'T1', 'error': {'Error': 'io.example.Broken', 'Cause': 'it broke'}}"), info.output());
    assertEquals(List.of("T", "Handle"), info.enteredStates());
    assertEquals("io.example.Broken -> Handle", info.events(HistoryEvent.Type.CATCH_TAKEN).get(0).detail());
  }

  @Test
  void catchResultPathDefaultReplacesAndNullKeepsTheInput() {
    TaskInvoker invoker = (r, in) -> {
      throw new TaskFailedException("E", "c");
    };
    String states = "{'T': {'Type': 'Task', 'Resource': 'r', 'Catch': [{'ErrorEquals': ['E'], %s'Next': 'S'}], 'End': true},"
        + " 'S': {'Type': 'Succeed'}}";
    assertEquals(json("{'Error': 'E', 'Cause': 'c'}"), Asl.run(machine("T", String.format(states, "")), invoker, json("{'a': 1}")).output());
    assertEquals(json("{'a': 1}"), Asl.run(machine("T", String.format(states, "'ResultPath': null, ")), invoker, json("{'a': 1}")).output());
  }

  @Test
  void failStateWithErrorAndCause() {
    ExecutionInfo info = Asl.run(machine("F", "{'F': {'Type': 'Fail', 'Error': 'JobFailed', 'Cause': 'the engine said no'}}"),
        Asl.ECHO, json("{}"));
    assertEquals(ExecutionStatus.FAILED, info.status());
    assertEquals("JobFailed", info.error());
    assertEquals("the engine said no", info.cause());
    assertNotNull(info.stopTime());
  }

  @Test
  void failStateWithErrorPathAndCausePath() {
    JsonNode def = io.mjserverless.core.json.Json.tree("""
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e.name",
          "CausePath": "States.Format('{} after {} polls', $.e.why, $.polls)"}}}
        """);
    ExecutionInfo info = Asl.run(def, Asl.ECHO, Asl.json("{'e': {'name': 'Deadline', 'why': 'too slow'}, 'polls': 4}"));
    assertEquals("Deadline", info.error());
    assertEquals("too slow after 4 polls", info.cause());
  }

  @Test
  void lambdaInvokeCallsTheFunctionWithThePayloadAndWrapsTheResult() {
    Asl.Calls calls = new Asl.Calls();
    TaskInvoker invoker = (r, in) -> {
      calls.add(r, in);
      return json("{'answer': 42}");
    };
    JsonNode def = machine("L", "{'L': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke',"
        + " 'Parameters': {'FunctionName': 'arn:aws:lambda:us-east-1:000000000000:function:Poll:live', 'Payload': {'taskId.$': '$.taskId'}},"
        + " 'ResultPath': '$.lambda', 'Next': 'M'},"
        + " 'M': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': {'FunctionName.$': '$.fn'},"
        + " 'ResultSelector': {'a.$': '$.Payload.answer', 'code.$': '$.StatusCode'}, 'ResultPath': '$.m', 'End': true}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'taskId': 'T1', 'fn': 'Other'}"));
    assertSucceeded(info);
    assertEquals(List.of("arn:aws:lambda:us-east-1:000000000000:function:Poll:live", "Other"), calls.resources);
    assertEquals(json("{'taskId': 'T1'}"), calls.inputs.get(0));
    assertEquals(json("{}"), calls.inputs.get(1));
    assertEquals(json("{'StatusCode': 200, 'Payload': {'answer': 42}}"), info.output().get("lambda"));
    assertEquals(json("{'a': 42, 'code': 200}"), info.output().get("m"));
  }

  @Test
  void taskTimeoutSecondsFailsWithStatesTimeoutAndInterruptsTheTask() throws Exception {
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    TaskInvoker invoker = (r, in) -> {
      if (calls.incrementAndGet() == 1) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
        return json("{'late': true}");
      }
      return json("{'second': true}");
    };
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'slow', 'TimeoutSeconds': 2,"
        + " 'Retry': [{'ErrorEquals': ['States.TaskFailed'], 'MaxAttempts': 3}, {'ErrorEquals': ['States.Timeout'], 'MaxAttempts': 1}],"
        + " 'End': true}}");
    AslExecutor.Options options = AslExecutor.Options.defaults().withTaskTimeoutScale(0.05);
    try (AslExecutor ex = new AslExecutor(def, invoker, null, 0, Clock.systemUTC(), options)) {
      long t = System.nanoTime();
      ex.start("t", json("{}"));
      ExecutionInfo info = ex.await("t", MAX);
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertSucceeded(info);
      assertEquals(json("{'second': true}"), info.output());
      assertTrue(ms >= 90 && ms < 2_000, ms + " ms");
      assertEquals("States.Timeout: The task did not finish within 2 seconds",
          info.events(HistoryEvent.Type.TASK_FAILED).get(0).detail());
      assertTrue(info.events(HistoryEvent.Type.RETRY_SCHEDULED).get(0).detail().startsWith("retrier 1"));
      for (int i = 0; i < 50 && !interrupted.get(); i++) {
        Thread.sleep(10);
      }
      assertTrue(interrupted.get());
    }
    JsonNode uncaught = machine("T", "{'T': {'Type': 'Task', 'Resource': 'slow', 'TimeoutSecondsPath': '$.limit', 'End': true}}");
    calls.set(0);
    try (AslExecutor ex = new AslExecutor(uncaught, invoker, null, 0, Clock.systemUTC(), options)) {
      ex.start("t", json("{'limit': 1}"));
      ExecutionInfo info = ex.await("t", MAX);
      assertEquals(ExecutionStatus.FAILED, info.status());
      assertEquals("States.Timeout", info.error());
    }
  }

  // ---------------------------------------------------------------- the execution API

  @Test
  void aNameCanBeUsedOnlyOnceEvenAfterTheExecutionFinished() {
    JsonNode def = machine("P", "{'P': {'Type': 'Pass', 'End': true}}");
    try (AslExecutor ex = Asl.executor(def, Asl.ECHO)) {
      ex.start("once", json("{}"));
      assertSucceeded(ex.await("once", MAX));
      ExecutionAlreadyExistsException e = assertThrows(ExecutionAlreadyExistsException.class, () -> ex.start("once", json("{}")));
      assertEquals("once", e.name());
      assertThrows(IllegalArgumentException.class, () -> ex.start("has space", json("{}")));
      assertThrows(IllegalArgumentException.class, () -> ex.start("a".repeat(81), json("{}")));
      assertTrue(ex.describe("never").isEmpty());
      assertThrows(NoSuchElementException.class, () -> ex.stop("never", "E", "c"));
    }
  }

  @Test
  void stopAbortsAWaitingExecution() {
    JsonNode def = machine("W", "{'W': {'Type': 'Wait', 'Seconds': 3600, 'Next': 'After'}, 'After': {'Type': 'Pass', 'End': true}}");
    try (AslExecutor ex = Asl.executor(def, Asl.ECHO, null, 1)) {
      ex.start("s", json("{}"));
      assertEquals(ExecutionStatus.RUNNING, ex.await("s", Duration.ofMillis(50)).status());
      assertEquals("W", ex.describe("s").orElseThrow().currentState());
      ExecutionInfo stopped = ex.stop("s", "Cancelled", "the user cancelled the task");
      assertEquals(ExecutionStatus.ABORTED, stopped.status());
      assertEquals("Cancelled", stopped.error());
      assertEquals("the user cancelled the task", stopped.cause());
      assertNotNull(stopped.stopTime());
      assertEquals(List.of("W"), ex.await("s", MAX).enteredStates());
      assertEquals(ExecutionStatus.ABORTED, ex.stop("s", "Again", null).status());
      assertEquals("Cancelled", ex.describe("s").orElseThrow().error());
    }
  }

  @Test
  void stopDuringATaskDiscardsItsResult() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    TaskInvoker invoker = (r, in) -> {
      calls.incrementAndGet();
      started.countDown();
      try {
        release.await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return json("{'done': true}");
    };
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'Next': 'U'}, 'U': {'Type': 'Task', 'Resource': 'r', 'End': true}}");
    try (AslExecutor ex = Asl.executor(def, invoker)) {
      ex.start("s", json("{}"));
      assertTrue(started.await(2, TimeUnit.SECONDS));
      ex.stop("s", null, null);
      release.countDown();
      Thread.sleep(50);
      ExecutionInfo info = ex.describe("s").orElseThrow();
      assertEquals(ExecutionStatus.ABORTED, info.status());
      assertEquals(List.of("T"), info.enteredStates());
      assertEquals(1, calls.get());
      assertTrue(info.events(HistoryEvent.Type.TASK_SUCCEEDED).isEmpty());
    }
  }

  @Test
  void theStateMachineTimeoutEndsTheExecutionTimedOut() {
    JsonNode def = json("{'TimeoutSeconds': 100, 'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1000, 'End': true}}}");
    try (AslExecutor ex = Asl.executor(def, Asl.ECHO, null, 0.001)) {
      ex.start("slow", json("{}"));
      ExecutionInfo info = ex.await("slow", MAX);
      assertEquals(ExecutionStatus.TIMED_OUT, info.status());
      assertEquals("States.Timeout", info.error());
      assertEquals(1, info.events(HistoryEvent.Type.EXECUTION_TIMED_OUT).size());
    }
  }

  @Test
  void historyRecordsEnteredAndExitedStatesInOrder() {
    JsonNode def = machine("A", "{'A': {'Type': 'Pass', 'Next': 'B'}, 'B': {'Type': 'Succeed'}}");
    ExecutionInfo info = Asl.run(def, Asl.ECHO, json("{}"));
    List<String> kinds = info.history().stream().map(e -> e.type() + (e.stateName() == null ? "" : ":" + e.stateName())).toList();
    assertEquals(List.of("EXECUTION_STARTED", "STATE_ENTERED:A", "STATE_EXITED:A", "STATE_ENTERED:B", "STATE_EXITED:B",
        "EXECUTION_SUCCEEDED"), kinds);
    for (int i = 0; i < info.history().size(); i++) {
      assertEquals(i + 1, info.history().get(i).id());
    }
  }

  @Test
  void theInvokerGetsACopyAndANullResultIsJsonNull() {
    TaskInvoker invoker = (r, in) -> {
      ((com.fasterxml.jackson.databind.node.ObjectNode) in).put("mutated", true);
      return null;
    };
    JsonNode def = machine("T", "{'T': {'Type': 'Task', 'Resource': 'r', 'ResultPath': '$.r', 'End': true}}");
    ExecutionInfo info = Asl.run(def, invoker, json("{'a': 1}"));
    assertSucceeded(info);
    assertEquals(json("{'a': 1, 'r': null}"), info.output());
  }
}
