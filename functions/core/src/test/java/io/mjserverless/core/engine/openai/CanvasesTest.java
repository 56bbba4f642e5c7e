package io.mjserverless.core.engine.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.button.PanDirection;
import io.mjserverless.core.config.OpenAiSettings.Size;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasesTest {
  static final List<Size> GPT_IMAGE_1 = List.of(new Size(1024, 1024), new Size(1536, 1024), new Size(1024, 1536));
  static final List<Size> SMALL = List.of(new Size(64, 64), new Size(96, 64), new Size(64, 96));

  private static int alpha(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) >>> 24;
  }

  @Test
  void anAspectRatioGoesToTheNearestSupportedSize() {
    assertEquals(new Size(1536, 1024), Canvases.nearest(GPT_IMAGE_1, 16.0 / 9));
    assertEquals(new Size(1024, 1536), Canvases.nearest(GPT_IMAGE_1, 9.0 / 16));
    assertEquals(new Size(1024, 1024), Canvases.nearest(GPT_IMAGE_1, 6.0 / 5));
    assertEquals(new Size(1536, 1024), Canvases.nearest(GPT_IMAGE_1, 4.0 / 3), "4:3 is nearer 3:2 than 1:1 on a log scale");
  }

  @Test
  void zoomOutShrinksThePictureIntoTheCentreAndMasksTheBorder() {
    Canvases.MaskedCanvas c = Canvases.zoomOut(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), 2.0, SMALL);
    assertEquals(new Size(64, 64), c.size());
    assertEquals(0, alpha(c.mask(), 0, 0));
    assertEquals(0, alpha(c.mask(), 15, 32), "outside the 32x32 centre");
    assertEquals(255, alpha(c.mask(), 16, 16));
    assertEquals(255, alpha(c.mask(), 47, 47));
    assertEquals(0, alpha(c.mask(), 48, 48));
    assertEquals(0, alpha(c.picture(), 0, 0), "the new area of the picture itself is clear too");
    assertEquals(255, alpha(c.picture(), 32, 32));
  }

  @Test
  void panWidensTheCanvasTowardsTheRevealedSide() {
    Canvases.MaskedCanvas left = Canvases.pan(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), PanDirection.LEFT, SMALL);
    assertEquals(new Size(96, 64), left.size());
    assertEquals(0, alpha(left.mask(), 31, 10));
    assertEquals(255, alpha(left.mask(), 32, 10));
    assertEquals(255, alpha(left.mask(), 95, 63));
    Canvases.MaskedCanvas down = Canvases.pan(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), PanDirection.DOWN, SMALL);
    assertEquals(new Size(64, 96), down.size());
    assertEquals(255, alpha(down.mask(), 10, 0));
    assertEquals(0, alpha(down.mask(), 10, 95));
  }

  @Test
  void ourWhiteMeansRepaintWhichIsTheModelsTransparent() {
    BufferedImage ours = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB); // black: keep
    for (int x = 16; x < 32; x++) {
      for (int y = 0; y < 32; y++) {
        ours.setRGB(x, y, 0xffffff);
      }
    }
    Canvases.MaskedCanvas c = Canvases.region(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), ours, SMALL);
    assertEquals(255, alpha(c.mask(), 5, 5));
    assertEquals(0, alpha(c.mask(), 60, 5));
    assertTrue(Canvases.repaintsAnything(c.mask()));
    Canvases.MaskedCanvas nothing = Canvases.region(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB),
        new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), SMALL);
    assertFalse(Canvases.repaintsAnything(nothing.mask()));
  }

  @Test
  void resamplingDoublesTheSide() {
    BufferedImage out = Canvases.resample(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), 2.0);
    assertEquals(60, out.getWidth());
    assertEquals(40, out.getHeight());
  }
}
