package io.mjserverless.core.api;

import io.mjserverless.core.auth.ApiKey;
import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.ApiKeys;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.Role;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Admins create, list and revoke API keys. A new key is shown once; only its hash is stored. */
public final class KeyAdminService {
  /**
   * Tenant names become path segments of bucket keys ({@code uploads/<tenant>/...}): they start with a
   * letter or digit, so {@code .}, {@code ..} and other path-like names cannot be made.
   */
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final ApiKeyStore keys;
  private final Authenticator authenticator;
  private final Clock clock;

  public KeyAdminService(ApiKeyStore keys, Authenticator authenticator, Clock clock) {
    this.keys = keys;
    this.authenticator = authenticator;
    this.clock = clock;
  }

  /** Body (all optional): {@code tenant} (default: a new tenant named after the key), {@code role} user|admin, {@code label}. */
  public Map<String, Object> create(RequestContext ctx, RequestBody body) {
    requireAdmin(ctx);
    Role role = body.enumValue("role", Role.class).orElse(Role.USER);
    String label = body.text("label").orElse(null);
    if (label != null && label.length() > 200) {
      throw new ValidationException("label", "label is longer than 200 characters");
    }
    ApiKeys.Generated generated = ApiKeys.generate();
    String tenant = body.text("tenant").orElse("t-" + generated.keyId());
    if (!TENANT.matcher(tenant).matches() || tenant.contains("..")) {
      throw new ValidationException("tenant",
          "tenant must be 1 to 64 letters, digits, '.', '_' or '-', start with a letter or digit and hold no '..'");
    }
    ApiKey key = new ApiKey(generated.keyId(), generated.hash(), tenant, role, ApiKeys.newWebhookSecret(), label,
        clock.millis(), null);
    keys.create(key);
    Map<String, Object> out = describe(key);
    out.put("key", generated.plaintext());
    out.put("webhookSecret", key.webhookSecret());
    return out;
  }

  public List<Map<String, Object>> list(RequestContext ctx) {
    requireAdmin(ctx);
    return keys.list(1000).stream().map(KeyAdminService::describe).toList();
  }

  public Map<String, Object> revoke(RequestContext ctx, String keyId) {
    requireAdmin(ctx);
    if (!ApiKeys.looksLikeKeyId(keyId)) {
      throw HttpError.notFound("API key " + abbreviated(keyId) + " not found"); // never reaches the store
    }
    ApiKey key = keys.revoke(keyId, clock.millis())
        .orElseThrow(() -> HttpError.notFound("API key " + keyId + " not found"));
    authenticator.forget(keyId);
    return describe(key);
  }

  private static String abbreviated(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** The refusal every admin route gives a non-admin key (keys and Discord accounts alike). */
  static void requireAdmin(RequestContext ctx) {
    if (!ctx.caller().isAdmin()) {
      throw HttpError.forbidden("this operation needs an admin key");
    }
  }

  private static Map<String, Object> describe(ApiKey key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", key.keyId());
    out.put("tenant", key.tenant());
    out.put("role", key.role().name().toLowerCase());
    out.put("label", key.label());
    out.put("createdAt", key.createdAt());
    out.put("revokedAt", key.revokedAt());
    return out;
  }
}
