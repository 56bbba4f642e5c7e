package io.mjserverless.core.engine.mjproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Provider hooks as one item per task in the idempotency table (key {@code scope} =
 * {@code provider-hook:<taskId>}, TTL {@code expiresAt}): the SHA-256 of the secret, the waiting
 * workflow's token, the final outcome. Each side writes its part and reads the other's in one update.
 */
public final class DynamoProviderHooks implements ProviderHooks {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoProviderHooks(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public String open(String taskId, long expiresAtEpochSecond) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    dynamo.putItem(PutItemRequest.builder().tableName(table).item(Map.of(
        "scope", AttributeValue.fromS(scope(taskId)),
        "secretHash", AttributeValue.fromS(sha256(secret)),
        "expiresAt", AttributeValue.fromN(Long.toString(expiresAtEpochSecond)))).build());
    return secret;
  }

  @Override
  public boolean verify(String taskId, String secret) {
    if (secret == null || secret.isEmpty()) {
      return false;
    }
    Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key(taskId))
        .consistentRead(true).build()).item();
    AttributeValue stored = item == null ? null : item.get("secretHash");
    return stored != null && MessageDigest.isEqual(stored.s().getBytes(StandardCharsets.UTF_8),
        sha256(secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<String> park(String taskId, String taskToken) {
    return swap(taskId, "taskToken", taskToken, "outcome");
  }

  @Override
  public Optional<String> settle(String taskId, String outcomeJson) {
    return swap(taskId, "outcome", outcomeJson, "taskToken");
  }

  /** Writes {@code field} of an opened hook and reads {@code other} as it was, in one update; nothing for an unknown task. */
  private Optional<String> swap(String taskId, String field, String value, String other) {
    try {
      Map<String, AttributeValue> after = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(taskId))
          .updateExpression("SET #f = :v")
          .conditionExpression("attribute_exists(secretHash)")
          .expressionAttributeNames(Map.of("#f", field))
          .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))
          .returnValues(ReturnValue.ALL_NEW)
          .build()).attributes();
      AttributeValue found = after == null ? null : after.get(other);
      return found == null ? Optional.empty() : Optional.ofNullable(found.s());
    } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException notOpened) {
      return Optional.empty();
    }
  }

  private static Map<String, AttributeValue> key(String taskId) {
    return Map.of("scope", AttributeValue.fromS(scope(taskId)));
  }

  /**
   * Without '#': every scope of a client's Idempotency-Key is {@code <tenant>#<key>}, so no tenant (however
   * named) can claim, read or release a hook's item through the idempotency API.
   */
  static String scope(String taskId) {
    return "provider-hook:" + taskId;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
