package io.mjserverless.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskStatusTest {
  @Test
  void forwardMovesAreAllowed() {
    assertTrue(TaskStatus.NOT_START.canMoveTo(TaskStatus.SUBMITTED));
    assertTrue(TaskStatus.SUBMITTED.canMoveTo(TaskStatus.IN_PROGRESS));
    assertTrue(TaskStatus.IN_PROGRESS.canMoveTo(TaskStatus.IN_PROGRESS));
    assertTrue(TaskStatus.IN_PROGRESS.canMoveTo(TaskStatus.SUCCESS));
    assertTrue(TaskStatus.MODAL.canMoveTo(TaskStatus.NOT_START));
    assertTrue(TaskStatus.SUBMITTED.canMoveTo(TaskStatus.CANCEL));
  }

  @Test
  void backwardMovesAndLeavingAFinalStatusAreRefused() {
    assertFalse(TaskStatus.IN_PROGRESS.canMoveTo(TaskStatus.SUBMITTED));
    assertFalse(TaskStatus.SUBMITTED.canMoveTo(TaskStatus.NOT_START));
    assertFalse(TaskStatus.MODAL.canMoveTo(TaskStatus.SUCCESS));
    for (TaskStatus fin : new TaskStatus[] {TaskStatus.SUCCESS, TaskStatus.FAILURE, TaskStatus.CANCEL}) {
      assertTrue(fin.isFinal());
      for (TaskStatus other : TaskStatus.values()) {
        assertEquals(other == fin, fin.canMoveTo(other), fin + " -> " + other);
      }
    }
  }

  @Test
  void idsAreDigitsTimeOrderedAndDistinct() {
    TaskIds early = new TaskIds(Clock.fixed(Instant.ofEpochMilli(1_763_800_000_000L), ZoneOffset.UTC));
    TaskIds late = new TaskIds(Clock.fixed(Instant.ofEpochMilli(1_763_800_000_001L), ZoneOffset.UTC));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String a = early.next();
      assertEquals(19, a.length());
      assertTrue(TaskIds.looksValid(a));
      assertTrue(a.compareTo(late.next()) < 0, "ids of a later millisecond sort after");
      seen.add(a);
    }
    assertTrue(seen.size() > 990, "six random digits keep same-millisecond ids apart");
    assertFalse(TaskIds.looksValid("12ab"));
    assertFalse(TaskIds.looksValid(""));
    assertFalse(TaskIds.looksValid(null));
  }
}
