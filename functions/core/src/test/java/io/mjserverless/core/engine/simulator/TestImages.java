package io.mjserverless.core.engine.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;

/** Measurements and fixtures for the simulator tests, written independently of the code under test. */
final class TestImages {
  private TestImages() {}

  /** Mean absolute difference per channel, 0..255. */
  static double meanAbsDiff(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        sum += channelDiff(a.getRGB(x, y), b.getRGB(x, y));
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  static int channelDiff(int p, int q) {
    return Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF))
        + Math.abs((p & 0xFF) - (q & 0xFF));
  }

  static boolean samePixels(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A crop through getSubimage (a view), copied into a fresh image. */
  static BufferedImage region(BufferedImage img, int x, int y, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(img.getSubimage(x, y, w, h), 0, 0, null);
    g.dispose();
    return out;
  }

  /** Bicubic scaling with AffineTransformOp: a second implementation to compare the simulator against. */
  static BufferedImage bicubic(BufferedImage src, double factor) {
    AffineTransformOp op = new AffineTransformOp(AffineTransform.getScaleInstance(factor, factor), AffineTransformOp.TYPE_BICUBIC);
    BufferedImage out = new BufferedImage((int) Math.round(src.getWidth() * factor), (int) Math.round(src.getHeight() * factor),
        BufferedImage.TYPE_INT_RGB);
    op.filter(src, out);
    return out;
  }

  /** Halving by averaging each 2x2 block. */
  static BufferedImage halve(BufferedImage src) {
    int w = src.getWidth() / 2;
    int h = src.getHeight() / 2;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int k = 0; k < 4; k++) {
          int p = src.getRGB(2 * x + (k & 1), 2 * y + (k >> 1));
          r += (p >> 16) & 0xFF;
          g += (p >> 8) & 0xFF;
          b += p & 0xFF;
        }
        out.setRGB(x, y, ((r / 4) << 16) | ((g / 4) << 8) | (b / 4));
      }
    }
    return out;
  }

  static BufferedImage solid(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** Standard deviation of luma: 0 for a flat fill. */
  static double lumaStdDev(BufferedImage img, int x0, int y0, int w, int h) {
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int p = img.getRGB(x, y);
        double l = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
        sum += l;
        sq += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, sq / n - mean * mean));
  }

  static double meanLuma(BufferedImage img, int x0, int y0, int w, int h) {
    double sum = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int p = img.getRGB(x, y);
        sum += 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
      }
    }
    return sum / (w * h);
  }

  /** Pearson correlation of the luma of two same-size images. */
  static double lumaCorrelation(BufferedImage a, BufferedImage b) {
    int n = a.getWidth() * a.getHeight();
    double[] x = new double[n];
    double[] y = new double[n];
    int i = 0;
    for (int py = 0; py < a.getHeight(); py++) {
      for (int px = 0; px < a.getWidth(); px++) {
        int p = a.getRGB(px, py);
        int q = b.getRGB(px, py);
        x[i] = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
        y[i] = 0.299 * ((q >> 16) & 0xFF) + 0.587 * ((q >> 8) & 0xFF) + 0.114 * (q & 0xFF);
        i++;
      }
    }
    double mx = 0;
    double my = 0;
    for (int k = 0; k < n; k++) {
      mx += x[k];
      my += y[k];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int k = 0; k < n; k++) {
      sxy += (x[k] - mx) * (y[k] - my);
      sxx += (x[k] - mx) * (x[k] - mx);
      syy += (y[k] - my) * (y[k] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
