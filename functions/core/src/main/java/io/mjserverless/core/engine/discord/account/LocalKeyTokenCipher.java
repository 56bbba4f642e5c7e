package io.mjserverless.core.engine.discord.account;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens sealed with AES-256-GCM under a key kept in a file, for the local runtime, which has no KMS:
 * it makes the key once in its data directory (owner-only) and every function reads it from there. The
 * table then holds the same kind of thing as in AWS, ciphertext only, and a copy of the table without the
 * key file reveals no token. Sealed form: {@code aes:} + base64(12-byte nonce, ciphertext and tag).
 */
public final class LocalKeyTokenCipher implements TokenCipher {
  static final String PREFIX = "aes:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  public LocalKeyTokenCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an account token key is 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** Reads the key file ({@code ACCOUNT_TOKEN_KEY_FILE}: 32 bytes in base64). */
  public static LocalKeyTokenCipher fromFile(Path file) {
    try {
      return new LocalKeyTokenCipher(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("ACCOUNT_TOKEN_KEY_FILE " + file + " cannot be read as a base64 256-bit key: "
          + e.getMessage(), e);
    }
  }

  /** Makes a new random key file readable by its owner only, unless one exists; returns the file. */
  public static Path createKeyFileIfMissing(Path file) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    try {
      Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(partial);
    }
    Files.writeString(partial, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  @Override
  public String seal(String accountId, String token) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(accountId));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new TokenCipherException("the account token could not be encrypted", e);
    }
  }

  @Override
  public String open(String accountId, String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new TokenCipherException("the token of account " + accountId + " was not sealed with the local key");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      if (all.length <= NONCE_BYTES) {
        throw new TokenCipherException("the sealed token of account " + accountId + " is damaged");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(accountId));
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new TokenCipherException("the token of account " + accountId + " could not be decrypted with this key", e);
    }
  }

  private static byte[] associatedData(String accountId) {
    return ("discordAccount:" + accountId).getBytes(StandardCharsets.UTF_8);
  }
}
