package io.mjserverless.core.engine.discord.account;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.AccountsSettings;

/** The token cipher a function's configuration asks for. */
public final class TokenCiphers {
  private TokenCiphers() {}

  /**
   * The local key file when {@code ACCOUNT_TOKEN_KEY_FILE} is set (local runs), else the KMS key of
   * {@code ACCOUNT_TOKEN_KEY_ID}; with neither, a cipher that refuses and says what to set.
   */
  public static TokenCipher fromSettings(AccountsSettings settings, AwsClients aws) {
    if (settings.tokenKeyFile().isPresent()) {
      return LocalKeyTokenCipher.fromFile(settings.tokenKeyFile().get());
    }
    if (settings.tokenKeyId().isPresent()) {
      return new KmsTokenCipher(aws::kms, settings.tokenKeyId().get());
    }
    return TokenCipher.unconfigured();
  }
}
