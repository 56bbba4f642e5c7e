package io.mjserverless.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The few pixel operations storing a result needs: decode, split a 2x2 grid, thumbnail, encode PNG. */
public final class ImageOps {
  private ImageOps() {}

  /** The guarded decoder ({@link ImageDecoder}): pixel cap from the headers first, first frame only. */
  public static BufferedImage decode(InputStream in) {
    return ImageDecoder.decode(in);
  }

  /** The guarded decoder ({@link ImageDecoder}): pixel cap from the headers first, first frame only. */
  public static BufferedImage decode(byte[] bytes) {
    return ImageDecoder.decode(bytes);
  }

  /** The four images of a 2x2 grid: top-left, top-right, bottom-left, bottom-right (U1..U4). */
  public static List<BufferedImage> split(BufferedImage grid) {
    int w = grid.getWidth() / 2;
    int h = grid.getHeight() / 2;
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int n = 0; n < 4; n++) {
      parts.add(grid.getSubimage((n % 2) * w, (n / 2) * h, w, h));
    }
    return parts;
  }

  /** Scaled so the longer side is at most {@code maxSide}, keeping the aspect ratio. */
  public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    double scale = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static ImageSource pngSource(BufferedImage image) {
    return ImageSource.ofBytes(png(image), ImageFormat.PNG.mimeType());
  }
}
