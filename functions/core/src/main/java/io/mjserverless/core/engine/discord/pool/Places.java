package io.mjserverless.core.engine.discord.pool;

import io.mjserverless.core.engine.discord.account.AccountItems;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tasks an account holds, running or waiting, as read from its item: one place per task, ordered by
 * {@code order} (the order they were added in), each a lease that ends at {@code expiresAt} unless
 * renewed. Expired places are left out when read, so a task that vanished frees its place on its own.
 * Running tasks are always the first ones in order (a task starts only when no task before it waits),
 * so the place of a task in line is simply how many places come before it.
 */
record Places(Map<String, Place> byTask, long version) {

  record Place(String taskId, String order, boolean running, long expiresAt) {}

  /** The live places of an account item at {@code nowMillis}. */
  static Places of(Map<String, AttributeValue> item, long nowMillis) {
    Map<String, Place> live = new LinkedHashMap<>();
    AttributeValue stored = item.get(AccountItems.PLACES);
    if (stored != null && stored.hasM()) {
      for (Map.Entry<String, AttributeValue> e : stored.m().entrySet()) {
        Map<String, AttributeValue> p = e.getValue().m();
        long expires = Long.parseLong(p.get("e").n());
        if (expires > nowMillis) {
          live.put(e.getKey(), new Place(e.getKey(), p.get("o").s(), Boolean.TRUE.equals(p.get("r").bool()), expires));
        }
      }
    }
    AttributeValue v = item.get(AccountItems.PLACES_VERSION);
    return new Places(Map.copyOf(live), v == null ? 0 : Long.parseLong(v.n()));
  }

  /**
   * The order of a place added by the write that makes {@code version} the item's version: versions only
   * grow, and each write holds a version of its own, so places are ordered exactly as they were added,
   * whatever the clocks of the containers say.
   */
  static String order(long version) {
    return String.format("%019d", version);
  }

  /** The order of a place added by the next write of these places. */
  String nextOrder() {
    return order(version + 1);
  }

  int size() {
    return byTask.size();
  }

  Optional<Place> of(String taskId) {
    return Optional.ofNullable(byTask.get(taskId));
  }

  long running() {
    return byTask.values().stream().filter(Place::running).count();
  }

  /** How many places come before this one (running or waiting). */
  int ahead(Place place) {
    return (int) byTask.values().stream().filter(p -> p.order().compareTo(place.order()) < 0).count();
  }

  /** Whether a task admitted before this one still waits to start (then this one must wait too). */
  boolean waitingBefore(Place place) {
    return byTask.values().stream().anyMatch(p -> !p.running() && p.order().compareTo(place.order()) < 0);
  }

  Places with(Place place) {
    Map<String, Place> next = new LinkedHashMap<>(byTask);
    next.put(place.taskId(), place);
    return new Places(Map.copyOf(next), version);
  }

  List<Place> inOrder() {
    return byTask.values().stream().sorted(Comparator.comparing(Place::order)).toList();
  }

  AttributeValue toAttribute() {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    for (Place p : byTask.values()) {
      m.put(p.taskId(), AttributeValue.fromM(Map.of(
          "o", AttributeValue.fromS(p.order()),
          "r", AttributeValue.fromBool(p.running()),
          "e", AttributeValue.fromN(Long.toString(p.expiresAt())))));
    }
    return AttributeValue.fromM(m);
  }
}
