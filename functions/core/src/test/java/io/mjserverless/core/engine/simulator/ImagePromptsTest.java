package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePromptsTest {
  private static BufferedImage solid(int rgb, int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** Mean distance of a picture's pixels from one colour, 0..441. */
  private static double distanceFrom(BufferedImage image, int rgb) {
    double sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        double dr = ((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
        double dg = ((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
        double db = (p & 0xFF) - (rgb & 0xFF);
        sum += Math.sqrt(dr * dr + dg * dg + db * db);
      }
    }
    return sum / (image.getWidth() * image.getHeight());
  }

  @Test
  void theImageWeightSetsHowMuchOfTheReferenceShows() {
    assertEquals(0.0, ImagePrompts.share(0));
    assertEquals(0.5, ImagePrompts.share(1));
    assertEquals(0.75, ImagePrompts.share(3));
    assertEquals(0.75, ImagePrompts.share(9), "capped at Midjourney's 3");
  }

  @Test
  void theGridMovesTowardsTheReferenceTheMoreTheHigherTheWeight() {
    BufferedImage grid = SimulatorPictures.imagineGrid(42L, "a quiet harbour at night", 1, 1, 64);
    int red = 0xE01010;
    List<BufferedImage> references = List.of(solid(red, 50, 30));
    double plain = distanceFrom(grid, red);
    double even = distanceFrom(ImagePrompts.apply(grid, references, 1.0, 42L), red);
    double strong = distanceFrom(ImagePrompts.apply(grid, references, 3.0, 42L), red);
    assertTrue(even < plain * 0.6, plain + " -> " + even);
    assertTrue(strong < even, even + " -> " + strong);
    BufferedImage same = ImagePrompts.apply(grid, references, 0, 42L);
    assertSame(grid, same, "--iw 0 leaves the grid as the text made it");
    BufferedImage mixed = ImagePrompts.apply(grid, references, 1.0, 42L);
    assertEquals(grid.getWidth(), mixed.getWidth());
    assertEquals(grid.getHeight(), mixed.getHeight());
  }

  @Test
  void severalReferencesAreBlendedBeforeTheyAreMixedIn() {
    BufferedImage grid = SimulatorPictures.imagineGrid(7L, "a field", 1, 1, 64);
    int red = 0xE01010;
    int blue = 0x1010E0;
    BufferedImage mixed = ImagePrompts.apply(grid, List.of(solid(red, 40, 40), solid(blue, 40, 40)), 3.0, 7L);
    double toRed = distanceFrom(mixed, red);
    double toBlue = distanceFrom(mixed, blue);
    assertTrue(Math.abs(toRed - toBlue) < Math.max(toRed, toBlue), "both references show: " + toRed + " / " + toBlue);
    assertTrue(distanceFrom(mixed, 0x780078) < distanceFrom(grid, 0x780078), "towards their purple mean");
  }
}
