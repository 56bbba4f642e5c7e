package io.mjserverless.core.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.api.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotentSubmissionsTest {

  /** A map-backed store with the same claim rules as the DynamoDB one. */
  static final class MapStore implements IdempotencyStore {
    final Map<String, Entry> entries = new HashMap<>();

    @Override
    public synchronized boolean claim(String scope, String hash, long now, long expiresAt) {
      Entry e = entries.get(scope);
      if (e != null && e.expiresAt() >= now) {
        return false;
      }
      entries.put(scope, new Entry(scope, hash, null, now, expiresAt));
      return true;
    }

    @Override
    public synchronized Optional<Entry> get(String scope) {
      return Optional.ofNullable(entries.get(scope));
    }

    @Override
    public synchronized void complete(String scope, String json) {
      Entry e = entries.get(scope);
      entries.put(scope, new Entry(scope, e.requestHash(), json, e.createdAt(), e.expiresAt()));
    }

    @Override
    public synchronized void release(String scope) {
      entries.remove(scope);
    }
  }

  private final MapStore store = new MapStore();
  private final AtomicInteger calls = new AtomicInteger();
  private final IdempotentSubmissions submissions =
      new IdempotentSubmissions(store, Clock.fixed(Instant.ofEpochSecond(1_763_800_000L), ZoneOffset.UTC));

  private SubmitResult newTask() {
    return SubmitResult.success("task-" + calls.incrementAndGet(), Map.of("discordInstanceId", "x"));
  }

  @Test
  void withoutKeyEveryCallRuns() {
    submissions.run("t1", Optional.empty(), "body", this::newTask);
    submissions.run("t1", Optional.empty(), "body", this::newTask);
    assertEquals(2, calls.get());
  }

  @Test
  void sameKeyAndBodyAnswersTheFirstResultAgain() {
    SubmitResult first = submissions.run("t1", Optional.of("k1"), "body", this::newTask);
    SubmitResult again = submissions.run("t1", Optional.of("k1"), "body", this::newTask);
    assertEquals(1, calls.get());
    assertEquals(first.result(), again.result());
    assertEquals(first.code(), again.code());
    assertEquals("x", again.properties().get("discordInstanceId"));
  }

  @Test
  void sameKeyWithAnotherBodyIsCodeFour() {
    submissions.run("t1", Optional.of("k1"), "body", this::newTask);
    ValidationException e = assertThrows(ValidationException.class,
        () -> submissions.run("t1", Optional.of("k1"), "other body", this::newTask));
    assertEquals("Idempotency-Key", e.field());
  }

  @Test
  void keysAreScopedByTenant() {
    submissions.run("t1", Optional.of("k1"), "body", this::newTask);
    SubmitResult other = submissions.run("t2", Optional.of("k1"), "body", this::newTask);
    assertEquals(2, calls.get());
    assertEquals("task-2", other.result());
  }

  @Test
  void aRequestStillRunningIsAConflict() {
    store.claim("t1#k1", IdempotentSubmissions.sha256("body"), 1_763_800_000L, 1_763_900_000L);
    HttpError e = assertThrows(HttpError.class, () -> submissions.run("t1", Optional.of("k1"), "body", this::newTask));
    assertEquals(409, e.status());
  }

  @Test
  void failuresAreNotRememberedSoTheClientCanRetry() {
    assertThrows(IllegalStateException.class, () -> submissions.run("t1", Optional.of("k1"), "body", () -> {
      throw new IllegalStateException("boom");
    }));
    SubmitResult code9 = submissions.run("t1", Optional.of("k2"), "body", () -> SubmitResult.of(SubmitResult.FAILURE, "down"));
    assertEquals(9, code9.code());
    assertTrue(store.entries.isEmpty());
    assertEquals("task-1", submissions.run("t1", Optional.of("k1"), "body", this::newTask).result());
  }

  @Test
  void anExpiredRecordIsReclaimed() {
    store.entries.put("t1#k1", new IdempotencyStore.Entry("t1#k1", "old", "{}", 0, 10));
    assertEquals("task-1", submissions.run("t1", Optional.of("k1"), "body", this::newTask).result());
  }

  @Test
  void overlongKeyIsRefused() {
    assertThrows(ValidationException.class, () -> submissions.run("t1", Optional.of("k".repeat(300)), "b", this::newTask));
  }
}
