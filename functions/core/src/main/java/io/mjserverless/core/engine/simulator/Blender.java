package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * /blend: two to five pictures mixed into one. Each input is cover-scaled to the frame, then each pixel
 * is a weighted mean of the inputs, the weights coming from smooth seeded noise (a soft-max of one noise
 * field per input). So each input dominates in some large soft regions and shows through elsewhere,
 * which reads as a blend rather than a flat cross-fade, and every input contributes about equally.
 */
public final class Blender {
  public static final int MIN_INPUTS = 2;
  public static final int MAX_INPUTS = 5;

  private Blender() {}

  public static BufferedImage blend(List<BufferedImage> inputs, int width, int height, long seed) {
    if (inputs == null || inputs.size() < MIN_INPUTS || inputs.size() > MAX_INPUTS) {
      throw new IllegalArgumentException("blend needs 2 to 5 images, got " + (inputs == null ? 0 : inputs.size()));
    }
    int n = inputs.size();
    int[][] layers = new int[n][];
    float[][] fields = new float[n][];
    for (int k = 0; k < n; k++) {
      layers[k] = Pixels.data(Pixels.cover(inputs.get(k), width, height));
      fields[k] = ValueNoise.field(Seeds.mix(seed, k), width, height, 2.4, 3);
    }
    // Sharpness of the soft-max: 6 gives regions where one input leads without hard borders.
    double sharp = 6.0;
    BufferedImage out = Pixels.rgb(width, height);
    int[] o = Pixels.data(out);
    double[] wt = new double[n];
    for (int i = 0; i < o.length; i++) {
      double total = 0;
      for (int k = 0; k < n; k++) {
        wt[k] = Math.exp(sharp * (fields[k][i] - 0.5));
        total += wt[k];
      }
      double r = 0;
      double g = 0;
      double b = 0;
      for (int k = 0; k < n; k++) {
        int p = layers[k][i];
        double f = wt[k] / total;
        r += f * ((p >> 16) & 0xFF);
        g += f * ((p >> 8) & 0xFF);
        b += f * (p & 0xFF);
      }
      o[i] = Pixels.pack(r, g, b);
    }
    return out;
  }

  /** Four blends with different weights, quadrants of the given dimensions with a 512 px long side. */
  public static BufferedImage blendGrid(List<BufferedImage> inputs, BlendDimensions dimensions, long seed) {
    return blendGrid(inputs, dimensions, seed, GridSize.DEFAULT_QUADRANT_LONG_SIDE);
  }

  public static BufferedImage blendGrid(List<BufferedImage> inputs, BlendDimensions dimensions, long seed,
      int quadrantLongSide) {
    GridSize size = dimensions.gridSize(quadrantLongSide);
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int k = 1; k <= 4; k++) {
      parts.add(blend(inputs, size.quadrantWidth(), size.quadrantHeight(), Seeds.mix(seed, k)));
    }
    return Grids.assemble(parts);
  }
}
