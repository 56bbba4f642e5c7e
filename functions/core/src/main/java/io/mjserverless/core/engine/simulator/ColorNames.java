package io.mjserverless.core.engine.simulator;

import java.util.List;

/**
 * Names a colour in plain English by the nearest of a small palette, measured in CIELAB so that
 * "nearest" is close to what people see (in RGB, dark blue would be nearer to black than to navy).
 */
final class ColorNames {
  record Named(String name, int rgb) {}

  static final List<Named> PALETTE = List.of(
      new Named("black", 0x121212), new Named("charcoal", 0x3C3C41), new Named("gray", 0x808080),
      new Named("silver", 0xC0C0C4), new Named("white", 0xF5F5F5), new Named("red", 0xC8201E),
      new Named("maroon", 0x6E141E), new Named("orange", 0xF08228), new Named("brown", 0x7A4B28),
      new Named("gold", 0xDCAF32), new Named("yellow", 0xF5E13C), new Named("olive", 0x78783A),
      new Named("green", 0x32A03C), new Named("dark green", 0x1A4F23), new Named("teal", 0x148282),
      new Named("turquoise", 0x40C8C8), new Named("sky blue", 0x82B8EB), new Named("blue", 0x2850DC),
      new Named("navy", 0x141E5A), new Named("purple", 0x7832A0), new Named("lavender", 0xB496DC),
      new Named("pink", 0xF082B4), new Named("magenta", 0xC828A0), new Named("beige", 0xE1CDAA));

  private static final double[][] LAB = new double[PALETTE.size()][];
  /** Nearest palette index for every colour quantised to 5 bits per channel: naming a pixel is a lookup. */
  private static final byte[] NEAREST = new byte[1 << 15];

  static {
    for (int i = 0; i < PALETTE.size(); i++) {
      LAB[i] = lab(PALETTE.get(i).rgb());
    }
    for (int q = 0; q < NEAREST.length; q++) {
      int r = ((q >> 10) & 31) * 255 / 31;
      int g = ((q >> 5) & 31) * 255 / 31;
      int b = (q & 31) * 255 / 31;
      NEAREST[q] = (byte) nearest((r << 16) | (g << 8) | b);
    }
  }

  private ColorNames() {}

  /** Index into {@link #PALETTE} of the colour's name. */
  static int index(int rgb) {
    int q = (((rgb >> 19) & 31) << 10) | (((rgb >> 11) & 31) << 5) | ((rgb >> 3) & 31);
    return NEAREST[q];
  }

  static String name(int rgb) {
    return PALETTE.get(index(rgb)).name();
  }

  private static int nearest(int rgb) {
    double[] lab = lab(rgb);
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < LAB.length; i++) {
      double dl = lab[0] - LAB[i][0];
      double da = lab[1] - LAB[i][1];
      double db = lab[2] - LAB[i][2];
      double d = dl * dl + da * da + db * db;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** sRGB (D65) to CIELAB. */
  static double[] lab(int rgb) {
    double r = linear(((rgb >> 16) & 0xFF) / 255.0);
    double g = linear(((rgb >> 8) & 0xFF) / 255.0);
    double b = linear((rgb & 0xFF) / 255.0);
    double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double linear(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static double f(double t) {
    return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
  }
}
