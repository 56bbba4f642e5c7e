package io.mjserverless.core.testing;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The pictures {@link FakeMjProxy} serves: real PNGs of solid colours, so a test can tell which quadrant of
 * which grid an upscale came from by reading one pixel. Pixels are set directly (no Graphics2D), which needs
 * no display and stays fast.
 */
final class FakeMjProxyPictures {
  private static final Pattern DATA_URI = Pattern.compile("data:[\\w.+-]+/[\\w.+-]+;base64,([A-Za-z0-9+/=\\s]+)");

  private FakeMjProxyPictures() {}

  /** Four clearly different colours (hues 90 degrees apart), shifted per task so tasks differ too. */
  static int[] palette(long seq) {
    float base = (seq * 0.618034f) % 1f;
    int[] colours = new int[4];
    for (int q = 0; q < 4; q++) {
      colours[q] = Color.HSBtoRGB((base + q * 0.25f) % 1f, 0.85f, 0.9f) & 0xFFFFFF;
    }
    return colours;
  }

  /** A side x side 2x2 grid: quadrant 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right (U1..U4). */
  static byte[] grid(int side, int[] colours) {
    int[] pixels = new int[side * side];
    int half = side / 2;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        pixels[y * side + x] = colours[(y < half ? 0 : 2) + (x < half ? 0 : 1)];
      }
    }
    return png(side, pixels);
  }

  static byte[] solid(int side, int colour) {
    int[] pixels = new int[side * side];
    java.util.Arrays.fill(pixels, colour);
    return png(side, pixels);
  }

  /** The bytes of a data URI, or null when the text is not one (the open-source proxy insists on data URIs). */
  static byte[] decodeDataUri(String text) {
    Matcher m = text == null ? null : DATA_URI.matcher(text.trim());
    if (m == null || !m.matches()) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The client's picture re-encoded as PNG, or null when it is not an image ImageIO can read. */
  static byte[] asPng(byte[] raw) {
    if (raw == null) {
      return null;
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(raw));
      return image == null ? null : write(image);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] png(int side, int[] pixels) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, side, side, pixels, 0, side);
    return write(image);
  }

  private static byte[] write(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
