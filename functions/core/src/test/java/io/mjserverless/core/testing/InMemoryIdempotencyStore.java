package io.mjserverless.core.testing;

import io.mjserverless.core.idempotency.IdempotencyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The idempotency table in memory, with its conditional claim (an unexpired entry wins), for engine tests. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final Map<String, Entry> entries = new HashMap<>();

  @Override
  public synchronized boolean claim(String scope, String requestHash, long now, long expiresAt) {
    Entry held = entries.get(scope);
    if (held != null && held.expiresAt() >= now) {
      return false;
    }
    entries.put(scope, new Entry(scope, requestHash, null, now, expiresAt));
    return true;
  }

  @Override
  public synchronized Optional<Entry> get(String scope) {
    return Optional.ofNullable(entries.get(scope));
  }

  @Override
  public synchronized void complete(String scope, String responseJson) {
    entries.computeIfPresent(scope, (k, e) -> new Entry(k, e.requestHash(), responseJson, e.createdAt(), e.expiresAt()));
  }

  @Override
  public synchronized void release(String scope) {
    entries.remove(scope);
  }

  /** How many claims are held (tests check that an interaction was claimed). */
  public synchronized int size() {
    return entries.size();
  }
}
