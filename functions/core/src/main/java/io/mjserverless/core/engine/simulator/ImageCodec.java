package io.mjserverless.core.engine.simulator;

import io.mjserverless.core.image.ImageDecoder;
import java.awt.image.BufferedImage;

/** Pictures in and out as bytes: PNG out; PNG, JPEG, GIF and WebP in, through {@link ImageDecoder}. */
public final class ImageCodec {
  private ImageCodec() {}

  public static byte[] png(BufferedImage image) {
    return io.mjserverless.core.image.ImageOps.png(image);
  }

  /** Decodes a picture to TYPE_INT_RGB, transparency flattened over white. */
  public static BufferedImage readImage(byte[] bytes) {
    return Pixels.toRgb(decode(bytes));
  }

  /**
   * Decodes a Vary Region mask to grey levels where white means "repaint". Unlike {@link #readImage},
   * transparency counts as black: masks drawn as white strokes on a transparent canvas must not turn
   * into "repaint everything".
   */
  public static BufferedImage readMask(byte[] bytes) {
    BufferedImage decoded = decode(bytes);
    int w = decoded.getWidth();
    int h = decoded.getHeight();
    BufferedImage out = Pixels.rgb(w, h);
    int[] o = Pixels.data(out);
    boolean alpha = decoded.getColorModel().hasAlpha();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = decoded.getRGB(x, y);
        double v = Pixels.luma(argb & 0xFFFFFF) * (alpha ? ((argb >>> 24) & 0xFF) / 255.0 : 1);
        int g = (int) Math.round(v);
        o[y * w + x] = Pixels.pack(g, g, g);
      }
    }
    return out;
  }

  /** At most maxSide on the longer side, aspect kept; smaller pictures are returned as a copy. */
  public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    return SimulatorPictures.fitLongSide(image, Math.min(maxSide, Math.max(image.getWidth(), image.getHeight())));
  }

  /** Through the one guarded decoder every outside picture goes through (pixel cap from the headers). */
  private static BufferedImage decode(byte[] bytes) {
    return ImageDecoder.decode(bytes);
  }
}
