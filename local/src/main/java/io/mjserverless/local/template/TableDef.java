package io.mjserverless.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::DynamoDB::Table} (or {@code AWS::Serverless::SimpleTable}), resolved.
 *
 * @param logicalId its key under Resources
 * @param tableName its physical name (the Ref of the table)
 * @param hashKey the HASH attribute of the table
 * @param rangeKey the RANGE attribute, or null
 * @param attributeTypes AttributeDefinitions: name → S, N or B
 * @param globalIndexes GlobalSecondaryIndexes, in template order
 * @param ttlAttribute the TimeToLiveSpecification attribute when Enabled, else null
 * @param billingMode PAY_PER_REQUEST or PROVISIONED (CloudFormation's default when absent)
 */
public record TableDef(String logicalId, String tableName, String hashKey, String rangeKey,
    Map<String, String> attributeTypes, List<IndexDef> globalIndexes, String ttlAttribute, String billingMode) {

  public TableDef {
    attributeTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributeTypes));
    globalIndexes = List.copyOf(globalIndexes);
  }

  public Optional<IndexDef> globalIndex(String name) {
    return globalIndexes.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
