package io.mjserverless.core.engine.discord.account;

import io.mjserverless.core.task.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Account to DynamoDB item and back. The item also holds the pool's places ({@link #PLACES},
 * {@link #PLACES_VERSION}), which this mapping never writes, so an admin edit and the pool never undo
 * each other's writes.
 */
public final class AccountItems {
  /** The pool's map of task id to place, kept on the account's own item (see the pool package). */
  public static final String PLACES = "places";
  /** Bumped by every write of {@link #PLACES}: the pool's optimistic lock. */
  public static final String PLACES_VERSION = "placesVersion";

  private AccountItems() {}

  public static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  /** Every attribute of the account; null fields are left out. */
  public static Map<String, AttributeValue> toItem(Account a) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS(a.id()));
    putS(item, "guildId", a.guildId());
    putS(item, "channelId", a.channelId());
    putS(item, "nijiChannelId", a.nijiChannelId());
    putS(item, "userAgent", a.userAgent());
    item.put("coreSize", n(a.coreSize()));
    item.put("queueSize", n(a.queueSize()));
    item.put("timeoutMinutes", n(a.timeoutMinutes()));
    item.put("modes", AttributeValue.fromL(a.modes().stream().sorted().map(m -> AttributeValue.fromS(m.name())).toList()));
    item.put("remix", AttributeValue.fromBool(a.remix()));
    putS(item, "remark", a.remark());
    item.put("enabled", AttributeValue.fromBool(a.enabled()));
    putS(item, "disabledReason", a.disabledReason());
    if (a.pausedUntil() != null) {
      item.put("pausedUntil", n(a.pausedUntil()));
    }
    item.put("createdAt", n(a.createdAt()));
    item.put("updatedAt", n(a.updatedAt()));
    putS(item, "sealedToken", a.sealedToken());
    putS(item, "tokenHint", a.tokenHint());
    return item;
  }

  public static Account fromItem(Map<String, AttributeValue> item) {
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    AttributeValue stored = item.get("modes");
    if (stored != null && stored.hasL()) {
      stored.l().forEach(v -> Mode.fromName(v.s()).ifPresent(modes::add));
    }
    return new Account(
        s(item, "id"),
        s(item, "guildId"),
        s(item, "channelId"),
        s(item, "nijiChannelId"),
        s(item, "userAgent"),
        (int) n(item, "coreSize", Account.DEFAULT_CORE_SIZE),
        (int) n(item, "queueSize", Account.DEFAULT_QUEUE_SIZE),
        (int) n(item, "timeoutMinutes", Account.DEFAULT_TIMEOUT_MINUTES),
        modes,
        bool(item, "remix"),
        s(item, "remark"),
        bool(item, "enabled"),
        s(item, "disabledReason"),
        item.containsKey("pausedUntil") ? n(item, "pausedUntil", 0) : null,
        n(item, "createdAt", 0),
        n(item, "updatedAt", 0),
        s(item, "sealedToken"),
        s(item, "tokenHint"));
  }

  private static void putS(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, AttributeValue.fromS(value));
    }
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static String s(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static long n(Map<String, AttributeValue> item, String name, long fallback) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
  }

  private static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  /**
   * Every item of the accounts table, read consistently page by page: the admin list and the pool's
   * choice both need them all (an operator has a handful of accounts, so a scan is the cheap read).
   */
  public static List<Map<String, AttributeValue>> scanAll(DynamoDbClient dynamo, String table) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
      if (start != null) {
        scan.exclusiveStartKey(start);
      }
      ScanResponse page = dynamo.scan(scan.build());
      out.addAll(page.items());
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }
}
