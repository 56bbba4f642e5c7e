package io.mjserverless.core.engine.simulator;

/**
 * Smooth seeded 2-D noise (value noise on a hashed lattice, several octaves). Used wherever a picture
 * needs organic variation: warps for variations, masks for blends, texture in filled borders. Hashing
 * the lattice instead of storing a table keeps it allocation-free and identical for any image size.
 */
final class ValueNoise {
  private final long seed;
  private final int octaves;

  ValueNoise(long seed, int octaves) {
    this.seed = seed;
    this.octaves = Math.max(1, octaves);
  }

  /** Noise in [0, 1] at (x, y) measured in lattice cells of the first octave. */
  double at(double x, double y) {
    double sum = 0;
    double amp = 1;
    double norm = 0;
    double fx = x;
    double fy = y;
    for (int o = 0; o < octaves; o++) {
      sum += amp * single(fx, fy, o);
      norm += amp;
      amp *= 0.5;
      fx *= 2.03;
      fy *= 2.03;
    }
    return sum / norm;
  }

  private double single(double x, double y, int octave) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double tx = smooth(x - x0);
    double ty = smooth(y - y0);
    double a = lattice(x0, y0, octave);
    double b = lattice(x0 + 1, y0, octave);
    double c = lattice(x0, y0 + 1, octave);
    double d = lattice(x0 + 1, y0 + 1, octave);
    double top = a + (b - a) * tx;
    double bottom = c + (d - c) * tx;
    return top + (bottom - top) * ty;
  }

  private double lattice(int x, int y, int octave) {
    long h = Seeds.mix(seed ^ ((long) octave << 58), ((long) x << 32) ^ (y & 0xFFFF_FFFFL));
    return (h >>> 11) * 0x1.0p-53;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  /**
   * The noise over a whole w x h frame, values in [0, 1], row-major. Evaluated every 4th pixel and
   * interpolated between: the noise is smooth at that scale anyway, and it is 16 times cheaper.
   *
   * @param cellsAcross lattice cells across the shorter side: 2-3 gives large blobs, 20 fine texture
   */
  static float[] field(long seed, int w, int h, double cellsAcross, int octaves) {
    ValueNoise noise = new ValueNoise(seed, octaves);
    double scale = cellsAcross / Math.min(w, h);
    int step = 4;
    int gw = w / step + 2;
    int gh = h / step + 2;
    double[] grid = new double[gw * gh];
    for (int gy = 0; gy < gh; gy++) {
      for (int gx = 0; gx < gw; gx++) {
        grid[gy * gw + gx] = noise.at(gx * step * scale, gy * step * scale);
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int gy = y / step;
      double ty = (y % step) / (double) step;
      for (int x = 0; x < w; x++) {
        int gx = x / step;
        double tx = (x % step) / (double) step;
        double a = grid[gy * gw + gx];
        double b = grid[gy * gw + gx + 1];
        double c = grid[(gy + 1) * gw + gx];
        double d = grid[(gy + 1) * gw + gx + 1];
        double top = a + (b - a) * tx;
        double bottom = c + (d - c) * tx;
        out[y * w + x] = (float) (top + (bottom - top) * ty);
      }
    }
    return out;
  }
}
