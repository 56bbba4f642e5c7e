package io.mjserverless.core.engine.mjproxy;

import io.mjserverless.core.engine.EngineBusyException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Provider slots as one item of the idempotency table (key {@code scope}, TTL {@code expiresAt}): a map
 * {@code leases} of task id to lease expiry. Taking a slot is one conditional update ("this task holds
 * one already, or fewer than N are held"); when that fails, expired leases are removed (each only if
 * unchanged) and the update is tried once more. The item expires by TTL a day after its last use.
 */
public final class DynamoProviderSlots implements ProviderSlots {
  /** Seconds to wait before asking again when every slot is taken. */
  static final int FULL_RETRY_SECONDS = 10;

  private final DynamoDbClient dynamo;
  private final String table;
  private final String scope;
  private final int limit;
  private final Duration leaseTtl;
  private final Clock clock;
  /** Whether this container has made sure the item and its map exist (one extra write per container). */
  private volatile boolean mapKnown;

  public DynamoProviderSlots(DynamoDbClient dynamo, String table, String scope, int limit, Duration leaseTtl, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.scope = scope;
    this.limit = limit;
    this.leaseTtl = leaseTtl;
    this.clock = clock;
  }

  @Override
  public void acquire(String taskId) {
    if (!mapKnown) {
      createMap();
      mapKnown = true;
    }
    if (tryAcquire(taskId)) {
      return;
    }
    createMap(); // the item may have expired by TTL since this container made sure of it
    removeExpired();
    if (tryAcquire(taskId)) {
      return;
    }
    throw new EngineBusyException("all " + limit + " of the provider's job slots are in use", FULL_RETRY_SECONDS);
  }

  @Override
  public void release(String taskId) {
    try {
      dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key())
          .updateExpression("REMOVE leases.#t")
          .expressionAttributeNames(Map.of("#t", taskId))
          .build());
    } catch (DynamoDbException e) {
      // No item or no map yet: nothing was held. Anything else: the lease expires on its own.
    }
  }

  /** Number of leases held now (for tests and the docs' measurements). */
  public int held() {
    return dynamo.getItem(GetItemRequest.builder().tableName(table).key(key()).consistentRead(true).build())
        .item().getOrDefault("leases", AttributeValue.fromM(Map.of())).m().size();
  }

  private boolean tryAcquire(String taskId) {
    long now = clock.instant().getEpochSecond();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":lease", AttributeValue.fromN(Long.toString(now + leaseTtl.toSeconds())));
    values.put(":limit", AttributeValue.fromN(Integer.toString(limit)));
    values.put(":expires", AttributeValue.fromN(Long.toString(now + Duration.ofDays(1).toSeconds())));
    UpdateItemRequest take = UpdateItemRequest.builder().tableName(table).key(key())
        .updateExpression("SET leases.#t = :lease, expiresAt = :expires")
        .conditionExpression("attribute_exists(leases.#t) OR size(leases) < :limit")
        .expressionAttributeNames(Map.of("#t", taskId))
        .expressionAttributeValues(values)
        .build();
    try {
      dynamo.updateItem(take);
      return true;
    } catch (ConditionalCheckFailedException full) {
      return false;
    } catch (DynamoDbException noMap) {
      return false; // "the document path ... is invalid": no item or map; acquire() makes it and tries again
    }
  }

  private void createMap() {
    dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key())
        .updateExpression("SET leases = if_not_exists(leases, :empty)")
        .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of())))
        .build());
  }

  /** Drops leases past their expiry, each only if nobody renewed it meanwhile; returns how many went. */
  private int removeExpired() {
    long now = clock.instant().getEpochSecond();
    Map<String, AttributeValue> leases = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key())
        .consistentRead(true).build()).item().getOrDefault("leases", AttributeValue.fromM(Map.of())).m();
    int removed = 0;
    for (Map.Entry<String, AttributeValue> lease : leases.entrySet()) {
      if (Long.parseLong(lease.getValue().n()) >= now) {
        continue;
      }
      try {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key())
            .updateExpression("REMOVE leases.#t")
            .conditionExpression("leases.#t = :old")
            .expressionAttributeNames(Map.of("#t", lease.getKey()))
            .expressionAttributeValues(Map.of(":old", lease.getValue()))
            .build());
        removed++;
      } catch (ConditionalCheckFailedException renewed) {
        // someone took or renewed it meanwhile
      }
    }
    return removed;
  }

  private Map<String, AttributeValue> key() {
    return Map.of("scope", AttributeValue.fromS(scope));
  }
}
