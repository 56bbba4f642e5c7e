package io.mjserverless.core.engine.discord.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing tokens with the local key, binding them to their account, masking them, caching opened ones. */
class TokenCipherTest {
  private static final String TOKEN = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.abcdefghijklmnopqrstuvwxyz0123";

  @Test
  void aSealedTokenOpensOnlyForItsAccountAndKey() {
    LocalKeyTokenCipher cipher = new LocalKeyTokenCipher(key());
    String sealed = cipher.seal("111", TOKEN);
    assertTrue(sealed.startsWith("aes:"), sealed);
    assertFalse(sealed.contains(TOKEN.substring(0, 10)), "no part of the token is readable");
    assertNotEquals(sealed, cipher.seal("111", TOKEN), "a fresh nonce each time");
    assertEquals(TOKEN, cipher.open("111", sealed));
    TokenCipherException otherAccount = assertThrows(TokenCipherException.class, () -> cipher.open("222", sealed));
    assertFalse(otherAccount.getMessage().contains(TOKEN), otherAccount.getMessage());
    assertThrows(TokenCipherException.class, () -> new LocalKeyTokenCipher(key()).open("111", sealed));
    assertThrows(TokenCipherException.class, () -> cipher.open("111", "aes:AAAA"));
    assertThrows(TokenCipherException.class, () -> cipher.open("111", "kms:AAAA"));
  }

  @Test
  void theKeyFileIsMadeOnceAndReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secrets/account-token.key");
    LocalKeyTokenCipher.createKeyFileIfMissing(file);
    String first = Files.readString(file);
    LocalKeyTokenCipher.createKeyFileIfMissing(file);
    assertEquals(first, Files.readString(file), "an existing key is kept: the tokens sealed with it still open");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String sealed = LocalKeyTokenCipher.fromFile(file).seal("111", TOKEN);
    assertEquals(TOKEN, LocalKeyTokenCipher.fromFile(file).open("111", sealed));
  }

  @Test
  void tokensAreMaskedToEightCharactersAtMost() {
    assertEquals("MTA4****0123", Account.maskToken(TOKEN));
    assertEquals("****", Account.maskToken("short-token-123"));
    assertEquals("****", Account.maskToken(null));
  }

  @Test
  void unconfiguredCipherSaysWhatToSet() {
    TokenCipherException e = assertThrows(TokenCipherException.class, () -> TokenCipher.unconfigured().seal("1", TOKEN));
    assertTrue(e.getMessage().contains("ACCOUNT_TOKEN_KEY_ID"), e.getMessage());
  }

  @Test
  void openedTokensAreKeptForAShortTimeOnly() {
    AtomicInteger opens = new AtomicInteger();
    LocalKeyTokenCipher real = new LocalKeyTokenCipher(key());
    TokenCipher counting = new TokenCipher() {
      @Override
      public String seal(String accountId, String token) {
        return real.seal(accountId, token);
      }

      @Override
      public String open(String accountId, String sealed) {
        opens.incrementAndGet();
        return real.open(accountId, sealed);
      }
    };
    Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    OpenedTokens tokens = new OpenedTokens(counting, Duration.ofMinutes(5), clock);
    String sealed = tokens.seal("111", TOKEN);
    for (int i = 0; i < 50; i++) { // fifty polls of the account's tasks
      assertEquals(TOKEN, tokens.open("111", sealed));
    }
    assertEquals(1, opens.get());
    String replaced = tokens.seal("111", TOKEN + "x");
    assertEquals(TOKEN + "x", tokens.open("111", replaced), "a new token is never answered with the old one");
    now[0] = now[0].plus(Duration.ofMinutes(6));
    tokens.open("111", sealed);
    assertEquals(3, opens.get());
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
