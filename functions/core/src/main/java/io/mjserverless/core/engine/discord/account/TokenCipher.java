package io.mjserverless.core.engine.discord.account;

/**
 * Seals Discord user tokens for the accounts table and opens them again for a call to Discord. The
 * account id is bound to the sealed text (KMS encryption context, AES-GCM associated data), so a sealed
 * token copied onto another account's item does not open.
 */
public interface TokenCipher {

  /** The token sealed, as text for the table. */
  String seal(String accountId, String token);

  /**
   * The token in clear.
   *
   * @throws TokenCipherException when it cannot be opened (another key, another account, damaged text)
   */
  String open(String accountId, String sealed);

  /** A cipher for a stack with no token key: sealing says what to configure. */
  static TokenCipher unconfigured() {
    return new TokenCipher() {
      @Override
      public String seal(String accountId, String token) {
        throw new TokenCipherException("no key is configured to encrypt account tokens: set ACCOUNT_TOKEN_KEY_ID (a KMS key)"
            + " or ACCOUNT_TOKEN_KEY_FILE (a local key file)");
      }

      @Override
      public String open(String accountId, String sealed) {
        return seal(accountId, sealed);
      }
    };
  }
}
