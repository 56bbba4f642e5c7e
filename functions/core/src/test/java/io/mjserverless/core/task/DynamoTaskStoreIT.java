package io.mjserverless.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class DynamoTaskStoreIT {
  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final DynamoTaskStore store;

  DynamoTaskStoreIT(LocalAws aws) {
    store = new DynamoTaskStore(aws.dynamo(), aws.tasksTable(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String newId() {
    return Long.toString(IDS.incrementAndGet());
  }

  private static String newTenant() {
    return "tenant-" + UUID.randomUUID();
  }

  private static Task newTask(String tenant, long submitTime) {
    return Task.builder()
        .id(newId())
        .tenant(tenant)
        .keyId("key-1")
        .action(TaskAction.IMAGINE)
        .mode(Mode.FAST)
        .prompt("a lighthouse at dusk")
        .submitTime(submitTime)
        .updatedAt(submitTime)
        .build();
  }

  @Test
  void createThenGetGivesAnEqualTask() {
    Task task = TaskItemsTest.fullTask().toBuilder().id(newId()).tenant(newTenant()).build();
    store.create(task);
    assertEquals(task, store.get(task.id()).orElseThrow());
  }

  @Test
  void getOfUnknownIdIsEmpty() {
    assertTrue(store.get(newId()).isEmpty());
  }

  @Test
  void secondCreateWithTheSameIdConflictsAndKeepsTheFirst() {
    Task first = newTask(newTenant(), 1_000L);
    store.create(first);
    Task second = first.toBuilder().prompt("something else").build();
    assertThrows(TaskConflictException.class, () -> store.create(second));
    assertEquals("a lighthouse at dusk", store.get(first.id()).orElseThrow().prompt());
  }

  @Test
  void updateWritesNextVersionAndTimestamp() {
    Task created = newTask(newTenant(), 1_000L);
    store.create(created);
    Task written = store.update(created, created.toBuilder().status(TaskStatus.IN_PROGRESS).progress("10%").build());
    assertEquals(1, written.version());
    assertEquals(NOW.toEpochMilli(), written.updatedAt());
    assertEquals(TaskStatus.IN_PROGRESS, written.status());
    assertEquals(written, store.get(created.id()).orElseThrow());
  }

  @Test
  void updateFromAStaleVersionConflicts() {
    Task created = newTask(newTenant(), 1_000L);
    store.create(created);
    Task v1 = store.update(created, created.toBuilder().status(TaskStatus.SUBMITTED).build());
    TaskConflictException e = assertThrows(TaskConflictException.class,
        () -> store.update(created, created.toBuilder().status(TaskStatus.IN_PROGRESS).build()));
    assertTrue(e.getMessage().contains("found version 1"), e.getMessage());
    assertEquals(v1, store.get(created.id()).orElseThrow());
  }

  @Test
  void updateWithTheRightVersionButAnotherStatusConflicts() {
    Task created = newTask(newTenant(), 1_000L);
    store.create(created);
    Task v1 = store.update(created, created.toBuilder().status(TaskStatus.IN_PROGRESS).build());
    // Same version number as stored, but a status that is not the stored one.
    Task forged = v1.toBuilder().status(TaskStatus.SUBMITTED).build();
    assertThrows(TaskConflictException.class,
        () -> store.update(forged, forged.toBuilder().status(TaskStatus.SUCCESS).build()));
    assertEquals(TaskStatus.IN_PROGRESS, store.get(created.id()).orElseThrow().status());
  }

  @Test
  void backwardsStatusMoveIsRefused() {
    Task created = newTask(newTenant(), 1_000L);
    store.create(created);
    Task done = store.update(created, created.toBuilder().status(TaskStatus.SUCCESS).progress("100%").build());
    assertThrows(TaskConflictException.class,
        () -> store.update(done, done.toBuilder().status(TaskStatus.IN_PROGRESS).build()));
    Task stored = store.get(created.id()).orElseThrow();
    assertEquals(TaskStatus.SUCCESS, stored.status());
    assertEquals(1, stored.version());
  }

  @Test
  void updateOfADeletedTaskConflicts() {
    Task created = newTask(newTenant(), 1_000L);
    store.create(created);
    store.delete(created.id());
    TaskConflictException e = assertThrows(TaskConflictException.class,
        () -> store.update(created, created.toBuilder().status(TaskStatus.SUBMITTED).build()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(store.get(created.id()).isEmpty());
  }

  @Test
  void listByTenantIsNewestFirstLimitedAndTenantScoped() {
    String tenant = newTenant();
    String other = newTenant();
    List<Task> mine = new ArrayList<>();
    for (long t : new long[] {3_000L, 1_000L, 5_000L, 2_000L, 4_000L}) {
      Task task = newTask(tenant, t);
      store.create(task);
      mine.add(task);
    }
    store.create(newTask(other, 9_000L));

    List<Task> listed = store.listByTenant(tenant, 10);
    assertEquals(List.of(5_000L, 4_000L, 3_000L, 2_000L, 1_000L),
        listed.stream().map(Task::submitTime).collect(Collectors.toList()));
    assertTrue(listed.stream().allMatch(t -> t.tenant().equals(tenant)));
    assertTrue(listed.containsAll(mine));

    assertEquals(List.of(5_000L, 4_000L),
        store.listByTenant(tenant, 2).stream().map(Task::submitTime).collect(Collectors.toList()));
    assertEquals(List.of(), store.listByTenant(newTenant(), 10));
  }

  @Test
  void getAllReadsMoreThanOneBatchAndSkipsUnknownIds() {
    String tenant = newTenant();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      Task task = newTask(tenant, 10_000L + i);
      store.create(task);
      ids.add(task.id());
    }
    List<String> asked = new ArrayList<>(ids);
    asked.add(newId());
    asked.add(newId());
    asked.add(ids.get(0)); // duplicates are read once
    asked.add(ids.get(129));

    List<Task> found = store.getAll(asked);
    assertEquals(130, found.size());
    Set<String> foundIds = found.stream().map(Task::id).collect(Collectors.toSet());
    assertEquals(new HashSet<>(ids), foundIds);
    assertTrue(found.stream().allMatch(t -> t.tenant().equals(tenant)));
    assertEquals(List.of(), store.getAll(List.of()));
  }

  @Test
  void deleteRemovesTheTask() {
    Task task = newTask(newTenant(), 1_000L);
    store.create(task);
    store.delete(task.id());
    assertTrue(store.get(task.id()).isEmpty());
  }
}
