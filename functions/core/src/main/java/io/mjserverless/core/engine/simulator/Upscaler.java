package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;

/** U1-U4 and Upscale (Subtle / Creative). */
public final class Upscaler {
  private Upscaler() {}

  /** U&lt;n&gt;: the real crop of quadrant n, scaled 2x with bicubic interpolation. */
  public static BufferedImage upscale(BufferedImage grid, int n) {
    BufferedImage q = Grids.quadrant(grid, n);
    return Pixels.scale(q, q.getWidth() * 2, q.getHeight() * 2);
  }

  /**
   * Upscale (Subtle) and (Creative): 2x. Subtle is faithful: plain bicubic, nothing added. Creative
   * invents fine detail as Midjourney's does: seeded fine-grained texture, a touch of local contrast
   * (an unsharp mask) and saturation, so it is visibly crisper and not identical to the subtle result.
   */
  public static BufferedImage upscaleHd(BufferedImage image, boolean creative, long seed) {
    BufferedImage big = Pixels.scale(image, image.getWidth() * 2, image.getHeight() * 2);
    if (!creative) {
      return big;
    }
    int w = big.getWidth();
    int h = big.getHeight();
    int[] p = Pixels.data(big);
    int[] soft = Pixels.data(Pixels.blur(big, 2));
    ValueNoise fine = new ValueNoise(Seeds.mix(seed, "creative-detail"), 2);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int a = p[i];
        int b = soft[i];
        // Unsharp mask: push each channel away from its blurred value.
        double r = ((a >> 16) & 0xFF) * 1.4 - ((b >> 16) & 0xFF) * 0.4;
        double g = ((a >> 8) & 0xFF) * 1.4 - ((b >> 8) & 0xFF) * 0.4;
        double bl = (a & 0xFF) * 1.4 - (b & 0xFF) * 0.4;
        double grey = 0.299 * r + 0.587 * g + 0.114 * bl;
        double detail = (fine.at(x / 3.5, y / 3.5) - 0.5) * 18;
        r = grey + (r - grey) * 1.06 + detail;
        g = grey + (g - grey) * 1.06 + detail;
        bl = grey + (bl - grey) * 1.06 + detail;
        p[i] = Pixels.pack(r, g, bl);
      }
    }
    return big;
  }
}
