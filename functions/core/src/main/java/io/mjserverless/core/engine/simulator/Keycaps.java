package io.mjserverless.core.engine.simulator;

import java.util.List;

/** The keycap digits Midjourney numbers Describe and Shorten results with: 1️⃣ is "1" + U+FE0F + U+20E3. */
public final class Keycaps {
  private Keycaps() {}

  public static String keycap(int digit) {
    if (digit < 0 || digit > 9) {
      throw new IllegalArgumentException("keycaps exist for 0-9 only");
    }
    return digit + "\uFE0F\u20E3";
  }

  /** "1️⃣ first\n\n2️⃣ second..." as Describe's {@code finalPrompt} and Shorten's list are written. */
  public static String numbered(List<String> items) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append("\n\n");
      }
      sb.append(keycap(i + 1)).append(' ').append(items.get(i));
    }
    return sb.toString();
  }
}
