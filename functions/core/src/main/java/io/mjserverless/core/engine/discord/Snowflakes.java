package io.mjserverless.core.engine.discord;

/**
 * Discord ids are snowflakes: milliseconds since Discord's epoch in the high bits. An interaction's id
 * tells when Discord received our POST, which is how answers without a marker are tied to their submit.
 */
public final class Snowflakes {
  /** 2015-01-01T00:00:00Z. */
  public static final long DISCORD_EPOCH = 1420070400000L;

  private Snowflakes() {}

  /** When the thing with this id was made (epoch ms); -1 for an id that is not a snowflake. */
  public static long millisOf(String id) {
    if (id == null || id.isEmpty() || id.length() > 20) {
      return -1;
    }
    try {
      return (Long.parseUnsignedLong(id) >>> 22) + DISCORD_EPOCH;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The smallest id made at {@code epochMillis}: messages with a larger id are younger. */
  public static long atMillis(long epochMillis) {
    return Math.max(0, epochMillis - DISCORD_EPOCH) << 22;
  }

  /** A nonce for an interaction: our time in the high bits, some randomness below. */
  public static String nonce(long epochMillis, long random) {
    return Long.toUnsignedString(atMillis(epochMillis) | (random & 0x3fffff));
  }
}
