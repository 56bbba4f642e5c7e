package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariationsTest {
  private final BufferedImage source = SceneRenderer.render(2024, "a lake below mountains", 128, 96);

  @Test
  void gridOfFourAtTheSourceSize() {
    BufferedImage grid = SimulatorPictures.variationGrid(source, 1, SimulatorPictures.VARIATION);
    assertEquals(256, grid.getWidth());
    assertEquals(192, grid.getHeight());
    List<BufferedImage> parts = SimulatorPictures.split(grid);
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        assertTrue(TestImages.meanAbsDiff(parts.get(i), parts.get(j)) > 2, "variants " + i + " and " + j);
      }
    }
    assertTrue(TestImages.samePixels(grid, SimulatorPictures.variationGrid(source, 1, SimulatorPictures.VARIATION)));
  }

  @Test
  void strongChangesMoreThanSubtle() {
    double subtle = meanDistance(SimulatorPictures.variationGrid(source, 4, SimulatorPictures.SUBTLE));
    double strong = meanDistance(SimulatorPictures.variationGrid(source, 4, SimulatorPictures.STRONG));
    assertTrue(subtle > 1, "subtle still varies: " + subtle);
    assertTrue(strong > subtle * 1.5, "subtle " + subtle + " strong " + strong);
  }

  @Test
  void quadrantLongSideScalesTheSource() {
    BufferedImage grid = SimulatorPictures.variationGrid(source, 1, SimulatorPictures.STRONG, 64);
    assertEquals(128, grid.getWidth());
    assertEquals(96, grid.getHeight());
    assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.variationGrid(source, 1, 1.5));
  }

  private double meanDistance(BufferedImage grid) {
    double sum = 0;
    for (BufferedImage part : SimulatorPictures.split(grid)) {
      sum += TestImages.meanAbsDiff(part, source);
    }
    return sum / 4;
  }
}
