package io.mjserverless.core.notify;

import io.mjserverless.core.auth.ApiKey;
import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.ApiKeys;
import io.mjserverless.core.auth.Authenticator;
import java.util.Optional;

/**
 * The secret that signs a task's callbacks: the webhook secret of the key that submitted it. Tasks
 * of the bootstrap admin key (which is not stored) are signed with a secret derived from that key:
 * {@code "whsec_" + the first 32 hex digits of SHA-256("webhook:" + adminKey)}.
 */
public final class WebhookSecrets {
  private final ApiKeyStore keys;
  private final Optional<String> adminKey;

  public WebhookSecrets(ApiKeyStore keys, Optional<String> adminKey) {
    this.keys = keys;
    this.adminKey = adminKey;
  }

  public Optional<String> forKey(String keyId) {
    if (Authenticator.BOOTSTRAP_KEY_ID.equals(keyId)) {
      return adminKey.map(WebhookSecrets::derivedFromAdminKey);
    }
    return keyId == null ? Optional.empty() : keys.get(keyId).map(ApiKey::webhookSecret);
  }

  public static String derivedFromAdminKey(String adminKey) {
    return "whsec_" + ApiKeys.hash("webhook:" + adminKey).substring(0, 32);
  }
}
