package io.mjserverless.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.api.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  static final class MapKeyStore implements ApiKeyStore {
    final Map<String, ApiKey> keys = new HashMap<>();
    int reads;

    @Override
    public void create(ApiKey key) {
      keys.put(key.keyId(), key);
    }

    @Override
    public Optional<ApiKey> get(String keyId) {
      reads++;
      return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public Optional<ApiKey> revoke(String keyId, long at) {
      ApiKey k = keys.get(keyId);
      if (k == null) {
        return Optional.empty();
      }
      ApiKey r = new ApiKey(k.keyId(), k.hash(), k.tenant(), k.role(), k.webhookSecret(), k.label(), k.createdAt(), at);
      keys.put(keyId, r);
      return Optional.of(r);
    }

    @Override
    public List<ApiKey> list(int limit) {
      return new ArrayList<>(keys.values());
    }
  }

  private final MapKeyStore store = new MapKeyStore();
  private final Authenticator auth = new Authenticator(store, Optional.of("boot-admin-secret"), Clock.systemUTC());

  private String userKey(String tenant) {
    ApiKeys.Generated g = ApiKeys.generate();
    store.create(new ApiKey(g.keyId(), g.hash(), tenant, Role.USER, "whsec_x", null, 1L, null));
    return g.plaintext();
  }

  private static HttpRequest with(String header, String value) {
    return new HttpRequest("GET", "/mj/task/list", Map.of(header, value), Map.of(), null);
  }

  @Test
  void acceptsBearerBareAndMjApiSecret() {
    String key = userKey("acme");
    assertEquals("acme", auth.authenticate(with("Authorization", "Bearer " + key)).tenant());
    assertEquals("acme", auth.authenticate(with("authorization", "bearer " + key)).tenant());
    assertEquals("acme", auth.authenticate(with("Authorization", key)).tenant());
    assertEquals("acme", auth.authenticate(with("mj-api-secret", key)).tenant());
  }

  @Test
  void placeholderAuthorizationFallsBackToMjApiSecret() {
    String key = userKey("acme");
    HttpRequest request = new HttpRequest("GET", "/", Map.of("Authorization", "midjourney-proxy", "mj-api-secret", key), Map.of(), null);
    assertEquals("acme", auth.authenticate(request).tenant());
    assertEquals(401, assertThrows(HttpError.class, () -> auth.authenticate(with("Authorization", "midjourney-proxy"))).status());
  }

  @Test
  void bootstrapKeyIsAnAdmin() {
    Caller caller = auth.authenticate(with("mj-api-secret", "boot-admin-secret"));
    assertEquals(Role.ADMIN, caller.role());
    assertEquals(Authenticator.ADMIN_TENANT, caller.tenant());
  }

  @Test
  void missingUnknownTamperedAndRevokedKeysAre401() {
    String key = userKey("acme");
    assertEquals(401, assertThrows(HttpError.class, () -> auth.authenticate(with("x-other", "y"))).status());
    assertEquals(401, assertThrows(HttpError.class, () -> auth.authenticate(with("Authorization", "Bearer nope"))).status());
    String tampered = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
    assertEquals(401, assertThrows(HttpError.class, () -> auth.authenticate(with("Authorization", tampered))).status());
    String keyId = ApiKeys.keyIdOf(key).orElseThrow();
    store.revoke(keyId, 5L);
    auth.forget(keyId);
    assertEquals(401, assertThrows(HttpError.class, () -> auth.authenticate(with("Authorization", key))).status());
  }

  @Test
  void lookupsAreCachedBriefly() {
    String key = userKey("acme");
    auth.authenticate(with("Authorization", key));
    auth.authenticate(with("Authorization", key));
    assertEquals(1, store.reads);
  }

  @Test
  void aKeyRevokedElsewhereIsRefusedOnceTheCacheRunsOut() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000L);
    Clock moved = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now.get());
      }
    };
    Authenticator cached = new Authenticator(store, Optional.empty(), moved);
    String key = userKey("acme");
    assertEquals("acme", cached.authenticate(with("Authorization", key)).tenant());
    store.revoke(ApiKeys.keyIdOf(key).orElseThrow(), 5L); // by another container: this one is not told
    now.addAndGet(Authenticator.CACHE.toMillis() - 1);
    assertEquals("acme", cached.authenticate(with("Authorization", key)).tenant(), "still inside the cache");
    now.addAndGet(1);
    assertEquals(401, assertThrows(HttpError.class, () -> cached.authenticate(with("Authorization", key))).status());
    assertEquals(2, store.reads);
  }

  @Test
  void noCacheLongerThanTheRevocationBound() {
    assertThrows(IllegalArgumentException.class,
        () -> new Authenticator(store, Optional.empty(), Clock.systemUTC(), java.time.Duration.ofSeconds(6)));
    Authenticator everyTime = new Authenticator(store, Optional.empty(), Clock.systemUTC(), java.time.Duration.ZERO);
    String key = userKey("acme");
    everyTime.authenticate(with("Authorization", key));
    everyTime.authenticate(with("Authorization", key));
    assertEquals(2, store.reads);
  }
}
