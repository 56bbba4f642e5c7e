package io.mjserverless.core.engine.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Low-level picture helpers shared by the operations: TYPE_INT_RGB images, direct pixel arrays,
 * resampling, blur. Every operation works on TYPE_INT_RGB so that pixel arrays can be read and written
 * directly (fast, and no colour-model surprises between inputs of different formats).
 */
final class Pixels {
  private Pixels() {}

  static BufferedImage rgb(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
  }

  /** The image as TYPE_INT_RGB: the same object when it already is, else a copy (alpha flattened over white). */
  static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage out = rgb(image.getWidth(), image.getHeight());
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** A fresh TYPE_INT_RGB copy; callers may modify it freely. */
  static BufferedImage copy(BufferedImage image) {
    BufferedImage src = toRgb(image);
    BufferedImage out = rgb(src.getWidth(), src.getHeight());
    System.arraycopy(data(src), 0, data(out), 0, data(src).length);
    return out;
  }

  /** The backing array of a TYPE_INT_RGB image (0xRRGGBB per pixel, row-major). Writes show in the image. */
  static int[] data(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_INT_RGB) {
      throw new IllegalArgumentException("expected TYPE_INT_RGB");
    }
    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
  }

  /** A copy of a rectangle: a real crop, not a view sharing the parent's raster. */
  static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
    BufferedImage src = toRgb(image);
    if (x < 0 || y < 0 || x + width > src.getWidth() || y + height > src.getHeight()) {
      throw new IllegalArgumentException("crop outside the image");
    }
    BufferedImage out = rgb(width, height);
    int[] s = data(src);
    int[] d = data(out);
    for (int row = 0; row < height; row++) {
      System.arraycopy(s, (y + row) * src.getWidth() + x, d, row * width, width);
    }
    return out;
  }

  static void paste(BufferedImage canvas, BufferedImage part, int x, int y) {
    int[] d = data(canvas);
    int[] s = data(toRgb(part));
    int w = part.getWidth();
    for (int row = 0; row < part.getHeight(); row++) {
      System.arraycopy(s, row * w, d, (y + row) * canvas.getWidth() + x, w);
    }
  }

  /**
   * Resizes with bicubic interpolation. Large reductions go by halving first: a single bicubic step
   * would skip most source pixels and alias, each halving averages 2x2 blocks.
   */
  static BufferedImage scale(BufferedImage image, int width, int height) {
    BufferedImage current = toRgb(image);
    while (current.getWidth() >= width * 2 || current.getHeight() >= height * 2) {
      int w = current.getWidth() >= width * 2 ? current.getWidth() / 2 : current.getWidth();
      int h = current.getHeight() >= height * 2 ? current.getHeight() / 2 : current.getHeight();
      current = draw(current, w, h, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }
    if (current.getWidth() == width && current.getHeight() == height) {
      return current == image ? copy(current) : current;
    }
    return draw(current, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
  }

  /** Scales so the image covers width x height, then crops the centre: how inputs of any shape fill a frame. */
  static BufferedImage cover(BufferedImage image, int width, int height) {
    double s = Math.max((double) width / image.getWidth(), (double) height / image.getHeight());
    int sw = Math.max(width, (int) Math.round(image.getWidth() * s));
    int sh = Math.max(height, (int) Math.round(image.getHeight() * s));
    BufferedImage scaled = scale(image, sw, sh);
    return crop(scaled, (sw - width) / 2, (sh - height) / 2, width, height);
  }

  private static BufferedImage draw(BufferedImage src, int width, int height, Object interpolation) {
    BufferedImage out = rgb(Math.max(1, width), Math.max(1, height));
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
    g.dispose();
    return out;
  }

  /** Separable box blur, three passes (close to a Gaussian of sigma ~ radius), edges clamped. */
  static BufferedImage blur(BufferedImage image, int radius) {
    BufferedImage out = copy(image);
    if (radius < 1) {
      return out;
    }
    int w = out.getWidth();
    int h = out.getHeight();
    int[] a = data(out);
    int[] tmp = new int[a.length];
    for (int pass = 0; pass < 3; pass++) {
      boxPass(a, tmp, w, h, radius, true);
      boxPass(tmp, a, w, h, radius, false);
    }
    return out;
  }

  private static void boxPass(int[] src, int[] dst, int w, int h, int r, boolean horizontal) {
    int lines = horizontal ? h : w;
    int len = horizontal ? w : h;
    int stride = horizontal ? 1 : w;
    int window = 2 * r + 1;
    for (int line = 0; line < lines; line++) {
      int base = horizontal ? line * w : line;
      int sr = 0;
      int sg = 0;
      int sb = 0;
      for (int k = -r; k <= r; k++) {
        int p = src[base + clamp(k, 0, len - 1) * stride];
        sr += (p >> 16) & 0xFF;
        sg += (p >> 8) & 0xFF;
        sb += p & 0xFF;
      }
      for (int i = 0; i < len; i++) {
        dst[base + i * stride] = ((sr / window) << 16) | ((sg / window) << 8) | (sb / window);
        int out = src[base + clamp(i - r, 0, len - 1) * stride];
        int in = src[base + clamp(i + r + 1, 0, len - 1) * stride];
        sr += ((in >> 16) & 0xFF) - ((out >> 16) & 0xFF);
        sg += ((in >> 8) & 0xFF) - ((out >> 8) & 0xFF);
        sb += (in & 0xFF) - (out & 0xFF);
      }
    }
  }

  /** Mixes two 0xRRGGBB colours: t = 0 gives a, t = 1 gives b. */
  static int lerp(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xFF) + (((b >> 16) & 0xFF) - ((a >> 16) & 0xFF)) * t);
    int g = (int) Math.round(((a >> 8) & 0xFF) + (((b >> 8) & 0xFF) - ((a >> 8) & 0xFF)) * t);
    int bl = (int) Math.round((a & 0xFF) + ((b & 0xFF) - (a & 0xFF)) * t);
    return pack(r, g, bl);
  }

  static int pack(int r, int g, int b) {
    return (clamp(r, 0, 255) << 16) | (clamp(g, 0, 255) << 8) | clamp(b, 0, 255);
  }

  static int pack(double r, double g, double b) {
    return pack((int) Math.round(r), (int) Math.round(g), (int) Math.round(b));
  }

  /** Perceived brightness 0..255 (Rec. 601 weights, as JPEG and most "luma" definitions use). */
  static double luma(int rgb) {
    return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
  }

  /** Adds d to each channel, clamped: a brightness change that keeps the hue. */
  static int brighten(int rgb, int d) {
    return pack(((rgb >> 16) & 0xFF) + d, ((rgb >> 8) & 0xFF) + d, (rgb & 0xFF) + d);
  }

  /** Bilinear sample at a fractional position, clamped to the image (used by warps). */
  static int sample(int[] px, int w, int h, double x, double y) {
    double cx = Math.max(0, Math.min(w - 1.0001, x));
    double cy = Math.max(0, Math.min(h - 1.0001, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    double tx = cx - x0;
    double ty = cy - y0;
    int x1 = Math.min(w - 1, x0 + 1);
    int y1 = Math.min(h - 1, y0 + 1);
    int top = lerp(px[y0 * w + x0], px[y0 * w + x1], tx);
    int bottom = lerp(px[y1 * w + x0], px[y1 * w + x1], tx);
    return lerp(top, bottom, ty);
  }

  static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }

  static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }

  static double smoothstep(double edge0, double edge1, double x) {
    double t = clamp01((x - edge0) / (edge1 - edge0));
    return t * t * (3 - 2 * t);
  }
}
