package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * V1-V4, Vary (Subtle) and Vary (Strong): four new pictures derived from one. Each is the source gently
 * warped (a smooth displacement field), with its hue and saturation nudged, and with blobs of a new
 * scene in the source's colours blended in. One strength scales all three, so a subtle variation
 * keeps the composition and a strong one visibly changes it. Reroll is not here: it is a fresh
 * imagine grid from a new seed.
 */
public final class Variations {
  /** Vary (Subtle). */
  public static final double SUBTLE = 0.15;
  /** V1-V4 on a grid. */
  public static final double VARIATION = 0.35;
  /** Vary (Strong). */
  public static final double STRONG = 0.6;

  private Variations() {}

  /** Four variations, each at the source's size, as a grid. */
  public static BufferedImage variationGrid(BufferedImage source, long seed, double strength) {
    List<BufferedImage> parts = new ArrayList<>(4);
    ImageFacts facts = ImageFacts.measure(source);
    for (int k = 1; k <= 4; k++) {
      parts.add(variation(source, facts, Seeds.mix(seed, k), strength));
    }
    return Grids.assemble(parts);
  }

  /**
   * Four variations whose long side is {@code quadrantLongSide}: Vary on an upscaled 1024 px picture
   * gives a normal grid of 512 px quadrants, as on Midjourney, not a 2048 px one.
   */
  public static BufferedImage variationGrid(BufferedImage source, long seed, double strength, int quadrantLongSide) {
    return variationGrid(SimulatorPictures.fitLongSide(source, quadrantLongSide), seed, strength);
  }

  public static BufferedImage variation(BufferedImage source, long seed, double strength) {
    return variation(source, ImageFacts.measure(source), seed, strength);
  }

  private static BufferedImage variation(BufferedImage source, ImageFacts facts, long seed, double strength) {
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be within 0..1, got " + strength);
    }
    BufferedImage src = Pixels.toRgb(source);
    int w = src.getWidth();
    int h = src.getHeight();
    int[] sp = Pixels.data(src);
    SplittableRandom r = new SplittableRandom(Seeds.mix(seed, "variation"));

    double amp = strength * 0.07 * Math.min(w, h);
    float[] warpX = ValueNoise.field(Seeds.mix(seed, "warp-x"), w, h, 2.5, 2);
    float[] warpY = ValueNoise.field(Seeds.mix(seed, "warp-y"), w, h, 2.5, 2);
    float[] blobs = ValueNoise.field(Seeds.mix(seed, "blobs"), w, h, 2.2, 3);
    int[] fresh = Pixels.data(SceneRenderer.render(Scene.matching(seed, facts), w, h));

    double hue = Math.toRadians(strength * r.nextDouble(-45, 45));
    double cos = Math.cos(hue);
    double sin = Math.sin(hue);
    double satMul = 1 + strength * r.nextDouble(-0.4, 0.4);
    double lift = strength * r.nextDouble(-25, 25);
    double blobWeight = Math.min(0.85, strength * 1.4);

    BufferedImage out = Pixels.rgb(w, h);
    int[] o = Pixels.data(out);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int p = Pixels.sample(sp, w, h, x + (warpX[i] - 0.5) * 2 * amp, y + (warpY[i] - 0.5) * 2 * amp);
        p = shiftColor(p, cos, sin, satMul, lift);
        double b = blobWeight * Pixels.smoothstep(0.4, 0.75, blobs[i]);
        o[i] = Pixels.lerp(p, fresh[i], b);
      }
    }
    return out;
  }

  /** Hue rotation and saturation scaling in YIQ: a cheap linear colour shift that keeps brightness. */
  private static int shiftColor(int rgb, double cos, double sin, double satMul, double lift) {
    double r = (rgb >> 16) & 0xFF;
    double g = (rgb >> 8) & 0xFF;
    double b = rgb & 0xFF;
    double y = 0.299 * r + 0.587 * g + 0.114 * b + lift;
    double i = 0.596 * r - 0.274 * g - 0.322 * b;
    double q = 0.211 * r - 0.523 * g + 0.312 * b;
    double i2 = (i * cos - q * sin) * satMul;
    double q2 = (i * sin + q * cos) * satMul;
    return Pixels.pack(y + 0.956 * i2 + 0.621 * q2, y - 0.272 * i2 - 0.647 * q2, y - 1.106 * i2 + 1.703 * q2);
  }
}
