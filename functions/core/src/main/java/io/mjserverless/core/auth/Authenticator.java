package io.mjserverless.core.auth;

import io.mjserverless.core.api.HttpError;
import io.mjserverless.core.api.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the caller of a request. Accepts {@code Authorization: Bearer <key>}, a bare
 * {@code Authorization: <key>} and {@code mj-api-secret: <key>}; the placeholder value
 * {@code midjourney-proxy} some clients send in Authorization counts as absent. Keys are looked up by
 * their public id and compared by hash in constant time. The bootstrap admin key comes from the
 * deployment (template parameter or SSM) and is never stored.
 *
 * <p>Lookups are cached per container for {@link #CACHE}, and that is the whole revocation story: a
 * container that revoked a key forgets it at once; every other container reads the key again (one
 * consistent GetItem) at most {@code CACHE} after it last did, so a revoked key is refused everywhere
 * within 5 s. A shorter cache was chosen over a read per request and over a revocation marker by
 * measurement; the numbers are in docs/architecture.md ("Revoking a key").
 */
public final class Authenticator {
  /** How long a container trusts a key it has read: the bound on how late a revocation takes effect. */
  public static final Duration CACHE = Duration.ofSeconds(5);
  public static final String BOOTSTRAP_KEY_ID = "bootstrap-admin";
  public static final String ADMIN_TENANT = "admin";

  private final ApiKeyStore keys;
  private final Optional<String> bootstrapKeyHash;
  private final Clock clock;
  private final long cacheMillis;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(ApiKey key, long until) {}

  public Authenticator(ApiKeyStore keys, Optional<String> bootstrapAdminKey, Clock clock) {
    this(keys, bootstrapAdminKey, clock, CACHE);
  }

  /** With another cache duration; zero reads the key on every request (used to measure that choice). */
  public Authenticator(ApiKeyStore keys, Optional<String> bootstrapAdminKey, Clock clock, Duration cache) {
    if (cache.isNegative() || cache.compareTo(CACHE) > 0) {
      throw new IllegalArgumentException("the key cache must be between 0 and " + CACHE.toSeconds() + " s, got " + cache);
    }
    this.keys = keys;
    this.bootstrapKeyHash = bootstrapAdminKey.filter(k -> !k.isBlank()).map(ApiKeys::hash);
    this.clock = clock;
    this.cacheMillis = cache.toMillis();
  }

  /** The caller of {@code request}; HTTP 401 when no known, active key is presented. */
  public Caller authenticate(HttpRequest request) {
    String presented = presentedKey(request).orElseThrow(HttpError::unauthorized);
    if (bootstrapKeyHash.isPresent() && ApiKeys.matches(presented, bootstrapKeyHash.get())) {
      return new Caller(ADMIN_TENANT, Role.ADMIN, BOOTSTRAP_KEY_ID);
    }
    String keyId = ApiKeys.keyIdOf(presented).orElseThrow(HttpError::unauthorized);
    ApiKey key = lookup(keyId).orElseThrow(HttpError::unauthorized);
    if (!key.isActive() || !ApiKeys.matches(presented, key.hash())) {
      throw HttpError.unauthorized();
    }
    return new Caller(key.tenant(), key.role(), key.keyId());
  }

  /** The key a request presents, from the headers clients of this API use. */
  static Optional<String> presentedKey(HttpRequest request) {
    Optional<String> authorization = request.header("Authorization")
        .map(Authenticator::stripBearer)
        .filter(v -> !v.isEmpty() && !v.equals("midjourney-proxy"));
    if (authorization.isPresent()) {
      return authorization;
    }
    return request.header("mj-api-secret").map(Authenticator::stripBearer).filter(v -> !v.isEmpty());
  }

  private static String stripBearer(String value) {
    String v = value.trim();
    return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : v;
  }

  private Optional<ApiKey> lookup(String keyId) {
    long now = clock.millis();
    Cached hit = cache.get(keyId);
    if (hit != null && hit.until > now) {
      return Optional.of(hit.key);
    }
    Optional<ApiKey> key = keys.get(keyId);
    if (key.isPresent() && cacheMillis > 0) {
      cache.put(keyId, new Cached(key.get(), now + cacheMillis));
    } else {
      cache.remove(keyId);
    }
    return key;
  }

  /** Forgets a cached key at once (after revoking it in this container). */
  public void forget(String keyId) {
    cache.remove(keyId);
  }
}
