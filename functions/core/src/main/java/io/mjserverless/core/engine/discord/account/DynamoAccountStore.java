package io.mjserverless.core.engine.discord.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Accounts in DynamoDB, one item each, key {@code id}. An update writes only the settings its edit names,
 * one by one, so neither the pool's places nor what the pool wrote on the same item (a disable, a pause)
 * is ever overwritten by an admin edit read earlier. A handful of accounts
 * per stack makes listing a scan (paged).
 */
public final class DynamoAccountStore implements AccountStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoAccountStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void create(Account account) {
    try {
      dynamo.putItem(b -> b.tableName(table).item(AccountItems.toItem(account)).conditionExpression("attribute_not_exists(id)"));
    } catch (ConditionalCheckFailedException e) {
      throw new AccountExistsException(account.id());
    }
  }

  @Override
  public Optional<Account> get(String id) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(AccountItems.key(id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.fromItem(item));
  }

  @Override
  public List<Account> list() {
    return AccountItems.scanAll(dynamo, table).stream().map(AccountItems::fromItem).toList();
  }

  @Override
  public Optional<Account> update(String id, AccountEdit edit, long nowMillis) {
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    int i = 0;
    for (Map.Entry<String, AttributeValue> e : edit.set().entrySet()) {
      names.put("#a" + i, e.getKey());
      values.put(":v" + i, e.getValue());
      set.add("#a" + i + " = :v" + i);
      i++;
    }
    for (Map.Entry<String, AttributeValue> e : edit.setIfAbsent().entrySet()) {
      names.put("#a" + i, e.getKey());
      values.put(":v" + i, e.getValue());
      set.add("#a" + i + " = if_not_exists(#a" + i + ", :v" + i + ")");
      i++;
    }
    for (String attribute : edit.remove()) {
      names.put("#a" + i, attribute);
      remove.add("#a" + i);
      i++;
    }
    names.put("#updatedAt", "updatedAt");
    values.put(":now", AttributeValue.fromN(Long.toString(nowMillis)));
    set.add("#updatedAt = :now");
    String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
    try {
      Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(id))
          .updateExpression(expression).conditionExpression("attribute_exists(id)")
          .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
      return Optional.of(AccountItems.fromItem(after));
    } catch (ConditionalCheckFailedException gone) {
      return Optional.empty();
    }
  }

  @Override
  public boolean delete(String id) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(AccountItems.key(id)).conditionExpression("attribute_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException gone) {
      return false;
    }
  }

  @Override
  public void disable(String id, String reason, long nowMillis) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(id))
          .updateExpression("SET enabled = :f, disabledReason = :r, updatedAt = :now")
          .conditionExpression("attribute_exists(id)")
          .expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false), ":r", AttributeValue.fromS(reason),
              ":now", AttributeValue.fromN(Long.toString(nowMillis)))));
    } catch (ConditionalCheckFailedException gone) {
      // deleted meanwhile: nothing left to disable
    }
  }

  @Override
  public void pauseUntil(String id, long epochMillis) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(id))
          .updateExpression("SET pausedUntil = :t")
          .conditionExpression("attribute_exists(id) AND (attribute_not_exists(pausedUntil) OR pausedUntil < :t)")
          .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(epochMillis)))));
    } catch (ConditionalCheckFailedException goneOrLonger) {
      // deleted, or already paused for longer
    }
  }
}
