package io.mjserverless.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mjserverless.core.engine.simulator.SimulatorTimeline;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
  private static final long START = 1_760_000_000_000L;

  private static Task running(Mode mode, String progress) {
    return Task.builder().id("1760000000000123456").action(TaskAction.IMAGINE).mode(mode).status(TaskStatus.SUBMITTED)
        .prompt("a fox").promptEn("a fox").submitTime(START - 100).startTime(START).jobId("job-1").progress(progress)
        .build();
  }

  private static LiveProgress at(long millisAfterStart) {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(START + millisAfterStart), ZoneOffset.UTC);
    return new LiveProgress(Map.of(Mode.FAST, new SimulatorTimeline(1.0)), clock);
  }

  @Test
  void aSimulatedJobShowsTheProgressAndPreviewOfItsClock() {
    Task shown = at(16_000).now(running(Mode.FAST, "0%")); // 16 of 30 s: step 3
    assertEquals(TaskStatus.IN_PROGRESS, shown.status());
    assertEquals("46%", shown.progress());
    assertEquals(ResultKeys.preview(shown.id(), 46), shown.imageUrl());
    assertEquals("77%", at(29_999).now(running(Mode.FAST, "0%")).progress());
    assertEquals("77%", at(90_000).now(running(Mode.FAST, "0%")).progress(), "never 100% before StoreResult wrote SUCCESS");
  }

  @Test
  void storedTasksOfOtherEnginesFinishedTasksAndHigherStoredProgressAreShownAsStored() {
    Task relax = running(Mode.RELAX, "0%");
    assertSame(relax, at(16_000).now(relax), "RELAX is not simulated here");
    Task ahead = running(Mode.FAST, "62%");
    assertSame(ahead, at(1_000).now(ahead));
    Task done = running(Mode.FAST, "100%").toBuilder().status(TaskStatus.SUCCESS).build();
    assertSame(done, at(16_000).now(done));
    Task notDispatched = running(Mode.FAST, null).toBuilder().status(TaskStatus.NOT_START).jobId(null).build();
    assertSame(notDispatched, at(16_000).now(notDispatched));
  }
}
