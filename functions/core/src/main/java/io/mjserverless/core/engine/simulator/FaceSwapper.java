package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;

/**
 * /insight-face/swap without a face detector: the source's face is assumed where portraits put it
 * (centre, upper half), and it goes where the target shows the most skin-coloured area, else where a
 * portrait's face would be. The pasted face is feathered at its edge and shifted a quarter of the way
 * toward the target's colours so it does not look cut out, yet stays recognisably the source's.
 */
public final class FaceSwapper {
  /** The face's height as a fraction of the picture's shorter side. */
  static final double FACE_HEIGHT = 0.4;
  /** Inside this fraction of the ellipse radius the face is pasted opaque; beyond it, it fades out. */
  static final double OPAQUE = 0.75;

  private FaceSwapper() {}

  /** An elliptical face region, centre and radii in pixels. */
  public record FaceRegion(double cx, double cy, double rx, double ry) {
    /** 0 at the centre, 1 on the ellipse. */
    public double distance(double x, double y) {
      double dx = (x - cx) / rx;
      double dy = (y - cy) / ry;
      return Math.sqrt(dx * dx + dy * dy);
    }
  }

  public static BufferedImage faceSwap(BufferedImage source, BufferedImage target) {
    BufferedImage src = Pixels.toRgb(source);
    BufferedImage dst = Pixels.toRgb(target);
    FaceRegion from = sourceFace(src);
    FaceRegion to = placement(dst);

    int x0 = (int) Math.floor(from.cx() - from.rx());
    int y0 = (int) Math.floor(from.cy() - from.ry());
    int fw = Math.min(src.getWidth() - x0, (int) Math.ceil(from.rx() * 2));
    int fh = Math.min(src.getHeight() - y0, (int) Math.ceil(from.ry() * 2));
    int tx0 = (int) Math.floor(to.cx() - to.rx());
    int ty0 = (int) Math.floor(to.cy() - to.ry());
    int tw = (int) Math.ceil(to.rx() * 2);
    int th = (int) Math.ceil(to.ry() * 2);
    BufferedImage face = Pixels.scale(Pixels.crop(src, x0, y0, fw, fh), tw, th);
    int[] fp = Pixels.data(face);

    BufferedImage out = Pixels.copy(dst);
    int[] o = Pixels.data(out);
    int w = out.getWidth();
    int h = out.getHeight();
    int[] shift = meanDifference(o, w, h, to, fp, tw, th, tx0, ty0);
    for (int y = Math.max(0, ty0); y < Math.min(h, ty0 + th); y++) {
      for (int x = Math.max(0, tx0); x < Math.min(w, tx0 + tw); x++) {
        double d = to.distance(x + 0.5, y + 0.5);
        if (d >= 1) {
          continue;
        }
        double a = 1 - Pixels.smoothstep(OPAQUE, 1.0, d);
        int p = fp[(y - ty0) * tw + (x - tx0)];
        int adjusted = Pixels.pack(((p >> 16) & 0xFF) + shift[0], ((p >> 8) & 0xFF) + shift[1], (p & 0xFF) + shift[2]);
        o[y * w + x] = Pixels.lerp(o[y * w + x], adjusted, a);
      }
    }
    return out;
  }

  /** Where the source's face is taken from: centred, upper part, FACE_HEIGHT of the shorter side. */
  public static FaceRegion sourceFace(BufferedImage source) {
    return portraitFace(source.getWidth(), source.getHeight(), source.getWidth() / 2.0);
  }

  /**
   * Where the face goes on the target: the ellipse-sized window with the most skin-toned pixels when
   * at least 30% of it is skin, else the portrait position. Candidates are scanned on a grid of a
   * quarter face height, with counts from a summed-area table so the scan stays cheap.
   */
  public static FaceRegion placement(BufferedImage target) {
    BufferedImage t = Pixels.toRgb(target);
    int w = t.getWidth();
    int h = t.getHeight();
    FaceRegion fallback = portraitFace(w, h, w / 2.0);
    int[] px = Pixels.data(t);
    long[] sat = new long[(w + 1) * (h + 1)];
    for (int y = 0; y < h; y++) {
      long row = 0;
      for (int x = 0; x < w; x++) {
        row += isSkin(px[y * w + x]) ? 1 : 0;
        sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
      }
    }
    double rx = fallback.rx();
    double ry = fallback.ry();
    // The rectangle inscribed in the ellipse is what gets scored: it is all face, no corners.
    int hw = (int) Math.max(1, rx * 0.7);
    int hh = (int) Math.max(1, ry * 0.7);
    int step = (int) Math.max(1, ry / 2);
    double best = 0;
    double bestX = fallback.cx();
    double bestY = fallback.cy();
    for (int cy = (int) Math.ceil(ry); cy <= h - ry; cy += step) {
      for (int cx = (int) Math.ceil(rx); cx <= w - rx; cx += step) {
        int x0 = Math.max(0, cx - hw);
        int x1 = Math.min(w, cx + hw);
        int y0 = Math.max(0, cy - hh);
        int y1 = Math.min(h, cy + hh);
        long count = sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] + sat[y0 * (w + 1) + x0];
        double share = count / (double) ((x1 - x0) * (y1 - y0));
        if (share > best + 1e-9) {
          best = share;
          bestX = cx;
          bestY = cy;
        }
      }
    }
    return best >= 0.3 ? new FaceRegion(bestX, bestY, rx, ry) : fallback;
  }

  private static FaceRegion portraitFace(int w, int h, double cx) {
    double ry = FACE_HEIGHT * Math.min(w, h) / 2;
    double rx = ry * 0.8;
    return new FaceRegion(cx, Math.max(ry, 0.4 * h), rx, ry);
  }

  /** The classic RGB skin rule of Kovac et al.: warm, red above green above blue, not grey. */
  static boolean isSkin(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    int max = Math.max(r, Math.max(g, b));
    int min = Math.min(r, Math.min(g, b));
    return r > 95 && g > 40 && b > 20 && max - min > 15 && Math.abs(r - g) > 15 && r > g && r > b;
  }

  /** A quarter of (target region mean - face mean), per channel: the colour shift applied to the face. */
  private static int[] meanDifference(int[] target, int w, int h, FaceRegion region, int[] face, int fw, int fh,
      int fx0, int fy0) {
    double[] t = new double[3];
    double[] f = new double[3];
    int n = 0;
    for (int y = Math.max(0, fy0); y < Math.min(h, fy0 + fh); y++) {
      for (int x = Math.max(0, fx0); x < Math.min(w, fx0 + fw); x++) {
        if (region.distance(x + 0.5, y + 0.5) >= OPAQUE) {
          continue;
        }
        int a = target[y * w + x];
        int b = face[(y - fy0) * fw + (x - fx0)];
        t[0] += (a >> 16) & 0xFF;
        t[1] += (a >> 8) & 0xFF;
        t[2] += a & 0xFF;
        f[0] += (b >> 16) & 0xFF;
        f[1] += (b >> 8) & 0xFF;
        f[2] += b & 0xFF;
        n++;
      }
    }
    int[] shift = new int[3];
    if (n > 0) {
      for (int c = 0; c < 3; c++) {
        shift[c] = (int) Math.round(0.25 * (t[c] - f[c]) / n);
      }
    }
    return shift;
  }
}
