package io.mjserverless.core.engine.mjproxy;

import io.mjserverless.core.config.ProviderSettings;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * The provider key of a mode: plain from the environment (local runs), or read once per container
 * from an SSM SecureString or a Secrets Manager secret. Secrets Manager is read through SSM's
 * {@code /aws/reference/secretsmanager/} path, so one client covers both.
 */
public final class ProviderKeys {
  static final String SECRETS_MANAGER_PREFIX = "secretsmanager:";
  static final String SECRETS_MANAGER_ARN_PREFIX = "arn:aws:secretsmanager:";
  static final String SECRETS_MANAGER_REFERENCE = "/aws/reference/secretsmanager/";

  private ProviderKeys() {}

  /** The key, or empty for a provider without one; fails naming the setting when it cannot be read. */
  public static Optional<String> resolve(ProviderSettings settings, Supplier<SsmClient> ssm) {
    return resolve(settings.mode(), settings.key(), settings.keyParameter(),
        ProviderSettings.variable(settings.mode(), "KEY_PARAMETER"), ssm);
  }

  /**
   * The key of any upstream engine of a mode (mjproxy, openai): the plain key, else the one kept under
   * {@code keyParameter}; {@code setting} names the variable in a complaint.
   */
  public static Optional<String> resolve(io.mjserverless.core.task.Mode mode, Optional<String> key,
      Optional<String> keyParameter, String setting, Supplier<SsmClient> ssm) {
    if (key.isPresent()) {
      return key;
    }
    if (keyParameter.isEmpty()) {
      return Optional.empty();
    }
    String name = parameterName(keyParameter.get());
    try {
      String value = ssm.get().getParameter(GetParameterRequest.builder().name(name).withDecryption(true).build())
          .parameter().value();
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(setting + " names " + name + ", which is empty");
      }
      return Optional.of(value.strip());
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalStateException("the provider key of " + mode + " mode cannot be read from " + name
          + " (" + setting + "): " + e.getMessage(), e);
    }
  }

  /** SSM parameter names as they are; Secrets Manager secrets as SSM's reference path to them. */
  static String parameterName(String setting) {
    if (setting.startsWith(SECRETS_MANAGER_PREFIX)) {
      return SECRETS_MANAGER_REFERENCE + setting.substring(SECRETS_MANAGER_PREFIX.length());
    }
    if (setting.startsWith(SECRETS_MANAGER_ARN_PREFIX) || setting.startsWith("arn:aws-cn:secretsmanager:")
        || setting.startsWith("arn:aws-us-gov:secretsmanager:")) {
      return SECRETS_MANAGER_REFERENCE + setting;
    }
    return setting;
  }
}
