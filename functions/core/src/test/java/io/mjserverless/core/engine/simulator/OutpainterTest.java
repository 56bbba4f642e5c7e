package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutpainterTest {
  private final BufferedImage image = SceneRenderer.render(77, "sunny green hills with trees", 128, 128);

  @Test
  void zoomOutKeepsTheSizeAndTheWholePictureInTheCentre() {
    BufferedImage z = SimulatorPictures.zoomOut(image, 2.0, 5);
    assertEquals(128, z.getWidth());
    assertEquals(128, z.getHeight());
    BufferedImage centre = TestImages.region(z, 32, 32, 64, 64);
    double d = TestImages.meanAbsDiff(centre, TestImages.halve(image));
    assertTrue(d < 2, "centre vs original at half size: " + d);
  }

  @Test
  void zoomOutFillsTheBorderWithMoreThanAFlatColour() {
    BufferedImage z = SimulatorPictures.zoomOut(image, 2.0, 5);
    // The top band and the left band lie wholly in the new border.
    assertTrue(TestImages.lumaStdDev(z, 0, 0, 128, 24) > 2, "top border is flat");
    assertTrue(TestImages.lumaStdDev(z, 0, 0, 24, 128) > 4, "left border is flat");
    assertTrue(TestImages.meanLuma(z, 0, 0, 128, 24) > 20, "top border is black");
    // Different fill seeds paint different borders around the same centre.
    BufferedImage other = SimulatorPictures.zoomOut(image, 2.0, 6);
    assertTrue(TestImages.meanAbsDiff(TestImages.region(z, 0, 0, 128, 24), TestImages.region(other, 0, 0, 128, 24)) > 1);
    assertTrue(TestImages.samePixels(TestImages.region(z, 32, 32, 64, 64), TestImages.region(other, 32, 32, 64, 64)));
  }

  @Test
  void customZoomBetweenOneAndTwo() {
    BufferedImage z = SimulatorPictures.zoomOut(image, 1.5, 9);
    assertEquals(128, z.getWidth());
    int inner = (int) Math.round(128 / 1.5);
    int off = (128 - inner) / 2;
    BufferedImage centre = TestImages.region(z, off, off, inner, inner);
    BufferedImage expected = TestImages.bicubic(image, inner / 128.0);
    assertTrue(TestImages.meanAbsDiff(centre, expected) < 6);
    assertTrue(TestImages.samePixels(image, SimulatorPictures.zoomOut(image, 1.0, 9)));
    assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.zoomOut(image, 2.5, 9));
  }

  @Test
  void zoomOutGridHasFourDifferentFills() {
    BufferedImage grid = SimulatorPictures.zoomOutGrid(image, 2.0, 3);
    assertEquals(256, grid.getWidth());
    List<BufferedImage> parts = SimulatorPictures.split(grid);
    assertTrue(TestImages.meanAbsDiff(parts.get(0), parts.get(1)) > 0.5);
  }

  @Test
  void panShiftsThePictureExactlyAndFillsTheNewStrip() {
    int s = 32;
    for (Direction d : Direction.values()) {
      BufferedImage p = SimulatorPictures.pan(image, d, 11);
      assertEquals(128, p.getWidth());
      assertEquals(128, p.getHeight());
      for (int y = 0; y < 128; y++) {
        for (int x = 0; x < 128; x++) {
          int sx = x;
          int sy = y;
          boolean kept = switch (d) {
            case LEFT -> (sx = x - s) >= 0;
            case RIGHT -> (sx = x + s) < 128;
            case UP -> (sy = y - s) >= 0;
            case DOWN -> (sy = y + s) < 128;
          };
          if (kept) {
            assertEquals(image.getRGB(sx, sy), p.getRGB(x, y), d + " at " + x + "," + y);
          }
        }
      }
      int[] strip = switch (d) {
        case LEFT -> new int[] {0, 0, s, 128};
        case RIGHT -> new int[] {128 - s, 0, s, 128};
        case UP -> new int[] {0, 0, 128, s};
        case DOWN -> new int[] {0, 128 - s, 128, s};
      };
      assertTrue(TestImages.meanLuma(p, strip[0], strip[1], strip[2], strip[3]) > 20, d + " strip is black");
      assertTrue(TestImages.lumaStdDev(p, strip[0], strip[1], strip[2], strip[3]) > 1.5, d + " strip is flat");
    }
  }
}
