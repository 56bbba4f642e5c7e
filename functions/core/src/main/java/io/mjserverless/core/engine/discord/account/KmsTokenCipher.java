package io.mjserverless.core.engine.discord.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Tokens sealed under the stack's own KMS key ({@code AccountTokenKey} in template.yaml): the table
 * holds only KMS ciphertext, and only the functions granted kms:Decrypt on that key can read a token.
 * A token is a few dozen bytes, well under KMS's 4 KB limit, so no envelope (data key) is needed.
 */
public final class KmsTokenCipher implements TokenCipher {
  static final String PREFIX = "kms:";
  private final java.util.function.Supplier<KmsClient> kmsClient;
  private final String keyId;

  /** {@code kms} is asked for the client at the first seal or open (a function that never needs one builds none). */
  public KmsTokenCipher(java.util.function.Supplier<KmsClient> kms, String keyId) {
    this.kmsClient = kms;
    this.keyId = keyId;
  }

  @Override
  public String seal(String accountId, String token) {
    try {
      byte[] blob = kmsClient.get().encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromString(token, StandardCharsets.UTF_8))
          .encryptionContext(context(accountId))).ciphertextBlob().asByteArray();
      return PREFIX + Base64.getEncoder().encodeToString(blob);
    } catch (KmsException e) {
      throw new TokenCipherException("the account token could not be encrypted with the stack's KMS key: "
          + e.awsErrorDetails().errorCode(), e);
    }
  }

  @Override
  public String open(String accountId, String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new TokenCipherException("the token of account " + accountId + " was not sealed with KMS");
    }
    try {
      byte[] blob = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      return kmsClient.get().decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(blob)).encryptionContext(context(accountId)))
          .plaintext().asUtf8String();
    } catch (IllegalArgumentException e) {
      throw new TokenCipherException("the sealed token of account " + accountId + " is damaged", e);
    } catch (KmsException e) {
      throw new TokenCipherException("the token of account " + accountId + " could not be decrypted: "
          + e.awsErrorDetails().errorCode(), e);
    }
  }

  private static Map<String, String> context(String accountId) {
    return Map.of("discordAccount", accountId);
  }
}
