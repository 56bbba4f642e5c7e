package io.mjserverless.core.testing;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/** The tables as template.yaml declares them, for creating them in DynamoDB Local. */
public final class TableSchemas {
  private TableSchemas() {}

  /**
   * Tasks: key {@code id}; {@code byTenant} (tenant, submitTime, ALL), {@code byStatus} (status, updatedAt,
   * KEYS_ONLY) and the sparse {@code unfinishedByTenant} (unfinishedTenant, submitTime, KEYS_ONLY).
   */
  public static CreateTableRequest tasks(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute("id", ScalarAttributeType.S),
            attribute("tenant", ScalarAttributeType.S),
            attribute("submitTime", ScalarAttributeType.N),
            attribute("status", ScalarAttributeType.S),
            attribute("updatedAt", ScalarAttributeType.N),
            attribute("unfinishedTenant", ScalarAttributeType.S))
        .keySchema(hash("id"))
        .globalSecondaryIndexes(
            index("byTenant", "tenant", "submitTime", ProjectionType.ALL),
            index("byStatus", "status", "updatedAt", ProjectionType.KEYS_ONLY),
            index("unfinishedByTenant", "unfinishedTenant", "submitTime", ProjectionType.KEYS_ONLY))
        .build();
  }

  /** API keys: key {@code keyId}. */
  public static CreateTableRequest apiKeys(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("keyId", ScalarAttributeType.S))
        .keySchema(hash("keyId"))
        .build();
  }

  /** Idempotency records: key {@code scope}; expire through {@link #idempotencyTtl}. */
  public static CreateTableRequest idempotency(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("scope", ScalarAttributeType.S))
        .keySchema(hash("scope"))
        .build();
  }

  /** Discord accounts: key {@code id} (the pool's places live on each account's item). */
  public static CreateTableRequest accounts(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute("id", ScalarAttributeType.S))
        .keySchema(hash("id"))
        .build();
  }

  /** TTL on {@code expiresAt} (epoch seconds) for the idempotency table. */
  public static UpdateTimeToLiveRequest idempotencyTtl(String tableName) {
    return UpdateTimeToLiveRequest.builder()
        .tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))
        .build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  private static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey, ProjectionType projection) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(hash(hashKey), range(rangeKey))
        .projection(p -> p.projectionType(projection))
        .build();
  }
}
