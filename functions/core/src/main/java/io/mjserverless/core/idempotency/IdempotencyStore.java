package io.mjserverless.core.idempotency;

import java.util.Optional;

/**
 * Remembers the answer to a submit made with an {@code Idempotency-Key}. A record is first claimed
 * (PENDING) so that two concurrent requests with one key cannot both create a task, then completed
 * with the answer. Records expire after their {@code expiresAt} (epoch seconds; a DynamoDB TTL).
 */
public interface IdempotencyStore {

  /** A remembered request: the hash of its body and, once done, the answer's JSON. */
  record Entry(String scope, String requestHash, String responseJson, long createdAt, long expiresAt) {
    public boolean isPending() {
      return responseJson == null;
    }
  }

  /** Claims {@code scope}; true when this caller now owns it, false when an unexpired entry exists. */
  boolean claim(String scope, String requestHash, long now, long expiresAt);

  Optional<Entry> get(String scope);

  /** Stores the answer of a claimed scope. */
  void complete(String scope, String responseJson);

  /** Drops a claim whose request failed without an answer worth repeating. */
  void release(String scope);
}
