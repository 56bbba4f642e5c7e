package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void recognisesEachSignature() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
    byte[] webp = ascii("RIFF\u0024\0\0\0WEBPVP8L");
    assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.sniff(png));
    assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(jpeg));
    assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(webp));
    assertEquals(Optional.of(ImageFormat.GIF), ImageFormat.sniff(ascii("GIF87a\1\0\1\0")));
    assertEquals(Optional.of(ImageFormat.GIF), ImageFormat.sniff(ascii("GIF89a\1\0\1\0")));
  }

  @Test
  void recognisesTheBareMinimumOfEachSignature() {
    assertEquals(
        Optional.of(ImageFormat.PNG),
        ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}));
    assertEquals(
        Optional.of(ImageFormat.JPEG),
        ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(ascii("RIFF\0\0\0\0WEBP")));
  }

  @Test
  void refusesTruncatedSignatures() {
    assertTrue(ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A}).isEmpty());
    assertTrue(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8}).isEmpty());
    assertTrue(ImageFormat.sniff(ascii("RIFF\0\0\0\0WEB")).isEmpty());
    assertTrue(ImageFormat.sniff(ascii("GIF89")).isEmpty());
    assertTrue(ImageFormat.sniff(new byte[0]).isEmpty());
    assertTrue(ImageFormat.sniff(null).isEmpty());
  }

  @Test
  void refusesLookalikes() {
    // A RIFF container that is audio, not WebP.
    assertTrue(ImageFormat.sniff(ascii("RIFF\u0024\0\0\0WAVEfmt ")).isEmpty());
    assertTrue(ImageFormat.sniff(ascii("GIF90a\1\0\1\0")).isEmpty());
    assertTrue(ImageFormat.sniff(ascii("%PDF-1.7\n%\u00e2\u00e3")).isEmpty());
    // PNG signature with its DOS line-ending check byte mangled (what a text-mode transfer does).
    assertTrue(
        ImageFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\n', '\n', 0x1A, '\n'}).isEmpty());
    // The signature must lead; one byte in front of it is not an image.
    byte[] shifted = concat(new byte[] {0}, ascii("GIF89a\1\0\1\0"));
    assertTrue(ImageFormat.sniff(shifted).isEmpty());
  }

  @Test
  void formatsKnowTheirMimeTypeAndExtension() {
    assertEquals("image/png", ImageFormat.PNG.mimeType());
    assertEquals("jpg", ImageFormat.JPEG.extension());
    assertEquals("image/webp", ImageFormat.WEBP.mimeType());
    assertEquals("gif", ImageFormat.GIF.extension());
  }
}
