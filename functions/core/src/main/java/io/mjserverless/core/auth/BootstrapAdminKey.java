package io.mjserverless.core.auth;

import io.mjserverless.core.config.Config;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * The first admin key, from the deployment: the {@code ADMIN_API_KEY} variable (a NoEcho template
 * parameter) or, preferably, an SSM SecureString named by {@code ADMIN_API_KEY_PARAMETER}, read once
 * per container with decryption.
 */
public final class BootstrapAdminKey {
  private BootstrapAdminKey() {}

  public static Optional<String> resolve(Config config, Supplier<SsmClient> ssm) {
    if (config.adminApiKeyParameter().isPresent()) {
      String name = config.adminApiKeyParameter().get();
      try {
        String value = ssm.get().getParameter(GetParameterRequest.builder().name(name).withDecryption(true).build())
            .parameter().value();
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot read SSM parameter " + name + " (ADMIN_API_KEY_PARAMETER): " + e.getMessage(), e);
      }
    }
    return config.adminApiKey();
  }
}
