package io.mjserverless.core.engine.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints a {@link Scene} with Java2D: sky gradient, stars, sun or moon with a glow, clouds, birds,
 * layered land (hills, mountains, sea, dunes or a skyline), trees and a soft vignette.
 *
 * <p>Every random choice comes from one SplittableRandom seeded by the scene and is drawn in a fixed
 * order, and the rendering hints are all set explicitly, so a scene rendered twice at one size gives the
 * same pixels. Shapes are placed in fractions of the frame, so the same scene looks the same at any size.
 */
public final class SceneRenderer {
  /** Points per ridge line, independent of the output size so the shape does not change with it. */
  private static final int RIDGE_POINTS = 97;

  private SceneRenderer() {}

  /** Renders the scene for a prompt and seed: what {@code /imagine} shows in one quadrant. */
  public static BufferedImage render(long seed, String prompt, int width, int height) {
    return render(Scene.fromPrompt(seed, prompt), width, height);
  }

  public static BufferedImage render(Scene scene, int width, int height) {
    BufferedImage img = Pixels.rgb(width, height);
    Graphics2D g = img.createGraphics();
    try {
      fixHints(g);
      new Painter(g, scene, width, height).paint();
    } finally {
      g.dispose();
    }
    return img;
  }

  static void fixHints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_DITHERING, RenderingHints.VALUE_DITHER_DISABLE);
    g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
  }

  /** One rendering: holds the frame size and the random stream while the layers are painted in order. */
  private static final class Painter {
    private final Graphics2D g;
    private final Scene s;
    private final int w;
    private final int h;
    private final double u;
    private final SplittableRandom r;

    Painter(Graphics2D g, Scene s, int w, int h) {
      this.g = g;
      this.s = s;
      this.w = w;
      this.h = h;
      this.u = Math.min(w, h);
      this.r = new SplittableRandom(s.detailSeed());
    }

    void paint() {
      sky();
      if (s.mood() == Scene.Mood.NIGHT) {
        stars();
      }
      sun();
      if (s.clouds()) {
        clouds();
      }
      if (s.mood() != Scene.Mood.NIGHT && s.mood() != Scene.Mood.MIST && r.nextDouble() < 0.4) {
        birds();
      }
      switch (s.landform()) {
        case MOUNTAINS -> mountains();
        case SEA -> sea();
        case DUNES -> dunes();
        case CITY -> city();
        default -> hills();
      }
      if (s.mood() == Scene.Mood.MIST) {
        mist();
      }
      vignette();
    }

    private void sky() {
      float hy = (float) Math.max(1, s.horizon() * h);
      g.setPaint(new LinearGradientPaint(0, 0, 0, hy, new float[] {0f, 0.6f, 1f},
          new Color[] {color(s.skyTop()), color(Pixels.lerp(s.skyTop(), s.skyHorizon(), 0.55)), color(s.skyHorizon())},
          MultipleGradientPaint.CycleMethod.NO_CYCLE));
      g.fillRect(0, 0, w, h);
    }

    private void stars() {
      int count = 140;
      for (int i = 0; i < count; i++) {
        double x = r.nextDouble() * w;
        double y = r.nextDouble() * s.horizon() * h * 0.95;
        double size = u * (r.nextDouble() < 0.08 ? r.nextDouble(0.004, 0.007) : r.nextDouble(0.0015, 0.0035));
        int alpha = (int) (120 + 135 * r.nextDouble() * (1 - y / (s.horizon() * h)));
        g.setColor(new Color(255, 250, 235, Pixels.clamp(alpha, 0, 255)));
        g.fill(new Ellipse2D.Double(x - size / 2, y - size / 2, size, size));
      }
    }

    private void sun() {
      double cx = s.sunX() * w;
      double cy = s.sunY() * h;
      double radius = s.sunRadius() * u;
      float glow = (float) (radius * (s.mood() == Scene.Mood.MIST ? 6 : 4.5));
      Color sun = color(s.sun());
      g.setPaint(new RadialGradientPaint(new Point2D.Double(cx, cy), glow, new float[] {0f, 0.25f, 1f},
          new Color[] {alpha(sun, 170), alpha(sun, 60), alpha(sun, 0)}));
      g.fill(new Ellipse2D.Double(cx - glow, cy - glow, glow * 2, glow * 2));
      g.setColor(s.mood() == Scene.Mood.MIST ? alpha(sun, 150) : sun);
      Area disk = new Area(new Ellipse2D.Double(cx - radius, cy - radius, radius * 2, radius * 2));
      if (s.mood() == Scene.Mood.NIGHT && r.nextDouble() < 0.6) {
        // A crescent: the disk minus a shifted disk, so the glow and stars behind stay visible.
        double off = radius * r.nextDouble(0.35, 0.6);
        disk.subtract(new Area(new Ellipse2D.Double(cx - radius + off, cy - radius - off * 0.4, radius * 2, radius * 2)));
      }
      g.fill(disk);
    }

    private void clouds() {
      int count = 2 + r.nextInt(5);
      int base = switch (s.mood()) {
        case SUNSET -> Pixels.lerp(s.skyHorizon(), 0xFFF0E0, 0.35);
        case NIGHT -> Pixels.lerp(s.skyTop(), 0xFFFFFF, 0.2);
        case DAWN -> Pixels.lerp(s.skyHorizon(), 0xFFFFFF, 0.5);
        default -> 0xFFFFFF;
      };
      int alphaTop = s.mood() == Scene.Mood.NIGHT ? 90 : 190;
      for (int c = 0; c < count; c++) {
        double cx = r.nextDouble(-0.1, 1.1) * w;
        double cy = r.nextDouble(0.06, Math.max(0.08, s.horizon() - 0.12)) * h;
        double cw = r.nextDouble(0.14, 0.34) * w;
        double ch = cw * r.nextDouble(0.18, 0.3);
        int puffs = 4 + r.nextInt(4);
        Color shade = alpha(color(Pixels.lerp(base, s.skyTop(), 0.45)), alphaTop / 2);
        Color light = alpha(color(base), alphaTop);
        for (int pass = 0; pass < 2; pass++) {
          SplittableRandom pr = new SplittableRandom(Seeds.mix(s.detailSeed(), c * 31L + 7));
          g.setColor(pass == 0 ? shade : light);
          for (int p = 0; p < puffs; p++) {
            double px = cx + pr.nextDouble(-0.5, 0.5) * cw;
            double pw = cw * pr.nextDouble(0.3, 0.6);
            double ph = ch * pr.nextDouble(0.6, 1.2);
            double py = cy - ph / 2 + pr.nextDouble(-0.25, 0.25) * ch + (pass == 0 ? ch * 0.18 : 0);
            g.fill(new Ellipse2D.Double(px - pw / 2, py, pw, ph));
          }
        }
      }
    }

    private void birds() {
      int count = 3 + r.nextInt(5);
      double fx = r.nextDouble(0.15, 0.85);
      double fy = r.nextDouble(0.12, Math.max(0.14, s.horizon() - 0.15));
      g.setColor(color(Pixels.lerp(s.skyTop(), 0x101010, 0.75)));
      g.setStroke(new BasicStroke((float) Math.max(1, u * 0.004), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      for (int i = 0; i < count; i++) {
        double x = (fx + r.nextDouble(-0.12, 0.12)) * w;
        double y = (fy + r.nextDouble(-0.06, 0.06)) * h;
        double span = u * r.nextDouble(0.012, 0.024);
        Path2D.Double v = new Path2D.Double();
        v.moveTo(x - span, y - span * 0.4);
        v.quadTo(x - span * 0.4, y - span * 0.5, x, y);
        v.quadTo(x + span * 0.4, y - span * 0.5, x + span, y - span * 0.4);
        g.draw(v);
      }
    }

    private void hills() {
      double hz = s.horizon();
      double[] far = ridge(hz - 0.02, 0.06, 1.5);
      fillBelow(far, s.farLand(), 12);
      double[] mid = ridge(hz + 0.07, 0.05, 2.0);
      fillBelow(mid, s.midLand(), 18);
      if (s.trees()) {
        trees(mid, s.midLand(), 0.55);
      }
      double[] near = ridge(hz + 0.2, 0.05, 1.2);
      fillBelow(near, s.nearLand(), 30);
      if (s.trees()) {
        trees(near, s.nearLand(), 1.0);
      }
    }

    private void mountains() {
      double hz = s.horizon();
      double[] peaks = jagged(hz - 0.04, 0.26);
      int rock = Pixels.lerp(s.farLand(), s.midLand(), 0.6);
      // Lit rock at the peaks fading into haze at the foot: the range reads as far away, not as a wall.
      double crest = min(peaks);
      g.setPaint(new GradientPaint(0, (float) (crest * h), color(rock), 0, (float) ((hz + 0.08) * h),
          color(Pixels.lerp(rock, s.skyHorizon(), 0.5))));
      g.fill(shapeBelow(peaks));
      // Snow caps: from the ridge down a little way, only on the parts above the snow line.
      double snowLine = crest + (hz - 0.04 - crest) * 0.45;
      double phase = r.nextDouble(0, 6.3);
      Path2D.Double caps = new Path2D.Double();
      caps.moveTo(0, peaks[0] * h);
      for (int i = 1; i < peaks.length; i++) {
        caps.lineTo(i / (peaks.length - 1.0) * w, peaks[i] * h);
      }
      for (int i = peaks.length - 1; i >= 0; i--) {
        double line = snowLine + 0.025 * Math.sin(i * 0.37 + phase) + 0.012 * Math.sin(i * 1.3 + phase * 2);
        double bottom = Math.max(peaks[i], line);
        caps.lineTo(i / (peaks.length - 1.0) * w, bottom * h);
      }
      caps.closePath();
      g.setColor(alpha(color(Pixels.lerp(rock, 0xFFFFFF, 0.85)), 235));
      g.fill(caps);
      double[] mid = ridge(hz + 0.1, 0.05, 2.2);
      fillBelow(mid, s.midLand(), 20);
      if (s.trees()) {
        trees(mid, s.midLand(), 0.6);
      }
      double[] near = ridge(hz + 0.24, 0.04, 1.3);
      fillBelow(near, s.nearLand(), 30);
    }

    private void sea() {
      double hz = s.horizon();
      int waterTop = Pixels.lerp(s.skyHorizon(), s.skyTop(), 0.35);
      int waterDeep = Pixels.brighten(Pixels.lerp(s.skyTop(), s.nearLand(), 0.3), -35);
      g.setPaint(new GradientPaint(0, (float) (hz * h), color(waterTop), 0, h, color(waterDeep)));
      g.fill(new Rectangle2D.Double(0, hz * h, w, h - hz * h));
      if (r.nextDouble() < 0.6) {
        // A distant island on part of the horizon.
        double start = r.nextDouble(-0.2, 0.6);
        double len = r.nextDouble(0.25, 0.6);
        double height = r.nextDouble(0.03, 0.08);
        Path2D.Double island = new Path2D.Double();
        island.moveTo(start * w, hz * h);
        for (int i = 0; i <= 24; i++) {
          double t = i / 24.0;
          double y = hz - height * Math.sin(Math.PI * t) * (0.8 + 0.2 * Math.sin(t * 9 + start * 10));
          island.lineTo((start + len * t) * w, y * h);
        }
        island.closePath();
        g.setColor(color(s.farLand()));
        g.fill(island);
      }
      // The sun's reflection: broken horizontal strokes below it, fading toward the viewer.
      Color glint = color(s.sun());
      double cx = s.sunX() * w;
      for (int i = 0; i < 70; i++) {
        double t = r.nextDouble();
        double y = (hz + (1 - hz) * t * t) * h;
        double half = u * s.sunRadius() * (0.6 + 1.8 * t) * r.nextDouble(0.3, 1.0);
        g.setColor(alpha(glint, (int) (170 * (1 - t) + 20)));
        g.fill(new Rectangle2D.Double(cx - half + r.nextDouble(-0.5, 0.5) * half, y, half * 2, Math.max(1, u * 0.004)));
      }
      Color wave = alpha(color(Pixels.lerp(waterTop, 0xFFFFFF, 0.5)), 70);
      g.setColor(wave);
      for (int i = 0; i < 60; i++) {
        double t = r.nextDouble();
        double y = (hz + 0.01 + (1 - hz) * t) * h;
        double len = u * (0.02 + 0.12 * t) * r.nextDouble(0.5, 1);
        g.fill(new Rectangle2D.Double(r.nextDouble() * w - len / 2, y, len, Math.max(1, u * (0.002 + 0.004 * t))));
      }
      if (r.nextDouble() < 0.5) {
        double[] beach = ridge(0.9, 0.03, 0.8);
        fillBelow(beach, s.nearLand(), 20);
      }
    }

    private void dunes() {
      double hz = s.horizon();
      double[] far = ridge(hz, 0.04, 0.9);
      fillBelow(far, s.farLand(), 15);
      double[] mid = ridge(hz + 0.1, 0.07, 0.7);
      fillBelow(mid, s.midLand(), 35);
      double[] near = ridge(hz + 0.25, 0.06, 0.6);
      fillBelow(near, s.nearLand(), 40);
    }

    private void city() {
      double hz = s.horizon();
      boolean lit = s.mood() == Scene.Mood.NIGHT || s.mood() == Scene.Mood.SUNSET;
      Color window = color(Pixels.lerp(0xFFD978, s.accent(), 0.35));
      for (int layer = 0; layer < 2; layer++) {
        int col = layer == 0 ? s.farLand() : Pixels.brighten(s.midLand(), -20);
        double x = r.nextDouble(-0.05, 0);
        while (x < 1) {
          double bw = r.nextDouble(0.04, 0.09) * (layer == 0 ? 0.8 : 1.2);
          double bh = r.nextDouble(0.08, layer == 0 ? 0.28 : 0.38);
          double top = hz + (layer == 0 ? 0.02 : 0.08) - bh;
          g.setColor(color(col));
          g.fill(new Rectangle2D.Double(x * w, top * h, bw * w + 1, (1 - top) * h));
          if (lit) {
            g.setColor(window);
            double cell = u * 0.018;
            for (double wy = top * h + cell; wy < (hz + 0.1) * h; wy += cell * 1.8) {
              for (double wx = x * w + cell * 0.6; wx < (x + bw) * w - cell; wx += cell * 1.5) {
                if (r.nextDouble() < 0.35) {
                  g.fill(new Rectangle2D.Double(wx, wy, cell * 0.7, cell * 0.9));
                }
              }
            }
          }
          x += bw + r.nextDouble(0, 0.015);
        }
      }
      double[] ground = ridge(hz + 0.22, 0.01, 0.5);
      fillBelow(ground, s.nearLand(), 25);
    }

    private void trees(double[] line, int landColor, double scale) {
      int count = 5 + r.nextInt(12);
      boolean conifers = r.nextDouble() < 0.55 || s.snow();
      Color dark = color(Pixels.lerp(landColor, 0x0A140A, 0.45));
      Color snow = alpha(Color.WHITE, 200);
      for (int i = 0; i < count; i++) {
        double tx = r.nextDouble();
        double base = at(line, tx) + r.nextDouble(0.0, 0.04);
        double th = r.nextDouble(0.06, 0.13) * scale;
        double x = tx * w;
        double yb = base * h;
        double height = th * h;
        g.setColor(dark);
        if (conifers) {
          double half = height * 0.28;
          for (int tier = 0; tier < 3; tier++) {
            double ty = yb - height * (0.25 + tier * 0.25);
            double tw = half * (1 - tier * 0.25);
            Path2D.Double tri = new Path2D.Double();
            tri.moveTo(x - tw, ty + height * 0.3);
            tri.lineTo(x, ty - height * 0.1);
            tri.lineTo(x + tw, ty + height * 0.3);
            tri.closePath();
            g.setColor(dark);
            g.fill(tri);
            if (s.snow()) {
              g.setColor(snow);
              g.fill(new Ellipse2D.Double(x - tw * 0.3, ty - height * 0.06, tw * 0.6, height * 0.08));
            }
          }
          g.setColor(dark);
          g.fill(new Rectangle2D.Double(x - height * 0.03, yb - height * 0.25, height * 0.06, height * 0.25));
        } else {
          g.fill(new Rectangle2D.Double(x - height * 0.04, yb - height * 0.5, height * 0.08, height * 0.5));
          double crown = height * 0.6;
          g.fill(new Ellipse2D.Double(x - crown / 2, yb - height, crown, crown * 0.85));
          g.setColor(alpha(color(Pixels.lerp(landColor, s.sun(), 0.25)), 90));
          g.fill(new Ellipse2D.Double(x - crown * 0.35, yb - height * 0.98, crown * 0.45, crown * 0.35));
        }
      }
    }

    private void mist() {
      for (int band = 0; band < 3; band++) {
        double y = s.horizon() + band * 0.12;
        g.setPaint(new GradientPaint(0, (float) ((y - 0.1) * h), alpha(color(s.skyHorizon()), 0),
            0, (float) (y * h), alpha(color(s.skyHorizon()), 140), true));
        g.fill(new Rectangle2D.Double(0, (y - 0.1) * h, w, 0.2 * h));
      }
    }

    private void vignette() {
      float radius = (float) (Math.hypot(w, h) * 0.62);
      g.setPaint(new RadialGradientPaint(new Point2D.Double(w / 2.0, h / 2.0), radius, new float[] {0f, 0.6f, 1f},
          new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 0), new Color(0, 0, 0, 70)}));
      g.fillRect(0, 0, w, h);
    }

    /** A smooth ridge: heights (fractions of the frame height) at RIDGE_POINTS evenly spaced x. */
    private double[] ridge(double base, double amplitude, double frequency) {
      double[] f = {frequency * r.nextDouble(0.7, 1.3), frequency * r.nextDouble(1.8, 2.6), frequency * r.nextDouble(4, 6)};
      double[] a = {1.0, r.nextDouble(0.3, 0.5), r.nextDouble(0.1, 0.2)};
      double[] p = {r.nextDouble(0, 6.3), r.nextDouble(0, 6.3), r.nextDouble(0, 6.3)};
      double[] ys = new double[RIDGE_POINTS];
      for (int i = 0; i < RIDGE_POINTS; i++) {
        double x = i / (RIDGE_POINTS - 1.0);
        double v = 0;
        for (int k = 0; k < 3; k++) {
          v += a[k] * Math.sin(2 * Math.PI * f[k] * x + p[k]);
        }
        ys[i] = base - amplitude * v / 1.5;
      }
      return ys;
    }

    /** A mountain range: midpoint displacement gives the sharp peaks smooth sines cannot. */
    private double[] jagged(double base, double height) {
      double[] ys = new double[RIDGE_POINTS];
      int last = RIDGE_POINTS - 1;
      ys[0] = base - height * r.nextDouble(0.2, 0.7);
      ys[last] = base - height * r.nextDouble(0.2, 0.7);
      displace(ys, 0, last, height * 0.9);
      for (int i = 0; i <= last; i++) {
        ys[i] = Math.min(base, Math.max(base - height, ys[i]));
      }
      return ys;
    }

    private void displace(double[] ys, int lo, int hi, double spread) {
      if (hi - lo < 2) {
        return;
      }
      int mid = (lo + hi) / 2;
      ys[mid] = (ys[lo] + ys[hi]) / 2 + r.nextDouble(-0.5, 0.5) * spread;
      displace(ys, lo, mid, spread * 0.55);
      displace(ys, mid, hi, spread * 0.55);
    }

    private Shape shapeBelow(double[] ys) {
      Path2D.Double path = new Path2D.Double();
      path.moveTo(0, h + 1);
      for (int i = 0; i < ys.length; i++) {
        path.lineTo(i / (ys.length - 1.0) * w, ys[i] * h);
      }
      path.lineTo(w, h + 1);
      path.closePath();
      return path;
    }

    /** Fills the land under a ridge with a vertical gradient: lit on top, darker toward the viewer. */
    private void fillBelow(double[] ys, int color, int darken) {
      double top = min(ys);
      g.setPaint(new GradientPaint(0, (float) (top * h), color(color), 0, h, color(Pixels.brighten(color, -darken))));
      g.fill(shapeBelow(ys));
    }

    private static double at(double[] ys, double x) {
      double pos = x * (ys.length - 1);
      int i = Math.min(ys.length - 2, (int) pos);
      return ys[i] + (ys[i + 1] - ys[i]) * (pos - i);
    }

    private static double min(double[] ys) {
      double m = Double.MAX_VALUE;
      for (double y : ys) {
        m = Math.min(m, y);
      }
      return m;
    }
  }

  private static Color color(int rgb) {
    return new Color(rgb);
  }

  private static Color alpha(Color c, int a) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), Pixels.clamp(a, 0, 255));
  }
}
