package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Providers (Midjourney's CDN, previews) hand out WebP; the JDK reads none, so a plug-in is on the
 * class path. Both files are 32x24, red on the left half and blue on the right.
 */
class WebpDecodingTest {
  @ParameterizedTest
  @ValueSource(strings = {"/images/lossless.webp", "/images/lossy.webp"})
  void webpResultsDecodeLikeAnyOtherImage(String resource) throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      bytes = in.readAllBytes();
    }
    assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(bytes));
    BufferedImage image = ImageOps.decode(bytes);
    assertEquals(32, image.getWidth());
    assertEquals(24, image.getHeight());
    int left = image.getRGB(4, 12);
    int right = image.getRGB(28, 12);
    assertTrue(((left >> 16) & 0xFF) > 180 && (left & 0xFF) < 80, Integer.toHexString(left));
    assertTrue((right & 0xFF) > 180 && ((right >> 16) & 0xFF) < 80, Integer.toHexString(right));
  }
}
