package io.mjserverless.core.engine.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of one quadrant of a 2x2 grid for an aspect ratio. The long side is fixed (512 by default,
 * as Midjourney's grids of 1024 px are made of 512 px quadrants) and the short side follows the ratio,
 * rounded to an even number so that halves and 2x upscales stay whole pixels.
 */
public record GridSize(int quadrantWidth, int quadrantHeight) {
  public static final int DEFAULT_QUADRANT_LONG_SIDE = 512;

  private static final Pattern AR_FLAG = Pattern.compile("(?:^|\\s)--(?:ar|aspect)\\s+(\\d{1,5}):(\\d{1,5})(?=\\s|$)");

  public GridSize {
    if (quadrantWidth <= 0 || quadrantHeight <= 0) {
      throw new IllegalArgumentException("quadrant size must be positive");
    }
  }

  /** Quadrant size for aspect ratio arW:arH with the given long side. */
  public static GridSize of(int arW, int arH, int quadrantLongSide) {
    if (arW <= 0 || arH <= 0) {
      throw new IllegalArgumentException("--ar must be two positive integers, got " + arW + ":" + arH);
    }
    if (quadrantLongSide < 2) {
      throw new IllegalArgumentException("quadrant long side must be at least 2");
    }
    if (arW >= arH) {
      return new GridSize(even(quadrantLongSide), even((double) quadrantLongSide * arH / arW));
    }
    return new GridSize(even((double) quadrantLongSide * arW / arH), even(quadrantLongSide));
  }

  public static GridSize of(int arW, int arH) {
    return of(arW, arH, DEFAULT_QUADRANT_LONG_SIDE);
  }

  /** The size for a prompt's {@code --ar W:H} (or {@code --aspect}); 1:1 when the prompt has none. */
  public static GridSize fromPrompt(String prompt, int quadrantLongSide) {
    Matcher m = AR_FLAG.matcher(prompt == null ? "" : prompt);
    int w = 1;
    int h = 1;
    while (m.find()) { // the last --ar wins, as on Discord
      w = Integer.parseInt(m.group(1));
      h = Integer.parseInt(m.group(2));
    }
    return of(w, h, quadrantLongSide);
  }

  public int gridWidth() {
    return quadrantWidth * 2;
  }

  public int gridHeight() {
    return quadrantHeight * 2;
  }

  private static int even(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }
}
