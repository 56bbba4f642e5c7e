package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDescriberTest {
  /** Mostly one colour, with a few shapes of another so it is not a flat fill. */
  private static BufferedImage mostly(Color main, Color other, int w, int h) {
    BufferedImage img = TestImages.solid(w, h, main);
    Graphics2D g = img.createGraphics();
    g.setColor(other);
    g.fillOval(w / 10, h / 8, w / 6, h / 6);
    g.fillRect(w * 2 / 3, h * 2 / 3, w / 8, h / 8);
    g.dispose();
    return img;
  }

  @Test
  void fourPromptsEndingWithTheAspectRatio() {
    List<String> prompts = ImageDescriber.describe(mostly(new Color(30, 70, 210), Color.WHITE, 1024, 576));
    assertEquals(4, prompts.size());
    assertEquals(4, new HashSet<>(prompts).size(), "four different phrasings");
    for (String p : prompts) {
      assertTrue(p.endsWith(" --ar 16:9"), p);
      assertTrue(p.contains("blue"), p);
    }
  }

  @Test
  void namesTheDominantColour() {
    List<String> red = ImageDescriber.describe(mostly(new Color(205, 30, 35), new Color(250, 220, 60), 300, 300));
    for (String p : red) {
      assertTrue(p.contains("red"), p);
      assertTrue(p.endsWith("--ar 1:1"), p);
    }
    assertFalse(red.get(0).contains("blue"));
  }

  @Test
  void brightnessWordFollowsTheImage() {
    String dark = ImageDescriber.describe(mostly(new Color(20, 20, 30), new Color(60, 60, 70), 200, 150)).get(0);
    String bright = ImageDescriber.describe(mostly(new Color(245, 240, 200), Color.WHITE, 200, 150)).get(0);
    assertTrue(dark.contains(" dark"), dark);
    assertFalse(bright.contains(" dark"), bright);
    assertTrue(bright.contains("luminous") || bright.contains("bright"), bright);
  }

  @Test
  void compositionAndHorizonAreRead() {
    // Bright sky over dark ground, with a bright sun on the upper right.
    BufferedImage img = TestImages.solid(320, 200, new Color(30, 60, 30));
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(120, 170, 230));
    g.fillRect(0, 0, 320, 120);
    g.setColor(new Color(255, 250, 220));
    g.fillOval(240, 20, 40, 40);
    g.dispose();
    String first = ImageDescriber.describe(img).get(0);
    assertTrue(first.contains("upper right"), first);
    assertTrue(first.contains("horizon"), first);
    assertTrue(first.endsWith("--ar 8:5"), first);
  }

  @Test
  void aspectRatios() {
    assertEquals("16:9", ImageDescriber.aspectRatio(1024, 576));
    assertEquals("1:1", ImageDescriber.aspectRatio(512, 512));
    assertEquals("2:3", ImageDescriber.aspectRatio(683, 1024));
    assertEquals("16:9", ImageDescriber.aspectRatio(1023, 577));
    assertEquals("3:2", ImageDescriber.aspectRatio(1536, 1024));
  }

  @Test
  void finalPromptIsNumberedWithKeycaps() {
    String fp = ImageDescriber.finalPrompt(mostly(Color.GRAY, Color.BLACK, 64, 64));
    assertTrue(fp.startsWith("1\uFE0F\u20E3 "), fp);
    assertTrue(fp.contains("\n\n4\uFE0F\u20E3 "), fp);
  }
}
