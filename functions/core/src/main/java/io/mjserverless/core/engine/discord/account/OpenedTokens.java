package io.mjserverless.core.engine.discord.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opened tokens kept in this container's memory for a short time, keyed by their sealed text (so a new
 * token, sealed anew, is never answered with the old one). Every poll of a Discord task needs its
 * account's token; without this each poll would be one KMS Decrypt call (a network round trip, billed
 * per call and counted against the account's KMS request quota). Nothing is written anywhere.
 */
public final class OpenedTokens implements TokenCipher {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  private static final int MAX_ENTRIES = 256;

  private record Entry(String token, long expiresAt) {}

  private final TokenCipher cipher;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> opened = new ConcurrentHashMap<>();

  public OpenedTokens(TokenCipher cipher, Duration ttl, Clock clock) {
    this.cipher = cipher;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public String seal(String accountId, String token) {
    return cipher.seal(accountId, token);
  }

  @Override
  public String open(String accountId, String sealed) {
    long now = clock.millis();
    String cacheKey = accountId + "\n" + sealed;
    Entry entry = opened.get(cacheKey);
    if (entry != null && entry.expiresAt() > now) {
      return entry.token();
    }
    String token = cipher.open(accountId, sealed);
    if (opened.size() >= MAX_ENTRIES) {
      opened.clear();
    }
    opened.put(cacheKey, new Entry(token, now + ttl.toMillis()));
    return token;
  }
}
