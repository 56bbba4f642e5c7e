package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class UpscalerTest {
  private final BufferedImage grid = SimulatorPictures.imagineGrid(314, "a castle on a hill", 1, 1, 128);

  @Test
  void u2IsQuadrantTwoUpscaled() {
    BufferedImage u2 = SimulatorPictures.upscale(grid, 2);
    assertEquals(256, u2.getWidth());
    assertEquals(256, u2.getHeight());
    BufferedImage q2 = TestImages.region(grid, 128, 0, 128, 128);
    BufferedImage q1 = TestImages.region(grid, 0, 0, 128, 128);
    double same = TestImages.meanAbsDiff(u2, TestImages.bicubic(q2, 2));
    double other = TestImages.meanAbsDiff(u2, TestImages.bicubic(q1, 2));
    assertTrue(same < 2, "U2 vs upscaled quadrant 2: " + same);
    assertTrue(other > 10, "U2 vs upscaled quadrant 1: " + other);
  }

  @Test
  void u4ComesFromTheBottomRight() {
    BufferedImage u4 = SimulatorPictures.upscale(grid, 4);
    assertTrue(TestImages.meanAbsDiff(u4, TestImages.bicubic(TestImages.region(grid, 128, 128, 128, 128), 2)) < 2);
  }

  @Test
  void hdUpscalesDoubleAndCreativeAddsSeededDetail() {
    BufferedImage img = SimulatorPictures.quadrant(grid, 1);
    BufferedImage subtle = SimulatorPictures.upscaleHd(img, false, 1);
    BufferedImage creative = SimulatorPictures.upscaleHd(img, true, 1);
    assertEquals(256, subtle.getWidth());
    assertEquals(256, creative.getHeight());
    assertTrue(TestImages.meanAbsDiff(subtle, TestImages.bicubic(img, 2)) < 2, "subtle stays faithful");
    double added = TestImages.meanAbsDiff(subtle, creative);
    assertTrue(added > 1.5 && added < 20, "creative differs a little: " + added);
    assertTrue(TestImages.samePixels(creative, SimulatorPictures.upscaleHd(img, true, 1)));
    assertTrue(!TestImages.samePixels(creative, SimulatorPictures.upscaleHd(img, true, 2)));
  }
}
