package io.mjserverless.core.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback bodies for the {@code X-Mj-Signature} header: {@code t=<unix seconds>,v1=<hex>}, where
 * the hex is the lowercase HMAC-SHA256, keyed with the tenant's webhook secret, of the UTF-8 bytes of
 * {@code "<t>.<body>"}. Binding the timestamp into the MAC lets receivers refuse replays of old
 * deliveries; {@link #verify} is the receiver's side of the contract.
 */
public final class CallbackSigner {
  public static final String HEADER = "X-Mj-Signature";
  private static final String ALGORITHM = "HmacSHA256";
  /** Longest timestamp we parse: keeps the arithmetic in {@link #verify} far from overflow. */
  private static final int MAX_TIMESTAMP_DIGITS = 15;

  private final Clock clock;

  public CallbackSigner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The header value signing {@code body} at the clock's current second. */
  public String sign(String secret, String body) {
    Objects.requireNonNull(body, "body");
    long t = clock.instant().getEpochSecond();
    return "t=" + t + ",v1=" + hmacHex(secret, t + "." + body);
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made no more than
   * {@code toleranceSeconds} away from {@code nowEpochSeconds} (either direction). Entries are separated
   * by commas and may carry surrounding whitespace; unknown keys are ignored, several {@code v1}
   * entries are allowed (any one matching is enough, e.g. during secret rotation), but exactly one
   * {@code t} is required. Never throws on bad input: anything malformed is simply not valid.
   */
  public static boolean verify(String secret, String header, String body, long nowEpochSeconds, long toleranceSeconds) {
    if (secret == null || secret.isEmpty() || header == null || body == null || toleranceSeconds < 0) {
      return false;
    }
    String timestamp = null;
    List<String> candidates = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      String key = entry.substring(0, eq).strip();
      String value = entry.substring(eq + 1).strip();
      if (key.equals("t")) {
        if (timestamp != null) {
          return false; // two timestamps: ambiguous, refuse
        }
        timestamp = value;
      } else if (key.equals("v1")) {
        candidates.add(value);
      }
    }
    if (timestamp == null || candidates.isEmpty() || !isDigits(timestamp) || timestamp.length() > MAX_TIMESTAMP_DIGITS) {
      return false;
    }
    long t = Long.parseLong(timestamp);
    if (Math.abs(nowEpochSeconds - t) > toleranceSeconds) {
      return false;
    }
    byte[] expected = hmacHex(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String candidate : candidates) {
      byte[] given = candidate.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      // MessageDigest.isEqual is time-constant in the content; no short cut across candidates either.
      match |= MessageDigest.isEqual(expected, given);
    }
    return match;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static String hmacHex(String secret, String message) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required to sign a callback");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
