package io.mjserverless.core.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** API keys in one DynamoDB table keyed by {@code keyId}. */
public final class DynamoApiKeyStore implements ApiKeyStore {
  private static final Map<String, String> KEY_ID_NAME = Map.of("#keyId", "keyId");

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoApiKeyStore(DynamoDbClient dynamo, String tableName) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.table = Objects.requireNonNull(tableName, "tableName");
  }

  @Override
  public void create(ApiKey key) {
    if (key.keyId() == null || key.keyId().isEmpty()) {
      throw new IllegalArgumentException("an API key needs a keyId");
    }
    try {
      dynamo.putItem(b -> b.tableName(table)
          .item(toItem(key))
          .conditionExpression("attribute_not_exists(#keyId)")
          .expressionAttributeNames(KEY_ID_NAME));
    } catch (ConditionalCheckFailedException e) {
      throw new IllegalStateException("API key " + key.keyId() + " exists already");
    }
  }

  @Override
  public Optional<ApiKey> get(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      return Optional.empty();
    }
    var response = dynamo.getItem(b -> b.tableName(table).key(key(keyId)).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(fromItem(response.item()))
        : Optional.empty();
  }

  /** Sets revokedAt on an existing key; a key revoked earlier keeps its first revocation time. */
  @Override
  public Optional<ApiKey> revoke(String keyId, long revokedAt) {
    if (keyId == null || keyId.isEmpty()) {
      return Optional.empty();
    }
    try {
      var response = dynamo.updateItem(b -> b.tableName(table)
          .key(key(keyId))
          .updateExpression("SET #revokedAt = if_not_exists(#revokedAt, :revokedAt)")
          .conditionExpression("attribute_exists(#keyId)")
          .expressionAttributeNames(Map.of("#keyId", "keyId", "#revokedAt", "revokedAt"))
          .expressionAttributeValues(Map.of(":revokedAt", AttributeValue.fromN(Long.toString(revokedAt))))
          .returnValues(ReturnValue.ALL_NEW));
      return Optional.of(fromItem(response.attributes()));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /** Up to {@code limit} keys in no particular order. */
  @Override
  public List<ApiKey> list(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<ApiKey> keys = new ArrayList<>(Math.min(limit, 100));
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      int wanted = limit - keys.size();
      ScanResponse response = dynamo.scan(b -> b.tableName(table).limit(wanted).exclusiveStartKey(from));
      response.items().forEach(item -> keys.add(fromItem(item)));
      startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey()
          : null;
    } while (startKey != null && keys.size() < limit);
    return keys;
  }

  private static Map<String, AttributeValue> key(String keyId) {
    return Map.of("keyId", AttributeValue.fromS(keyId));
  }

  static Map<String, AttributeValue> toItem(ApiKey key) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("keyId", AttributeValue.fromS(key.keyId()));
    putString(item, "hash", key.hash());
    putString(item, "tenant", key.tenant());
    putString(item, "role", key.role() == null ? null : key.role().name());
    putString(item, "webhookSecret", key.webhookSecret());
    putString(item, "label", key.label());
    item.put("createdAt", AttributeValue.fromN(Long.toString(key.createdAt())));
    if (key.revokedAt() != null) {
      item.put("revokedAt", AttributeValue.fromN(Long.toString(key.revokedAt())));
    }
    return item;
  }

  static ApiKey fromItem(Map<String, AttributeValue> item) {
    String role = string(item, "role");
    AttributeValue createdAt = item.get("createdAt");
    AttributeValue revokedAt = item.get("revokedAt");
    return new ApiKey(
        string(item, "keyId"),
        string(item, "hash"),
        string(item, "tenant"),
        role == null ? null : Role.valueOf(role),
        string(item, "webhookSecret"),
        string(item, "label"),
        createdAt == null ? 0L : Long.parseLong(createdAt.n()),
        revokedAt == null || revokedAt.n() == null ? null : Long.valueOf(revokedAt.n()));
  }

  private static void putString(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value));
    }
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
