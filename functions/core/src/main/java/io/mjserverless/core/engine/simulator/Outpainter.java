package io.mjserverless.core.engine.simulator;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Zoom Out, Custom Zoom and Pan: the picture keeps its pixels but moves inside the frame, and the area
 * it no longer covers is painted (see {@link #fill} for how).
 */
public final class Outpainter {
  private Outpainter() {}

  /**
   * The picture shrunk by 1/factor into the centre of a frame of the same size, the border painted.
   * factor 2 is Zoom Out 2x, 1.5 is Zoom Out 1.5x, Custom Zoom passes its {@code --zoom} value.
   */
  public static BufferedImage zoomOut(BufferedImage image, double factor, long seed) {
    if (!(factor >= 1.0 && factor <= 2.0)) {
      throw new IllegalArgumentException("zoom factor must be between 1 and 2, got " + factor);
    }
    BufferedImage src = Pixels.toRgb(image);
    int w = src.getWidth();
    int h = src.getHeight();
    int iw = Math.max(1, (int) Math.round(w / factor));
    int ih = Math.max(1, (int) Math.round(h / factor));
    if (iw == w && ih == h) {
      return Pixels.copy(src);
    }
    BufferedImage canvas = Pixels.rgb(w, h);
    Rectangle known = new Rectangle((w - iw) / 2, (h - ih) / 2, iw, ih);
    Pixels.paste(canvas, Pixels.scale(src, iw, ih), known.x, known.y);
    fill(canvas, known, ImageFacts.measure(src), seed);
    return canvas;
  }

  /**
   * The picture moved by a quarter of its width (LEFT, RIGHT) or height (UP, DOWN) away from the side
   * being revealed, with the exposed strip painted; the frame keeps its size. Midjourney's own pan makes
   * the canvas larger instead; keeping the size keeps every result a regular quadrant of the grid it is
   * shown in, and a quarter is enough to see the new strip while three quarters of the picture remain.
   */
  public static BufferedImage pan(BufferedImage image, Direction direction, long seed) {
    BufferedImage src = Pixels.toRgb(image);
    int w = src.getWidth();
    int h = src.getHeight();
    int dx = Math.max(1, w / 4);
    int dy = Math.max(1, h / 4);
    Rectangle known;
    BufferedImage kept;
    switch (direction) {
      case LEFT -> { known = new Rectangle(dx, 0, w - dx, h); kept = Pixels.crop(src, 0, 0, w - dx, h); }
      case RIGHT -> { known = new Rectangle(0, 0, w - dx, h); kept = Pixels.crop(src, dx, 0, w - dx, h); }
      case UP -> { known = new Rectangle(0, dy, w, h - dy); kept = Pixels.crop(src, 0, 0, w, h - dy); }
      default -> { known = new Rectangle(0, 0, w, h - dy); kept = Pixels.crop(src, 0, dy, w, h - dy); }
    }
    BufferedImage canvas = Pixels.rgb(w, h);
    Pixels.paste(canvas, kept, known.x, known.y);
    fill(canvas, known, ImageFacts.measure(src), seed);
    return canvas;
  }

  public static BufferedImage zoomOutGrid(BufferedImage image, double factor, long seed) {
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int k = 1; k <= 4; k++) {
      parts.add(zoomOut(image, factor, Seeds.mix(seed, k)));
    }
    return Grids.assemble(parts);
  }

  public static BufferedImage panGrid(BufferedImage image, Direction direction, long seed) {
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int k = 1; k <= 4; k++) {
      parts.add(pan(image, direction, Seeds.mix(seed, k)));
    }
    return Grids.assemble(parts);
  }

  /**
   * Paints every pixel of the canvas outside {@code known}; pixels inside are left exactly as they are.
   *
   * <p>The base of the fill is the picture mirrored across its edges: a reflection continues the
   * horizon, the sky and the ground at the right heights and meets the picture without a seam, which
   * stretching or flat colour cannot do. So that it does not read as a mirror, the reflection is
   * warped by seeded noise and blurred more the further it gets from the picture, and a new scene in
   * the picture's colours (its horizon aligned with the picture's) is blended in with the distance.
   */
  static void fill(BufferedImage canvas, Rectangle known, ImageFacts facts, long seed) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    int[] c = Pixels.data(canvas);
    BufferedImage content = Pixels.crop(canvas, known.x, known.y, known.width, known.height);
    int[] sharp = Pixels.data(content);
    int[] soft = Pixels.data(Pixels.blur(content, Math.max(2, Math.min(known.width, known.height) / 28)));

    double horizon = facts.horizon() > 0 ? (known.y + facts.horizon() * known.height) / h : -1;
    int[] fresh = Pixels.data(SceneRenderer.render(Scene.matching(seed, facts.withHorizon(horizon)), w, h));
    float[] warpX = ValueNoise.field(Seeds.mix(seed, "fill-x"), w, h, 3, 2);
    float[] warpY = ValueNoise.field(Seeds.mix(seed, "fill-y"), w, h, 3, 2);
    float[] grain = ValueNoise.field(Seeds.mix(seed, "grain"), w, h, 24, 2);

    double depth = Math.max(1, Math.max(Math.max(known.x, w - known.x - known.width),
        Math.max(known.y, h - known.y - known.height)));
    double amp = 0.12 * Math.min(known.width, known.height);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (inside(known, x, y)) {
          continue;
        }
        int i = y * w + x;
        double dx = x < known.x ? known.x - x : Math.max(0, x - (known.x + known.width - 1));
        double dy = y < known.y ? known.y - y : Math.max(0, y - (known.y + known.height - 1));
        double t = Pixels.smoothstep(0, depth, Math.hypot(dx, dy));
        // Mirror coordinates in the picture, pushed around more with distance.
        double mx = reflect(x - known.x + (warpX[i] - 0.5) * 2 * amp * t, known.width);
        // Vertically the mirror is compressed to the rows near the edge: above a picture there is more
        // of its sky, not a reflection of its horizon; below, the ground continues (or reflects like water).
        double vy = y < known.y ? known.y - (known.y - y) * 0.3 : (y >= known.y + known.height
            ? known.y + known.height - 1 + (y - known.y - known.height + 1) * 0.3 : y);
        double my = reflect(vy - known.y + (warpY[i] - 0.5) * 2 * amp * t * 0.3, known.height);
        int near = Pixels.sample(sharp, known.width, known.height, mx, my);
        int far = Pixels.sample(soft, known.width, known.height, mx, my);
        int col = Pixels.lerp(near, far, Pixels.smoothstep(0, 0.5, t));
        col = Pixels.lerp(col, fresh[i], 0.4 * t);
        c[i] = Pixels.brighten(col, (int) Math.round((grain[i] - 0.5) * 10 * t));
      }
    }
  }

  /** Reflects a coordinate into [0, size - 1] as a mirror at each edge would (repeating if needed). */
  static double reflect(double v, int size) {
    if (size <= 1) {
      return 0;
    }
    double period = 2.0 * (size - 1);
    double m = v % period;
    if (m < 0) {
      m += period;
    }
    return m <= size - 1 ? m : period - m;
  }

  private static boolean inside(Rectangle r, int x, int y) {
    return x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;
  }
}
