package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.ImageBombs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** The one guarded decoder: sizes from the headers first, nothing above the pixel cap is ever decoded. */
class ImageDecoderTest {
  private static final byte[] BOMB = ImageBombs.png(16000, 16000);

  @Test
  void theBombIsSmallAndValid() {
    assertTrue(BOMB.length < 64 * 1024, "a test file of " + BOMB.length + " bytes");
    assertEquals(16000, ImageDimensions.read(new DecodedImage(BOMB, ImageFormat.PNG)).orElseThrow()[0]);
  }

  @Test
  void aPngThatDeclaresTooManyPixelsIsRefusedBeforeDecoding() {
    ImageRefusedException fromBytes = assertThrows(ImageRefusedException.class, () -> ImageDecoder.decode(BOMB));
    assertEquals("is too large: 16000x16000 pixels, more than the 40 megapixels allowed", fromBytes.reason());
    ImageRefusedException fromStream = assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.decode(new ByteArrayInputStream(BOMB)));
    assertEquals(fromBytes.reason(), fromStream.reason());
    assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.requireWithinLimit(new DecodedImage(BOMB, ImageFormat.PNG)));
    // ImageOps and the simulator's codec are the same decoder.
    assertThrows(ImageRefusedException.class, () -> ImageOps.decode(BOMB));
  }

  @Test
  void justOverTheCapIsRefusedAndAtTheCapIsNot() {
    byte[] over = ImageBombs.png(8000, 5001); // 40,008,000 pixels
    assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.requireWithinLimit(new DecodedImage(over, ImageFormat.PNG)));
    byte[] at = ImageBombs.png(8000, 5000); // 40,000,000 pixels: the cap itself is allowed
    ImageDecoder.requireWithinLimit(new DecodedImage(at, ImageFormat.PNG));
  }

  @Test
  void aGifFrameLargerThanItsScreenIsSeenByAskingTheDecoder() {
    byte[] gif = ImageBombs.gifWithHugeFrame(16000, 16000);
    assertEquals(1, ImageDimensions.read(new DecodedImage(gif, ImageFormat.GIF)).orElseThrow()[0],
        "the logical screen alone says 1x1");
    ImageRefusedException e = assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.requireWithinLimit(new DecodedImage(gif, ImageFormat.GIF)));
    assertTrue(e.reason().contains("16000x16000"), e.reason());
    assertThrows(ImageRefusedException.class, () -> ImageDecoder.decode(gif));
  }

  @Test
  void webpAndJpegHeadersAreCheckedToo() {
    byte[] webp = ImageBombs.webpCanvas(16000, 16000);
    assertTrue(assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.requireWithinLimit(new DecodedImage(webp, ImageFormat.WEBP))).reason().contains("16000x16000"));
    assertThrows(ImageRefusedException.class, () -> ImageDecoder.decode(webp));
    byte[] jpeg = ImageBombs.jpegFrame(60000, 60000);
    assertTrue(assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.requireWithinLimit(new DecodedImage(jpeg, ImageFormat.JPEG))).reason().contains("60000x60000"));
    assertThrows(ImageRefusedException.class, () -> ImageDecoder.decode(jpeg));
  }

  @Test
  void brokenPicturesAreRefusedWithAPlainReason() {
    byte[] truncated = java.util.Arrays.copyOf(ImageInputsTest.imageIo("png", 40, 30), 60);
    ImageRefusedException broken = assertThrows(ImageRefusedException.class, () -> ImageDecoder.decode(truncated));
    assertEquals("the image cannot be decoded", broken.getMessage());
    ImageRefusedException text = assertThrows(ImageRefusedException.class,
        () -> ImageDecoder.decode("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals("the image is not a PNG, JPEG, WebP or GIF image", text.getMessage());
    for (ImageRefusedException e : new ImageRefusedException[] {broken, text}) {
      assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("java."), e.getMessage());
    }
  }

  @Test
  void ordinaryPicturesDecode() {
    for (String format : new String[] {"png", "jpeg", "gif"}) {
      byte[] bytes = ImageInputsTest.imageIo(format, 40, 30);
      ImageDecoder.requireWithinLimit(new DecodedImage(bytes, ImageFormat.sniff(bytes).orElseThrow()));
      BufferedImage image = ImageDecoder.decode(bytes);
      assertEquals(40, image.getWidth());
      assertEquals(30, image.getHeight());
    }
  }
}
