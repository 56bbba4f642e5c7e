package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagineGridTest {
  private static final String PROMPT = "a red fox in a snowy forest at sunset";

  @Test
  void sameSeedGivesIdenticalPixels() {
    BufferedImage a = SimulatorPictures.imagineGrid(99, PROMPT, 1, 1, 128);
    BufferedImage b = SimulatorPictures.imagineGrid(99, PROMPT, 1, 1, 128);
    assertTrue(TestImages.samePixels(a, b));
  }

  @Test
  void differentSeedsGiveDifferentPictures() {
    BufferedImage a = SimulatorPictures.imagineGrid(99, PROMPT, 1, 1, 128);
    BufferedImage b = SimulatorPictures.imagineGrid(100, PROMPT, 1, 1, 128);
    assertTrue(TestImages.meanAbsDiff(a, b) > 5, "diff " + TestImages.meanAbsDiff(a, b));
  }

  @Test
  void theFourQuadrantsArePairwiseDistinct() {
    for (String prompt : new String[] {PROMPT, "cat", "blue ocean at night"}) {
      List<BufferedImage> q = SimulatorPictures.split(SimulatorPictures.imagineGrid(5, prompt, 1, 1, 128));
      for (int i = 0; i < 4; i++) {
        for (int j = i + 1; j < 4; j++) {
          double d = TestImages.meanAbsDiff(q.get(i), q.get(j));
          assertTrue(d > 4, prompt + ": quadrants " + (i + 1) + " and " + (j + 1) + " differ by only " + d);
        }
      }
    }
  }

  @Test
  void gridRespectsTheAspectRatio() {
    BufferedImage g = SimulatorPictures.imagineGrid(1, "a city --ar 16:9", 16, 9, 128);
    assertTrue(g.getWidth() > g.getHeight());
    assertTrue(Math.abs((double) g.getWidth() / g.getHeight() - 16.0 / 9) / (16.0 / 9) < 0.02);
    BufferedImage fromPrompt = SimulatorPictures.imagineGrid("a city --ar 16:9 --seed 3");
    assertEquals(1024, fromPrompt.getWidth());
    assertEquals(576, fromPrompt.getHeight());
    assertEquals(BufferedImage.TYPE_INT_RGB, g.getType());
  }

  @Test
  void quadrantNumbersFollowTheButtons() {
    BufferedImage g = SimulatorPictures.imagineGrid(8, "hills", 1, 1, 128);
    // quadrant 2 is the top right one, quadrant 3 the bottom left one
    assertTrue(TestImages.samePixels(SimulatorPictures.quadrant(g, 2), TestImages.region(g, 128, 0, 128, 128)));
    assertTrue(TestImages.samePixels(SimulatorPictures.quadrant(g, 3), TestImages.region(g, 0, 128, 128, 128)));
  }

  @Test
  void splitThenAssembleReproducesTheGridExactly() {
    BufferedImage g = SimulatorPictures.imagineGrid(21, "mountains --ar 3:2", 3, 2, 128);
    List<BufferedImage> parts = SimulatorPictures.split(g);
    assertEquals(4, parts.size());
    assertTrue(TestImages.samePixels(g, SimulatorPictures.assemble(parts)));
  }

  @Test
  void colourWordsSteerThePalette() {
    double redBias = 0;
    double blueBias = 0;
    for (long seed = 1; seed <= 4; seed++) {
      redBias += redMinusBlue(SceneRenderer.render(seed, "red roses", 96, 96));
      blueBias += redMinusBlue(SceneRenderer.render(seed, "blue sapphire", 96, 96));
    }
    assertTrue(redBias > blueBias + 40, "red " + redBias + " blue " + blueBias);
  }

  @Test
  void oneSceneRendersAtAnySize() {
    Scene s = Scene.fromPrompt(4, "desert");
    assertEquals(Scene.Landform.DUNES, s.landform());
    BufferedImage small = SceneRenderer.render(s, 60, 40);
    assertEquals(60, small.getWidth());
    assertFalse(TestImages.lumaStdDev(small, 0, 0, 60, 40) < 1, "a scene is not a flat fill");
  }

  /** Rough numbers for the report: one run, JIT barely warm, on a shared machine. */
  @Test
  void timingOfAFullSizeGrid() {
    SimulatorPictures.imagineGrid(1, "warm up", 1, 1, 128);
    long t0 = System.nanoTime();
    BufferedImage g = SimulatorPictures.imagineGrid(7, "a lighthouse on a cliff above the ocean at dawn", 1, 1, 512);
    long t1 = System.nanoTime();
    byte[] png = SimulatorPictures.png(g);
    long t2 = System.nanoTime();
    System.out.printf("simulator timing: 1024x1024 grid rendered in %d ms, PNG-encoded in %d ms (%d KB)%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, png.length / 1024);
    assertEquals(1024, SimulatorPictures.readImage(png).getWidth());
  }

  private static double redMinusBlue(BufferedImage img) {
    double sum = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        sum += ((p >> 16) & 0xFF) - (p & 0xFF);
      }
    }
    return sum / (img.getWidth() * img.getHeight());
  }
}
