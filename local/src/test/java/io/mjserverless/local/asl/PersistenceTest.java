package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static io.mjserverless.local.asl.Asl.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executions survive a restart of the executor when it has a state directory. */
class PersistenceTest {
  @TempDir
  Path dir;

  /** A clock the test moves forward. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));

  private static final JsonNode WAITING = machine("Route", "{"
      + "'Route': {'Type': 'Choice', 'Choices': [{'Variable': '$.quick', 'BooleanEquals': true, 'Next': 'Done'}], 'Default': 'Prepare'},"
      + "'Prepare': {'Type': 'Pass', 'Result': 'prepared', 'ResultPath': '$.prep', 'Next': 'LongWait'},"
      + "'LongWait': {'Type': 'Wait', 'Seconds': 3600, 'Next': 'Work'},"
      + "'Work': {'Type': 'Task', 'Resource': 'work', 'ResultPath': '$.work', 'Next': 'Done'},"
      + "'Done': {'Type': 'Succeed'}}");

  @Test
  void aWaitingExecutionResumesWithItsRemainingTimeAfterARestart() throws IOException {
    AtomicInteger work = new AtomicInteger();
    TaskInvoker invoker = (r, in) -> json("{'n': " + work.incrementAndGet() + "}");
    try (AslExecutor first = new AslExecutor(WAITING, invoker, dir, 1, clock)) {
      first.start("slow", json("{'quick': false}"));
      first.start("fast", json("{'quick': true}"));
      assertEquals(ExecutionStatus.SUCCEEDED, first.await("fast", Duration.ofSeconds(2)).status());
      ExecutionInfo waiting = first.await("slow", Duration.ofMillis(100));
      assertEquals(ExecutionStatus.RUNNING, waiting.status());
      assertEquals("LongWait", waiting.currentState());
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("fast.execution.json", "slow.execution.json"), names, "one file each, no temporary files left");
    }
    clock.advance(Duration.ofSeconds(3600).minusMillis(50));
    try (AslExecutor second = new AslExecutor(WAITING, invoker, dir, 1, clock)) {
      assertEquals(ExecutionStatus.SUCCEEDED, second.describe("fast").orElseThrow().status());
      assertEquals(ExecutionStatus.RUNNING, second.describe("slow").orElseThrow().status());
      assertThrows(ExecutionAlreadyExistsException.class, () -> second.start("fast", json("{}")));
      assertThrows(ExecutionAlreadyExistsException.class, () -> second.start("slow", json("{}")));
      long t = System.nanoTime();
      assertEquals(List.of("slow"), second.resumePersisted());
      ExecutionInfo info = second.await("slow", Duration.ofSeconds(2));
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + " " + info.cause());
      assertTrue(ms < 1_000, ms + " ms");
      assertEquals(List.of("Route", "Prepare", "LongWait", "Work", "Done"), info.enteredStates());
      assertEquals(json("{'quick': false, 'prep': 'prepared', 'work': {'n': 1}}"), info.output());
      assertEquals(1, info.events(HistoryEvent.Type.EXECUTION_RESUMED).size());
      assertEquals(1, work.get());
      assertEquals(Instant.parse("2026-05-01T10:00:00Z"), info.startTime());
    }
    try (AslExecutor third = new AslExecutor(WAITING, invoker, dir, 1, clock)) {
      assertEquals(List.of(), third.resumePersisted());
      assertEquals(ExecutionStatus.SUCCEEDED, third.describe("slow").orElseThrow().status());
      assertEquals(2, third.list().size());
    }
  }

  @Test
  void aTaskThatWasInFlightIsInvokedAgain() throws Exception {
    JsonNode def = machine("Work", "{'Work': {'Type': 'Task', 'Resource': 'work', 'Parameters': {'try.$': '$$.State.RetryCount'}, 'End': true}}");
    CountDownLatch started = new CountDownLatch(1);
    TaskInvoker hangs = (r, in) -> {
      started.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return json("{'from': 'first'}");
    };
    try (AslExecutor first = new AslExecutor(def, hangs, dir, 1, clock)) {
      first.start("job", json("{}"));
      assertTrue(started.await(2, TimeUnit.SECONDS));
    }
    TaskInvoker quick = (r, in) -> json("{'from': 'second'}");
    try (AslExecutor second = new AslExecutor(def, quick, dir, 1, clock)) {
      assertEquals(List.of("job"), second.resumePersisted());
      ExecutionInfo info = second.await("job", Duration.ofSeconds(2));
      assertEquals(ExecutionStatus.SUCCEEDED, info.status());
      assertEquals(json("{'from': 'second'}"), info.output());
      assertEquals(2, info.events(HistoryEvent.Type.TASK_STARTED).size());
    }
  }

  @Test
  void aRetryDelayResumesWithItsRemainingTimeAndRetryCount() {
    JsonNode def = machine("Work", "{'Work': {'Type': 'Task', 'Resource': 'work', 'Parameters': {'try.$': '$$.State.RetryCount'},"
        + " 'Retry': [{'ErrorEquals': ['Boom'], 'IntervalSeconds': 600, 'MaxAttempts': 2}], 'End': true}}");
    TaskInvoker fails = (r, in) -> {
      throw new TaskFailedException("Boom", "no");
    };
    try (AslExecutor first = new AslExecutor(def, fails, dir, 1, clock)) {
      first.start("job", json("{}"));
      ExecutionInfo info = first.await("job", Duration.ofMillis(100));
      assertEquals(1, info.events(HistoryEvent.Type.RETRY_SCHEDULED).size());
    }
    clock.advance(Duration.ofSeconds(600));
    Asl.Calls calls = new Asl.Calls();
    TaskInvoker works = (r, in) -> {
      calls.add(r, in);
      return in;
    };
    try (AslExecutor second = new AslExecutor(def, works, dir, 1, clock)) {
      second.resumePersisted();
      ExecutionInfo info = second.await("job", Duration.ofSeconds(2));
      assertEquals(ExecutionStatus.SUCCEEDED, info.status());
      assertEquals(List.of(json("{'try': 1}")), calls.inputs);
    }
  }

  @Test
  void anUnreadableFileIsSkipped() throws IOException {
    Files.writeString(dir.resolve("broken.execution.json"), "{not json");
    try (AslExecutor executor = new AslExecutor(WAITING, Asl.ECHO, dir, 0, clock)) {
      assertEquals(List.of(), executor.resumePersisted());
      assertTrue(executor.describe("broken").isEmpty());
      executor.start("name-with.dots_and-ünïcode", json("{'quick': true}"));
      assertEquals(ExecutionStatus.SUCCEEDED, executor.await("name-with.dots_and-ünïcode", Duration.ofSeconds(2)).status());
    }
    try (AslExecutor again = new AslExecutor(WAITING, Asl.ECHO, dir, 0, clock)) {
      assertEquals(ExecutionStatus.SUCCEEDED, again.describe("name-with.dots_and-ünïcode").orElseThrow().status());
    }
  }
}
