package io.mjserverless.core.idempotency;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records in one DynamoDB table keyed by {@code scope}, expired by the table's TTL on
 * {@code expiresAt}. TTL deletion lags by hours, so expiry is also checked here: an expired record
 * reads as absent and may be claimed again.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoIdempotencyStore(DynamoDbClient dynamo, String tableName) {
    this(dynamo, tableName, Clock.systemUTC());
  }

  /** With the clock that decides, on reads, whether a record has expired. */
  public DynamoIdempotencyStore(DynamoDbClient dynamo, String tableName, Clock clock) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean claim(String scope, String requestHash, long now, long expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("scope", AttributeValue.fromS(scope));
    item.put("requestHash", AttributeValue.fromS(requestHash));
    item.put("createdAt", number(now));
    item.put("expiresAt", number(expiresAt));
    try {
      dynamo.putItem(b -> b.tableName(table)
          .item(item)
          .conditionExpression("attribute_not_exists(#scope) OR #expiresAt < :now")
          .expressionAttributeNames(Map.of("#scope", "scope", "#expiresAt", "expiresAt"))
          .expressionAttributeValues(Map.of(":now", number(now))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<Entry> get(String scope) {
    var response = dynamo.getItem(b -> b.tableName(table).key(key(scope)).consistentRead(true));
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    Entry entry = fromItem(response.item());
    long nowSeconds = clock.instant().getEpochSecond();
    return entry.expiresAt() < nowSeconds ? Optional.empty() : Optional.of(entry);
  }

  /**
   * Stores the answer. When the claim has vanished meanwhile (released or expired and deleted) the
   * answer is not remembered: that is logged rather than thrown, because the request itself succeeded.
   */
  @Override
  public void complete(String scope, String responseJson) {
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(key(scope))
          .updateExpression("SET #responseJson = :responseJson")
          .conditionExpression("attribute_exists(#scope)")
          .expressionAttributeNames(Map.of("#scope", "scope", "#responseJson", "responseJson"))
          .expressionAttributeValues(Map.of(":responseJson", AttributeValue.fromS(responseJson))));
    } catch (ConditionalCheckFailedException e) {
      io.mjserverless.core.log.Log.warn("idempotency.claim-vanished", null, "scope", scope);
    }
  }

  @Override
  public void release(String scope) {
    dynamo.deleteItem(b -> b.tableName(table).key(key(scope)));
  }

  private static Map<String, AttributeValue> key(String scope) {
    return Map.of("scope", AttributeValue.fromS(scope));
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static Entry fromItem(Map<String, AttributeValue> item) {
    AttributeValue response = item.get("responseJson");
    AttributeValue hash = item.get("requestHash");
    return new Entry(
        item.get("scope").s(),
        hash == null ? null : hash.s(),
        response == null ? null : response.s(),
        longOf(item.get("createdAt")),
        longOf(item.get("expiresAt")));
  }

  private static long longOf(AttributeValue value) {
    return value == null || value.n() == null ? 0L : Long.parseLong(value.n());
  }
}
