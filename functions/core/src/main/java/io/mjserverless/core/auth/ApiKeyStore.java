package io.mjserverless.core.auth;

import java.util.List;
import java.util.Optional;

/** Stored API keys, addressed by key id (the public part of a key). */
public interface ApiKeyStore {
  /** Stores a new key. @throws IllegalStateException when the id exists already. */
  void create(ApiKey key);

  Optional<ApiKey> get(String keyId);

  /** Marks a key revoked at {@code revokedAt}; returns the updated key, empty when unknown. */
  Optional<ApiKey> revoke(String keyId, long revokedAt);

  List<ApiKey> list(int limit);
}
