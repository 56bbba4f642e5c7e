package io.mjserverless.core.task;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Tasks in one DynamoDB table keyed by {@code id}. Tenant listings use the {@code byTenant} index
 * ({@code tenant}, {@code submitTime}), a tenant's queue the sparse {@code unfinishedByTenant} index;
 * every write is a conditional put of the whole item.
 */
public final class DynamoTaskStore implements TaskStore {
  static final String BY_TENANT = "byTenant";
  static final String BY_STATUS = "byStatus";
  /**
   * A sparse index: only unfinished tasks carry {@link #UNFINISHED_TENANT}, so {@code /mj/task/queue} reads
   * a tenant's waiting and running tasks and nothing of its history. KEYS_ONLY: an index entry is written
   * when a task is created and removed when it finishes, not on each progress write in between.
   */
  static final String UNFINISHED_BY_TENANT = "unfinishedByTenant";
  /** The tenant of a task that is NOT_START, SUBMITTED or IN_PROGRESS; absent once it finished. */
  static final String UNFINISHED_TENANT = "unfinishedTenant";
  private static final int BATCH_GET_MAX = 100;
  private static final int BATCH_GET_ATTEMPTS = 8;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoTaskStore(DynamoDbClient dynamo, String tableName) {
    this(dynamo, tableName, Clock.systemUTC());
  }

