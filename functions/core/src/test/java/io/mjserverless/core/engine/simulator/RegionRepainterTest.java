package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RegionRepainterTest {
  private final BufferedImage image = SceneRenderer.render(12, "misty mountains at dawn", 128, 128);

  /** A black mask with a white rectangle, drawn at the given scale of the 128 px image. */
  private static BufferedImage mask(int size, int x, int y, int w, int h) {
    BufferedImage m = TestImages.solid(size, size, Color.BLACK);
    Graphics2D g = m.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(x, y, w, h);
    g.dispose();
    return m;
  }

  @Test
  void onlyPixelsUnderTheMaskChange() {
    BufferedImage out = SimulatorPictures.varyRegion(image, mask(128, 32, 40, 48, 60), 3);
    assertOnlyRectChanged(out, 32, 40, 48, 60);
  }

  @Test
  void aMaskOfAnotherSizeIsScaledToThePicture() {
    BufferedImage out = SimulatorPictures.varyRegion(image, mask(64, 16, 20, 24, 30), 3);
    assertOnlyRectChanged(out, 32, 40, 48, 60);
  }

  @Test
  void transparentPartsOfAMaskAreKept() {
    BufferedImage m = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = m.createGraphics();
    g.setColor(new Color(255, 255, 255, 0));
    g.fillRect(0, 0, 128, 128); // white but fully transparent: keep
    g.setColor(Color.WHITE);
    g.fillRect(32, 40, 48, 60);
    g.dispose();
    assertOnlyRectChanged(SimulatorPictures.varyRegion(image, m, 3), 32, 40, 48, 60);
  }

  @Test
  void anEmptyMaskChangesNothingAndTheGridHasFourVariants() {
    assertTrue(TestImages.samePixels(image, SimulatorPictures.varyRegion(image, mask(128, 0, 0, 0, 0), 3)));
    BufferedImage grid = SimulatorPictures.varyRegionGrid(image, mask(128, 32, 40, 48, 60), 3, "a red balloon");
    assertEquals(256, grid.getWidth());
    BufferedImage q1 = SimulatorPictures.quadrant(grid, 1);
    BufferedImage q2 = SimulatorPictures.quadrant(grid, 2);
    assertTrue(TestImages.meanAbsDiff(TestImages.region(q1, 32, 40, 48, 60), TestImages.region(q2, 32, 40, 48, 60)) > 1);
  }

  private void assertOnlyRectChanged(BufferedImage out, int rx, int ry, int rw, int rh) {
    int inside = 0;
    int changed = 0;
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        boolean in = x >= rx && x < rx + rw && y >= ry && y < ry + rh;
        if (!in) {
          assertEquals(image.getRGB(x, y), out.getRGB(x, y), "pixel outside the mask changed at " + x + "," + y);
        } else {
          inside++;
          if (TestImages.channelDiff(image.getRGB(x, y), out.getRGB(x, y)) > 6) {
            changed++;
          }
        }
      }
    }
    assertTrue(changed > inside * 0.5, changed + " of " + inside + " masked pixels changed");
  }
}
