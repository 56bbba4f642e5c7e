package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreviewTest {
  @Test
  void previewsSharpenAsProgressGrows() {
    BufferedImage fin = SimulatorPictures.imagineGrid(9, "a forest", 1, 1, 128);
    BufferedImage early = SimulatorPictures.preview(fin, 10);
    BufferedImage late = SimulatorPictures.preview(fin, 90);
    assertEquals(fin.getWidth(), early.getWidth());
    assertEquals(fin.getHeight(), late.getHeight());
    double dEarly = TestImages.meanAbsDiff(early, fin);
    double dLate = TestImages.meanAbsDiff(late, fin);
    assertTrue(dEarly > dLate * 1.5, "10%: " + dEarly + ", 90%: " + dLate);
    assertTrue(dEarly > 3, "an early preview is visibly blurred: " + dEarly);
    assertTrue(TestImages.samePixels(fin, SimulatorPictures.preview(fin, 100)));
  }
}
