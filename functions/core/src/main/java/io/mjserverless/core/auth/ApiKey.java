package io.mjserverless.core.auth;

/**
 * A stored API key. The key itself is never stored, only its SHA-256 {@code hash}. The webhook secret
 * signs callbacks for tasks submitted with this key, so it is kept (it is not a credential to our API).
 */
public record ApiKey(
    String keyId,
    String hash,
    String tenant,
    Role role,
    String webhookSecret,
    String label,
    long createdAt,
    Long revokedAt) {

  public boolean isActive() {
    return revokedAt == null;
  }
}
