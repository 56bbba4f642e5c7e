package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Pictures in and out as bytes: PNG out; PNG, JPEG and GIF in (what ImageIO reads without plugins). */
public final class ImageCodec {
  /** Larger inputs are refused before decoding: a 100-megapixel upload would exhaust a Lambda's memory. */
  public static final long MAX_PIXELS = 40_000_000L;

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

  private static BufferedImage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("the image is empty");
    }
    String format = sniff(bytes);
    if ("WEBP".equals(format)) {
      throw new IllegalArgumentException("WEBP images are not supported here; send a PNG, JPEG or GIF image");
    }
    if (format == null) {
      throw new IllegalArgumentException("not a PNG, JPEG or GIF image");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("no decoder for this " + format + " image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new IllegalArgumentException("the " + format + " image is too large: "
              + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels");
        }
        BufferedImage img = reader.read(0);
        if (img == null) {
          throw new IllegalArgumentException("could not decode the " + format + " image");
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Corrupt data makes ImageIO throw anything from IIOException to ArrayIndexOutOfBounds.
      throw new IllegalArgumentException("could not decode the " + format + " image: " + e.getMessage(), e);
    }
  }

  /** The format from the leading bytes, never from a claimed type. */
  static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "PNG";
    }
    if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
      return "JPEG";
    }
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "GIF";
    }
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "WEBP";
    }
    return null;
  }
}
