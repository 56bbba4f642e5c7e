package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageCodecTest {
  private final BufferedImage picture = SceneRenderer.render(1, "sunset beach", 96, 64);

  @Test
  void pngRoundTripIsLossless() {
    byte[] png = SimulatorPictures.png(picture);
    assertEquals((byte) 0x89, png[0]);
    assertTrue(TestImages.samePixels(picture, SimulatorPictures.readImage(png)));
  }

  @Test
  void readsJpegAndGif() throws IOException {
    for (String format : new String[] {"jpg", "gif"}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(ImageIO.write(picture, format, out));
      BufferedImage back = SimulatorPictures.readImage(out.toByteArray());
      assertEquals(96, back.getWidth());
      assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
    }
  }

  @Test
  void refusesWhatIsNotAnImageWithAReadableMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SimulatorPictures.readImage("hello, world".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("PNG, JPEG, WebP or GIF"), e.getMessage());
    byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("the image cannot be decoded",
        assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.readImage(webp)).getMessage());
    byte[] brokenPng = new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0};
    assertEquals("the image cannot be decoded",
        assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.readImage(brokenPng)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.readImage(new byte[0]));
  }

  @Test
  void picturesAndMasksGoThroughThePixelCap() {
    byte[] bomb = io.mjserverless.core.testing.ImageBombs.png(16000, 16000);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.readImage(bomb))
        .getMessage().contains("16000x16000"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.readMask(bomb))
        .getMessage().contains("16000x16000"));
  }

  @Test
  void masksTreatTransparencyAsKeep() {
    BufferedImage m = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = m.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(10, 10, 10, 10);
    g.dispose();
    byte[] png = SimulatorPictures.png(m);
    BufferedImage mask = SimulatorPictures.readMask(png);
    assertEquals(0xFFFFFF, mask.getRGB(15, 15) & 0xFFFFFF);
    assertEquals(0, mask.getRGB(2, 2) & 0xFFFFFF);
    // As a picture, the same transparency is flattened over white.
    assertEquals(0xFFFFFF, SimulatorPictures.readImage(png).getRGB(2, 2) & 0xFFFFFF);
  }

  @Test
  void thumbnailKeepsTheAspect() {
    BufferedImage t = SimulatorPictures.thumbnail(picture, 48);
    assertEquals(48, t.getWidth());
    assertEquals(32, t.getHeight());
    assertEquals(96, SimulatorPictures.thumbnail(picture, 500).getWidth(), "never enlarged");
  }
}
