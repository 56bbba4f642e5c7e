package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FaceSwapperTest {
  private static final int SOURCE_FACE = 0x3C46C8; // blue, so it cannot be confused with the target

  @Test
  void theFaceLandsInsideTheEllipseAndNothingElseChanges() {
    BufferedImage source = TestImages.solid(160, 160, new Color(SOURCE_FACE));
    BufferedImage target = SceneRenderer.render(3, "green meadow", 200, 150);
    FaceSwapper.FaceRegion at = FaceSwapper.placement(target);
    BufferedImage out = SimulatorPictures.faceSwap(source, target);
    assertEquals(200, out.getWidth());
    assertEquals(150, out.getHeight());
    int inside = 0;
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 200; x++) {
        double d = at.distance(x + 0.5, y + 0.5);
        if (d > 1.02) {
          assertEquals(target.getRGB(x, y), out.getRGB(x, y), "outside the face at " + x + "," + y);
        } else if (d < 0.6) {
          int p = out.getRGB(x, y);
          assertTrue(TestImages.channelDiff(p, SOURCE_FACE) < TestImages.channelDiff(p, target.getRGB(x, y)),
              "inside the face at " + x + "," + y + " is closer to the target");
          inside++;
        }
      }
    }
    assertTrue(inside > 500, "face too small: " + inside);
  }

  @Test
  void sourceFaceIsTheCentralUpperRegion() {
    FaceSwapper.FaceRegion f = FaceSwapper.sourceFace(new BufferedImage(200, 300, BufferedImage.TYPE_INT_RGB));
    assertEquals(100, f.cx(), 0.01);
    assertTrue(f.cy() < 150);
    assertEquals(0.4 * 200, 2 * f.ry(), 0.01);
  }

  @Test
  void skinColouredAreasAttractTheFace() {
    BufferedImage target = TestImages.solid(240, 160, new Color(40, 90, 160));
    Graphics2D g = target.createGraphics();
    g.setColor(new Color(224, 172, 140)); // a skin tone
    g.fillOval(150, 70, 70, 80);
    g.dispose();
    FaceSwapper.FaceRegion at = FaceSwapper.placement(target);
    assertTrue(at.cx() > 160 && at.cx() < 210, "cx " + at.cx());
    assertTrue(at.cy() > 80 && at.cy() < 140, "cy " + at.cy());
  }
}
