package io.mjserverless.core.image;

import static io.mjserverless.core.image.ImageInputsTest.imageIo;
import static io.mjserverless.core.image.ImageInputsTest.putLe;
import static io.mjserverless.core.image.ImageInputsTest.riff;
import static io.mjserverless.core.image.ImageInputsTest.webpLossless;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageDimensionsTest {
  private static Optional<int[]> read(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes).orElseThrow();
    return ImageDimensions.read(new DecodedImage(bytes, format));
  }

  private static void assertSize(int width, int height, byte[] bytes) {
    int[] size = read(bytes).orElseThrow(() -> new AssertionError("no size read"));
    assertArrayEquals(new int[] {width, height}, size);
  }

  @Test
  void readsImagesWrittenByImageIo() {
    assertSize(37, 23, imageIo("png", 37, 23));
    assertSize(37, 23, imageIo("jpeg", 37, 23));
    assertSize(37, 23, imageIo("gif", 37, 23));
    // Width and height must not be swapped: a portrait image too.
    assertSize(23, 37, imageIo("png", 23, 37));
    assertSize(23, 37, imageIo("jpeg", 23, 37));
    assertSize(23, 37, imageIo("gif", 23, 37));
  }

  @Test
  void readsSizesThatNeedMoreThanOneByte() {
    assertSize(1024, 300, imageIo("png", 1024, 300));
    assertSize(300, 1024, imageIo("jpeg", 300, 1024));
    assertSize(513, 257, imageIo("gif", 513, 257));
  }

  @Test
  void readsLosslessWebp() {
    assertSize(37, 23, webpLossless(37, 23));
    assertSize(1, 1, webpLossless(1, 1));
    assertSize(16384, 16384, webpLossless(16384, 16384)); // the 14-bit maximum
  }

  @Test
  void readsExtendedWebp() {
    byte[] data = new byte[10];
    data[0] = 0x10; // alpha flag; irrelevant to the size
    putLe(data, 4, 3000 - 1, 3);
    putLe(data, 7, 20000 - 1, 3); // beyond 16384: only VP8X can say so
    assertSize(3000, 20000, riff("VP8X", data));
  }

  @Test
  void readsLossyWebp() {
    byte[] data = new byte[10];
    data[0] = 0x10; // frame tag: bit 0 clear = key frame
    data[3] = (byte) 0x9D;
    data[4] = 0x01;
    data[5] = 0x2A;
    putLe(data, 6, 37 | (1 << 14), 2); // the top two bits are a scale, not part of the width
    putLe(data, 8, 23, 2);
    assertSize(37, 23, riff("VP8 ", data));
  }

  @Test
  void refusesLossyWebpWithoutAKeyFrameStartCode() {
    byte[] data = new byte[10];
    data[3] = (byte) 0x9D;
    data[4] = 0x01;
    data[5] = 0x2B;
    putLe(data, 6, 37, 2);
    putLe(data, 8, 23, 2);
    assertTrue(read(riff("VP8 ", data)).isEmpty());
  }

  @Test
  void refusesTruncatedHeaders() {
    byte[] png = imageIo("png", 37, 23);
    assertTrue(read(Arrays.copyOf(png, 20)).isEmpty());
    byte[] gif = imageIo("gif", 37, 23);
    assertTrue(read(Arrays.copyOf(gif, 8)).isEmpty());
    byte[] webp = webpLossless(37, 23);
    assertTrue(read(Arrays.copyOf(webp, 22)).isEmpty());
    // A JPEG cut before its frame header (ImageIO writes APP0 and tables first).
    byte[] jpeg = imageIo("jpeg", 37, 23);
    assertTrue(read(Arrays.copyOf(jpeg, 30)).isEmpty());
  }

  @Test
  void refusesAJpegWhoseScanComesBeforeAnyFrame() {
    byte[] jpeg = {
      (byte) 0xFF, (byte) 0xD8, // SOI
      (byte) 0xFF, (byte) 0xE0, 0, 4, 0, 0, // APP0 of length 4
      (byte) 0xFF, (byte) 0xDA, 0, 8, 0, 37, 0, 23, 0, 0 // SOS
    };
    assertTrue(read(jpeg).isEmpty());
  }

  @Test
  void skipsJpegFillBytesAndNonFrameSegments() {
    byte[] jpeg = {
      (byte) 0xFF, (byte) 0xD8, // SOI
      (byte) 0xFF, (byte) 0xFF, (byte) 0xC4, 0, 4, 0, 0, // fill byte, then DHT (in the SOF range)
      (byte) 0xFF, (byte) 0xC2, 0, 11, 8, 0, 23, 0, 37, 1, 1, 0x11, 0 // progressive SOF2: h 23, w 37
    };
    assertSize(37, 23, jpeg);
  }

  @Test
  void refusesZeroDimensions() {
    byte[] gif = imageIo("gif", 37, 23);
    gif[6] = 0;
    gif[7] = 0;
    assertTrue(read(gif).isEmpty());
  }
}
