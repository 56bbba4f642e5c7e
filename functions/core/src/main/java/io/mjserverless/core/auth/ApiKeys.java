package io.mjserverless.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key material. A key reads {@code mj_<keyId>_<secret>}: the key id is public (it addresses the stored
 * record, so a lookup needs no scan), the secret is 192 random bits. Only the SHA-256 of the whole key
 * is stored: the key is random, so a plain fast hash is enough (no dictionary to guard against).
 */
public final class ApiKeys {
  static final String PREFIX = "mj_";
  static final int KEY_ID_LENGTH = 12;
  static final int SECRET_LENGTH = 32;
  private static final String KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  // 24 random bytes are exactly 32 base64 characters, so no padding is ever produced.
  private static final int SECRET_BYTES = 24;
  private static final Pattern FORMAT =
      Pattern.compile("mj_([a-z2-7]{" + KEY_ID_LENGTH + "})_[A-Za-z0-9_-]{" + SECRET_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private ApiKeys() {}

  /** A new key: the plaintext is shown once to whoever asked for it, then only the hash remains. */
  public record Generated(String keyId, String plaintext, String hash) {
    // Records print every component; keep the secret out of logs and exception messages.
    @Override
    public String toString() {
      return "Generated[keyId=" + keyId + ", plaintext=<redacted>, hash=" + hash + "]";
    }
  }

  public static Generated generate() {
    String keyId = randomKeyId();
    String plaintext = PREFIX + keyId + "_" + randomUrlSafe();
    return new Generated(keyId, plaintext, hash(plaintext));
  }

  /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
  public static String hash(String plaintext) {
    return HexFormat.of().formatHex(sha256(plaintext));
  }

  /** The key id of a string shaped like one of our keys; empty for anything else (including null). */
  public static Optional<String> keyIdOf(String plaintext) {
    if (plaintext == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(plaintext);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Whether {@code id} has the shape of a key id (a cheap guard before a lookup by id). */
  public static boolean looksLikeKeyId(String id) {
    if (id == null || id.length() != KEY_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (KEY_ID_ALPHABET.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a presented key hashes to the stored hash, compared in constant time. */
  public static boolean matches(String plaintext, String storedHash) {
    if (plaintext == null || storedHash == null) {
      return false;
    }
    byte[] stored;
    try {
      stored = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(plaintext), stored);
  }

  /** The secret that signs a tenant's callbacks (the prefix tells it apart from an API key). */
  public static String newWebhookSecret() {
    return "whsec_" + randomUrlSafe();
  }

  private static String randomKeyId() {
    char[] id = new char[KEY_ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = KEY_ID_ALPHABET.charAt(RANDOM.nextInt(KEY_ID_ALPHABET.length()));
    }
    return new String(id);
  }

  private static String randomUrlSafe() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return URL_SAFE.encodeToString(bytes);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
