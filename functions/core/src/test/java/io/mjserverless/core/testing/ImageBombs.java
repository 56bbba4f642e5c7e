package io.mjserverless.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Small files that declare huge pictures (decompression bombs), built in memory so no test carries a
 * binary. The PNG is complete and valid: a decoder without a pixel cap really tries to allocate it.
 */
public final class ImageBombs {
  private ImageBombs() {}

  /**
   * A valid black-and-white PNG of {@code width} x {@code height}: one bit a pixel, all zero, so it
   * deflates about a thousandfold (16000x16000 is some 31 KB) while an RGB decode of it needs a
   * gigabyte. Built in a fraction of a second: only one row is ever held.
   */
  public static byte[] png(int width, int height) {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] row = new byte[1 + (width + 7) / 8]; // filter byte 0, then the packed pixels
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 64 * 1024)) {
      for (int y = 0; y < height; y++) {
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    byte[] ihdr = new byte[13];
    be32(ihdr, 0, width);
    be32(ihdr, 4, height);
    ihdr[8] = 1; // bit depth
    ihdr[9] = 0; // greyscale; compression, filter and interlace methods 0
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /**
   * A GIF whose logical screen is 1x1 but whose first frame declares {@code width} x {@code height}:
   * only a decoder that asks the frame itself sees the size. The image data is cut short.
   */
  public static byte[] gifWithHugeFrame(int width, int height) {
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    gif.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
    gif.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0}); // 1x1 screen, a global table of 2 colours
    gif.writeBytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    gif.write(0x2C); // image descriptor: left, top, width, height (little-endian), flags
    gif.writeBytes(new byte[] {0, 0, 0, 0, (byte) width, (byte) (width >>> 8), (byte) height, (byte) (height >>> 8), 0});
    gif.writeBytes(new byte[] {2, 2, 0x4C, 0x01, 0, 0x3B}); // LZW minimum code size, a tiny block, end
    return gif.toByteArray();
  }

  /** An extended WebP (VP8X) header whose canvas is {@code width} x {@code height}, and nothing else. */
  public static byte[] webpCanvas(int width, int height) {
    byte[] out = new byte[30];
    ascii(out, 0, "RIFF");
    le(out, 4, out.length - 8, 4);
    ascii(out, 8, "WEBP");
    ascii(out, 12, "VP8X");
    le(out, 16, 10, 4);
    le(out, 24, width - 1, 3);
    le(out, 27, height - 1, 3);
    return out;
  }

  /** A baseline JPEG start whose frame header declares {@code width} x {@code height}, and nothing else. */
  public static byte[] jpegFrame(int width, int height) {
    return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8,
        (byte) (height >>> 8), (byte) height, (byte) (width >>> 8), (byte) width, 1, 1, 0x11, 0};
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] length = new byte[4];
    be32(length, 0, data.length);
    out.writeBytes(length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] sum = new byte[4];
    be32(sum, 0, (int) crc.getValue());
    out.writeBytes(sum);
  }

  private static void be32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void le(byte[] b, int at, int v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static void ascii(byte[] b, int at, String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(a, 0, b, at, a.length);
  }
}
