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
  private final LocalAws aws;

  DynamoTaskStoreIT(LocalAws aws) {
    this.aws = aws;
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

  /**
   * {@code /mj/task/queue} reads the tenant's unfinished tasks only (the sparse index), however long its
   * history: the items DynamoDB reads for it are counted, through the observed store the API uses.
   */
  @Test
  void theQueueReadsOnlyUnfinishedTasksNotTheHistory() {
    String tenant = newTenant();
    for (int i = 0; i < 60; i++) {
      store.create(newTask(tenant, 10_000L + i).toBuilder().status(TaskStatus.SUCCESS).progress("100%").build());
    }
    Task waiting = newTask(tenant, 20_000L);
    Task running = newTask(tenant, 20_001L);
    Task finishing = newTask(tenant, 20_002L);
    store.create(waiting);
    store.create(running);
    store.create(finishing);
    store.update(running, running.toBuilder().status(TaskStatus.IN_PROGRESS).progress("40%").build());
    store.update(finishing, finishing.toBuilder().status(TaskStatus.FAILURE).failReason("x").build());
    store.create(newTask(newTenant(), 20_003L)); // another tenant's

    java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
    try (software.amazon.awssdk.services.dynamodb.DynamoDbClient counting = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .endpointOverride(aws.endpointDynamo()).region(aws.region()).credentialsProvider(aws.credentials())
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.response() instanceof software.amazon.awssdk.services.dynamodb.model.QueryResponse q) {
              read.addAndGet(q.scannedCount());
            }
          }
        })).build()) {
      TaskStore observed = ObservedTaskStore.of(new DynamoTaskStore(counting, aws.tasksTable()), mode -> "simulator");
      List<Task> queue = observed.listUnfinishedByTenant(tenant, 0L, 500);
      assertEquals(List.of(waiting.id(), running.id()), queue.stream().map(Task::id).collect(Collectors.toList()));
      assertEquals(TaskStatus.IN_PROGRESS, queue.get(1).status());
      assertEquals(2, read.get(), "only the two unfinished index entries are read, none of the 61 finished tasks");
      assertEquals(List.of(running.id()), observed.listUnfinishedByTenant(tenant, 20_001L, 500).stream().map(Task::id).toList());
      assertEquals(1, observed.listUnfinishedByTenant(tenant, 0L, 1).size());
    }
  }
}
