package io.mjserverless.core.engine.openai;

import io.mjserverless.core.button.PanDirection;
import io.mjserverless.core.config.OpenAiSettings.Size;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The pictures an edit request is made of: a picture brought to a size the model accepts, the larger
 * canvas of Zoom Out and Pan with its new area masked, and our Vary Region mask in the model's
 * convention. OpenAI repaints where the mask is transparent; our masks mark the area to repaint white.
 */
public final class Canvases {
  /** How much a pan widens (left, right) or heightens (up, down) the picture, as Midjourney's does. */
  static final double PAN_GROWTH = 1.5;

  private Canvases() {}

  /** The size whose ratio is closest to {@code ratio} (on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
  public static Size nearest(List<Size> sizes, double ratio) {
    Size best = sizes.get(0);
    double bestDistance = Double.MAX_VALUE;
    for (Size s : sizes) {
      double d = Math.abs(Math.log(s.ratio()) - Math.log(ratio));
      if (d < bestDistance - 1e-9) {
        best = s;
        bestDistance = d;
      }
    }
    return best;
  }

  /** The picture scaled to cover {@code size} and cut to it from the centre. */
  public static BufferedImage cover(BufferedImage image, Size size) {
    double scale = Math.max((double) size.width() / image.getWidth(), (double) size.height() / image.getHeight());
    int w = (int) Math.ceil(image.getWidth() * scale);
    int h = (int) Math.ceil(image.getHeight() * scale);
    BufferedImage out = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    draw(out, image, (size.width() - w) / 2, (size.height() - h) / 2, w, h);
    return out;
  }

  /** The picture resampled by {@code factor} (bicubic): our own upscale where the model has none. */
  public static BufferedImage resample(BufferedImage image, double factor) {
    int w = Math.max(1, (int) Math.round(image.getWidth() * factor));
    int h = Math.max(1, (int) Math.round(image.getHeight() * factor));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    draw(out, image, 0, 0, w, h);
    return out;
  }

  /** An edit's input picture and its mask: transparent where the model paints. */
  public record MaskedCanvas(BufferedImage picture, BufferedImage mask, Size size) {}

  /**
   * Zoom Out by {@code factor} (1..2): a canvas of the supported size nearest the picture's ratio, the
   * picture shrunk by 1/factor in its centre, everything around it transparent and masked.
   */
  public static MaskedCanvas zoomOut(BufferedImage image, double factor, List<Size> sizes) {
    Size size = nearest(sizes, (double) image.getWidth() / image.getHeight());
    double fit = Math.min((double) size.width() / image.getWidth(), (double) size.height() / image.getHeight()) / factor;
    int w = Math.max(1, (int) Math.round(image.getWidth() * fit));
    int h = Math.max(1, (int) Math.round(image.getHeight() * fit));
    return masked(image, size, new Rectangle((size.width() - w) / 2, (size.height() - h) / 2, w, h));
  }

  /**
   * Pan: a canvas of the supported size nearest the picture grown by half towards {@code direction}, the
   * picture against the opposite side, the revealed side transparent and masked.
   */
  public static MaskedCanvas pan(BufferedImage image, PanDirection direction, List<Size> sizes) {
    boolean sideways = direction == PanDirection.LEFT || direction == PanDirection.RIGHT;
    double ratio = (double) image.getWidth() / image.getHeight();
    Size size = nearest(sizes, sideways ? ratio * PAN_GROWTH : ratio / PAN_GROWTH);
    // The kept picture never covers more than 1/growth of the canvas along the pan, so there is always a new strip.
    double fit = sideways
        ? Math.min((double) size.height() / image.getHeight(), size.width() / PAN_GROWTH / image.getWidth())
        : Math.min((double) size.width() / image.getWidth(), size.height() / PAN_GROWTH / image.getHeight());
    int w = Math.max(1, (int) Math.round(image.getWidth() * fit));
    int h = Math.max(1, (int) Math.round(image.getHeight() * fit));
    int x = switch (direction) {
      case LEFT -> size.width() - w;
      case RIGHT -> 0;
      default -> (size.width() - w) / 2;
    };
    int y = switch (direction) {
      case UP -> size.height() - h;
      case DOWN -> 0;
      default -> (size.height() - h) / 2;
    };
    return masked(image, size, new Rectangle(x, y, w, h));
  }

  /**
   * Vary Region: the picture at the supported size nearest its ratio, and our mask (white = repaint, any
   * size) turned into the model's (transparent = repaint) at that size.
   */
  public static MaskedCanvas region(BufferedImage image, BufferedImage ourMask, List<Size> sizes) {
    Size size = nearest(sizes, (double) image.getWidth() / image.getHeight());
    BufferedImage picture = cover(image, size);
    BufferedImage scaledMask = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    draw(scaledMask, ourMask, 0, 0, size.width(), size.height());
    BufferedImage mask = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < size.height(); y++) {
      for (int x = 0; x < size.width(); x++) {
        int rgb = scaledMask.getRGB(x, y);
        int lum = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
        mask.setRGB(x, y, lum >= 128 ? 0x00000000 : 0xff000000);
      }
    }
    return new MaskedCanvas(picture, mask, size);
  }

  /** Whether a model-convention mask repaints anything (an all-black mask of ours would ask for nothing). */
  public static boolean repaintsAnything(BufferedImage mask) {
    for (int y = 0; y < mask.getHeight(); y++) {
      for (int x = 0; x < mask.getWidth(); x++) {
        if ((mask.getRGB(x, y) >>> 24) == 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static MaskedCanvas masked(BufferedImage image, Size size, Rectangle known) {
    BufferedImage picture = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_ARGB);
    draw(picture, image, known.x, known.y, known.width, known.height);
    BufferedImage mask = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = mask.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setColor(java.awt.Color.BLACK);
      g.fill(known);
    } finally {
      g.dispose();
    }
    return new MaskedCanvas(picture, mask, size);
  }

  private static void draw(BufferedImage target, BufferedImage image, int x, int y, int w, int h) {
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, x, y, w, h, null);
    } finally {
      g.dispose();
    }
  }
}
