package io.mjserverless.core.engine.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where every random choice of the simulator comes from. All pictures are a pure function of a seed,
 * so a task can be re-rendered (or checked by a test) and give the same pixels; that is why nothing
 * here touches {@code Math.random} or the clock.
 */
public final class Seeds {
  private static final Pattern SEED_FLAG = Pattern.compile("(?:^|\\s)--(?:seed|sameseed)\\s+(\\d{1,10})(?=\\s|$)");
  private static final Pattern ANY_FLAG = Pattern.compile("\\s--\\S+(?:\\s+(?!--)\\S+)?");

  /** Midjourney seeds are 0 .. 4294967295; ours stay in that range so {@code image-seed} looks familiar. */
  public static final long MAX_SEED = 0xFFFF_FFFFL;

  private Seeds() {}

  /**
   * The seed of a prompt: its {@code --seed} value when present, else a stable hash of the prompt
   * text without its flags (so {@code --ar} or {@code --relax} alone does not change the picture).
   */
  public static long forPrompt(String prompt) {
    String p = prompt == null ? "" : prompt;
    Matcher m = SEED_FLAG.matcher(p);
    if (m.find()) {
      long v = Long.parseLong(m.group(1));
      if (v <= MAX_SEED) {
        return v;
      }
    }
    String words = ANY_FLAG.matcher(" " + p).replaceAll(" ").trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return fnv1a(words) & MAX_SEED;
  }

  /** A new independent seed from a seed and a salt (quadrant number, operation id...). SplitMix64's finaliser. */
  public static long mix(long seed, long salt) {
    long z = seed + 0x9E37_79B9_7F4A_7C15L * (salt + 1);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** Mixes a text into a seed (operation names, prompt words), stable across JVMs unlike hashCode contracts of other types. */
  public static long mix(long seed, String salt) {
    return mix(seed, fnv1a(salt));
  }

  static long fnv1a(String s) {
    long h = 0xCBF2_9CE4_8422_2325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xFF);
      h *= 0x0000_0100_0000_01B3L;
    }
    return h;
  }
}
