package io.mjserverless.core.image;

import java.util.Optional;

/**
 * Width and height read from an image's headers, without decoding pixels: enough to validate a mask
 * against its image or to pick a blend's aspect, at a cost independent of the image's size.
 */
public final class ImageDimensions {
  private ImageDimensions() {}

  /** {@code {width, height}}, or empty when the headers are truncated or make no sense. */
  public static Optional<int[]> read(DecodedImage image) {
    byte[] b = image.bytes();
    int[] size =
        switch (image.format()) {
          case PNG -> png(b);
          case GIF -> gif(b);
          case JPEG -> jpeg(b);
          case WEBP -> webp(b);
        };
    if (size == null || size[0] <= 0 || size[1] <= 0) {
      return Optional.empty();
    }
    return Optional.of(size);
  }

  // The first chunk after the 8-byte signature must be IHDR: length, "IHDR", width, height (big-endian).
  private static int[] png(byte[] b) {
    if (b.length < 24 || !ImageFormat.startsWith(b, 12, ImageFormat.ascii("IHDR"))) {
      return null;
    }
    return new int[] {be32(b, 16), be32(b, 20)};
  }

  // Logical screen descriptor right after "GIF89a": width and height, little-endian 16 bits.
  private static int[] gif(byte[] b) {
    if (b.length < 10) {
      return null;
    }
    return new int[] {le16(b, 6), le16(b, 8)};
  }

  /** Walks the marker segments up to the first start-of-frame, which holds height then width. */
  private static int[] jpeg(byte[] b) {
    int i = 2;
    while (i + 1 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte before a marker
        i++;
        continue;
      }
      i += 2;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) { // end of image or scan data before any frame
        return null;
      }
      if (i + 2 > b.length) {
        return null;
      }
      int length = be16(b, i);
      if (length < 2) {
        return null;
      }
      // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (i + 7 > b.length) {
          return null;
        }
        return new int[] {be16(b, i + 5), be16(b, i + 3)};
      }
      i += length;
    }
    return null;
  }

  /** The first chunk of a WebP file tells its kind: lossy (VP8), lossless (VP8L) or extended (VP8X). */
  private static int[] webp(byte[] b) {
    int d = 20; // chunk data after "RIFF" size "WEBP" fourcc size
    if (ImageFormat.startsWith(b, 12, ImageFormat.ascii("VP8X")) && b.length >= d + 10) {
      // flags (1 byte), reserved (3), then canvas width-1 and height-1 as 24-bit little-endian.
      return new int[] {le24(b, d + 4) + 1, le24(b, d + 7) + 1};
    }
    if (ImageFormat.startsWith(b, 12, ImageFormat.ascii("VP8L")) && b.length >= d + 5) {
      if ((b[d] & 0xFF) != 0x2F) {
        return null;
      }
      // 14 bits width-1, then 14 bits height-1, packed little-endian after the signature byte.
      long bits = le32(b, d + 1) & 0xFFFFFFFFL;
      return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1};
    }
    if (ImageFormat.startsWith(b, 12, ImageFormat.ascii("VP8 ")) && b.length >= d + 10) {
      // 3-byte frame tag, then a key frame's start code 9D 01 2A and 14-bit width and height.
      boolean keyFrame = (b[d] & 1) == 0;
      boolean startCode =
          (b[d + 3] & 0xFF) == 0x9D && (b[d + 4] & 0xFF) == 0x01 && (b[d + 5] & 0xFF) == 0x2A;
      if (!keyFrame || !startCode) {
        return null;
      }
      return new int[] {le16(b, d + 6) & 0x3FFF, le16(b, d + 8) & 0x3FFF};
    }
    return null;
  }

  private static int be16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  // A PNG dimension above 2^31-1 comes out negative and is refused by the caller.
  private static int be32(byte[] b, int i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  private static int le24(byte[] b, int i) {
    return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
  }

  private static int le32(byte[] b, int i) {
    return le24(b, i) | ((b[i + 3] & 0xFF) << 24);
  }
}