  /** With the clock that stamps {@code updatedAt} on updates. */
  public DynamoTaskStore(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void create(Task task) {
    requireId(task);
    try {
      // Stamped so that a task nobody ever moves (an upload that never came) is in the byStatus index too.
      Task stamped = task.updatedAt() == null ? task.toBuilder().updatedAt(clock.millis()).build() : task;
      dynamo.putItem(b -> b.tableName(table)
          .item(itemOf(stamped))
          .conditionExpression("attribute_not_exists(#id)")
          .expressionAttributeNames(Map.of("#id", "id")));
    } catch (ConditionalCheckFailedException e) {
      throw new TaskConflictException("task " + task.id() + " exists already");
    }
  }

  @Override
  public Optional<Task> get(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    var response = dynamo.getItem(b -> b.tableName(table).key(TaskItems.key(id)).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(TaskItems.fromItem(response.item()))
        : Optional.empty();
  }

  @Override
  public List<Task> getAll(Collection<String> ids) {
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      if (id != null && !id.isEmpty()) {
        unique.add(id);
      }
    }
    List<Task> tasks = new ArrayList<>(unique.size());
    List<Map<String, AttributeValue>> keys = new ArrayList<>(BATCH_GET_MAX);
    for (String id : unique) {
      keys.add(TaskItems.key(id));
      if (keys.size() == BATCH_GET_MAX) {
        batchGet(keys, tasks);
        keys = new ArrayList<>(BATCH_GET_MAX);
      }
    }
    if (!keys.isEmpty()) {
      batchGet(keys, tasks);
    }
    return tasks;
  }

  /** One BatchGetItem of at most 100 keys, asking again for what DynamoDB left unprocessed. */
  private void batchGet(List<Map<String, AttributeValue>> keys, List<Task> into) {
    Map<String, KeysAndAttributes> request =
        Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
    for (int attempt = 1; ; attempt++) {
      Map<String, KeysAndAttributes> asked = request;
      BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
      response.responses().getOrDefault(table, List.of()).forEach(item -> into.add(TaskItems.fromItem(item)));
      KeysAndAttributes left = response.unprocessedKeys().get(table);
      if (left == null || !left.hasKeys() || left.keys().isEmpty()) {
        return;
      }
      if (attempt == BATCH_GET_ATTEMPTS) {
        throw new IllegalStateException(
            "DynamoDB left " + left.keys().size() + " task keys unprocessed after " + attempt + " attempts");
      }
      request = Map.of(table, left);
      sleepBeforeRetry(attempt);
    }
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(Math.min(1_000L, 25L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading tasks", e);
    }
  }

  @Override
  public List<String> idsUntouchedSince(TaskStatus status, long updatedBefore, int limit) {
    List<String> ids = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryResponse response = dynamo.query(b -> b.tableName(table)
          .indexName(BY_STATUS)
          .keyConditionExpression("#status = :status AND #updatedAt < :before")
          .expressionAttributeNames(Map.of("#status", "status", "#updatedAt", "updatedAt"))
          .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status.name()),
              ":before", AttributeValue.fromN(Long.toString(updatedBefore))))
          .limit(limit - ids.size())
          .exclusiveStartKey(from));
      response.items().forEach(item -> ids.add(item.get("id").s()));
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    } while (startKey != null && ids.size() < limit);
    return ids;
  }

  @Override
  public List<Task> listByTenant(String tenant, int limit) {
    if (tenant == null || tenant.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<Task> tasks = new ArrayList<>(Math.min(limit, 100));
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      int wanted = limit - tasks.size();
      QueryResponse response = dynamo.query(b -> b.tableName(table)
          .indexName(BY_TENANT)
          .keyConditionExpression("#tenant = :tenant")
          .expressionAttributeNames(Map.of("#tenant", "tenant"))
          .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenant)))
          .scanIndexForward(false)
          .limit(wanted)
          .exclusiveStartKey(from));
      response.items().forEach(item -> tasks.add(TaskItems.fromItem(item)));
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
    } while (startKey != null && tasks.size() < limit);
    return tasks;
  }

  /**
   * The sparse {@code unfinishedByTenant} index from {@code submittedSince} on, oldest first: it holds only
   * unfinished tasks, so nothing finished is read. The index lags the table a little, so the tasks are read
   * by id (consistently) and one that finished meanwhile is left out.
   */
  @Override
  public List<Task> listUnfinishedByTenant(String tenant, long submittedSince, int limit) {
    if (tenant == null || tenant.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryResponse response = dynamo.query(b -> b.tableName(table)
          .indexName(UNFINISHED_BY_TENANT)
          .keyConditionExpression("#tenant = :tenant AND #submitTime >= :since")
          .expressionAttributeNames(Map.of("#tenant", UNFINISHED_TENANT, "#submitTime", "submitTime"))
          .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenant),
              ":since", AttributeValue.fromN(Long.toString(submittedSince))))
          .scanIndexForward(true)
          .limit(limit - ids.size())
          .exclusiveStartKey(from));
      response.items().forEach(item -> ids.add(item.get("id").s()));
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    } while (startKey != null && ids.size() < limit);
    return getAll(ids).stream()
        .filter(t -> TaskStatus.QUEUED_OR_RUNNING.contains(t.status()) && tenant.equals(t.tenant()))
        .sorted(java.util.Comparator.comparing((Task t) -> t.submitTime() == null ? 0L : t.submitTime()).thenComparing(Task::id))
        .toList();
  }

  /** The task's item, with {@link #UNFINISHED_TENANT} while it has not finished (the sparse index's key). */
  static Map<String, AttributeValue> itemOf(Task task) {
    Map<String, AttributeValue> item = TaskItems.toItem(task);
    if (task.tenant() != null && task.submitTime() != null && TaskStatus.QUEUED_OR_RUNNING.contains(task.status())) {
      item.put(UNFINISHED_TENANT, AttributeValue.fromS(task.tenant()));
    }
    return item;
  }

  @Override
  public Task update(Task current, Task next) {
    requireId(current);
    if (!current.id().equals(next.id())) {
      throw new IllegalArgumentException("cannot turn task " + current.id() + " into task " + next.id());
    }
    if (!current.status().canMoveTo(next.status())) {
      throw new TaskConflictException(
          "task " + current.id() + " may not move from " + current.status() + " to " + next.status());
    }
    Task written = next.toBuilder().version(current.version() + 1).updatedAt(clock.millis()).build();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":version", AttributeValue.fromN(Long.toString(current.version())));
    values.put(":status", AttributeValue.fromS(current.status().name()));
    try {
      dynamo.putItem(b -> b.tableName(table)
          .item(itemOf(written))
          .conditionExpression("#version = :version AND #status = :status")
          .expressionAttributeNames(Map.of("#version", "version", "#status", "status"))
          .expressionAttributeValues(values)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    } catch (ConditionalCheckFailedException e) {
      throw new TaskConflictException(conflictMessage(current, e));
    }
    return written;
  }

  private static String conflictMessage(Task current, ConditionalCheckFailedException e) {
    if (!e.hasItem() || e.item().isEmpty()) {
      return "task " + current.id() + " does not exist";
    }
    AttributeValue version = e.item().get("version");
    AttributeValue status = e.item().get("status");
    return "task " + current.id() + " changed meanwhile: expected version " + current.version() + " and status "
        + current.status() + ", found version " + (version == null ? "none" : version.n()) + " and status "
        + (status == null ? "none" : status.s());
  }

  @Override
  public void delete(String id) {
    dynamo.deleteItem(b -> b.tableName(table).key(TaskItems.key(id)));
  }

  private static void requireId(Task task) {
    if (task.id() == null || task.id().isEmpty()) {
      throw new IllegalArgumentException("a task needs an id");
    }
  }
}
