package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

class BlenderTest {
  private static BufferedImage pattern(int w, int h, IntBinaryOperator luma) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = Math.max(0, Math.min(255, luma.applyAsInt(x, y)));
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return img;
  }

  // Structurally unrelated inputs: a left-right ramp, a top-bottom ramp, diagonal stripes.
  private final BufferedImage horizontal = pattern(200, 100, (x, y) -> x * 255 / 199);
  private final BufferedImage vertical = pattern(90, 160, (x, y) -> y * 255 / 159);
  private final BufferedImage stripes = pattern(160, 120, (x, y) -> (int) (128 + 120 * Math.sin((x + y) / 5.0)));

  @Test
  void blendHasTheRequestedSizeAndResemblesEachInput() {
    BufferedImage b = SimulatorPictures.blend(List.of(horizontal, vertical), 160, 120, 17);
    assertEquals(160, b.getWidth());
    assertEquals(120, b.getHeight());
    BufferedImage h = Pixels.cover(horizontal, 160, 120);
    BufferedImage v = Pixels.cover(vertical, 160, 120);
    double withH = TestImages.lumaCorrelation(b, h);
    double withV = TestImages.lumaCorrelation(b, v);
    double unrelated = TestImages.lumaCorrelation(b, stripes);
    assertTrue(withH > unrelated + 0.2, "horizontal " + withH + " vs unrelated " + unrelated);
    assertTrue(withV > unrelated + 0.2, "vertical " + withV + " vs unrelated " + unrelated);
  }

  @Test
  void blendGridUsesTheDimensions() {
    BufferedImage g = Blender.blendGrid(List.of(horizontal, vertical, stripes), BlendDimensions.PORTRAIT, 5, 96);
    assertEquals(128, g.getWidth()); // 2 x 64
    assertEquals(192, g.getHeight()); // 2 x 96
    assertEquals(BlendDimensions.LANDSCAPE.gridSize(512), GridSize.of(3, 2, 512));
    List<BufferedImage> parts = SimulatorPictures.split(g);
    assertTrue(TestImages.meanAbsDiff(parts.get(0), parts.get(3)) > 2, "the four blends differ");
  }

  @Test
  void needsTwoToFiveInputs() {
    assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.blend(List.of(horizontal), 64, 64, 1));
    assertThrows(IllegalArgumentException.class, () -> SimulatorPictures.blend(
        List.of(horizontal, horizontal, horizontal, horizontal, horizontal, horizontal), 64, 64, 1));
  }
}
