package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Vary Region: repaints the area a mask marks white and leaves every other pixel exactly as it was.
 * The feathering that hides the seam is done inside the masked area only (new content fades in from the
 * mask's edge inward), because blending across the edge would change pixels the user asked to keep.
 */
public final class RegionRepainter {
  private RegionRepainter() {}

  /** {@link #varyRegion(BufferedImage, BufferedImage, long, String)} without a remix prompt. */
  public static BufferedImage varyRegion(BufferedImage image, BufferedImage mask, long seed) {
    return varyRegion(image, mask, seed, null);
  }

  /**
   * @param mask any size (scaled to the image); a pixel is "repaint" when its luma, times its alpha if
   *     it has one, is above 127, so both black-and-white masks and white-on-transparent masks work
   * @param prompt the modal's prompt: when present its words choose the new content's colours and
   *     forms, as a remix would; else the new content matches the picture
   */
  public static BufferedImage varyRegion(BufferedImage image, BufferedImage mask, long seed, String prompt) {
    BufferedImage src = Pixels.toRgb(image);
    int w = src.getWidth();
    int h = src.getHeight();
    boolean[] selected = maskBits(mask, w, h);
    BufferedImage out = Pixels.copy(src);
    boolean any = false;
    for (boolean b : selected) {
      any |= b;
    }
    if (!any) {
      return out;
    }

    // The new content keeps the picture's local colours (a blurred copy) and takes its shapes from a
    // new scene: the scene's detail (itself minus its blur) is added on top. A flat paste of a scene
    // would bring its own sky into the middle of the picture and look like a patch. A remix prompt asks
    // for something else, so then the scene's own colours are blended in too.
    boolean remix = prompt != null && !prompt.isBlank();
    Scene scene = remix ? Scene.fromPrompt(seed, prompt) : Scene.matching(seed, ImageFacts.measure(src));
    int blurRadius = Math.max(2, Math.min(w, h) / 30);
    BufferedImage sceneImg = SceneRenderer.render(scene, w, h);
    int[] fresh = Pixels.data(sceneImg);
    int[] freshSoft = Pixels.data(Pixels.blur(sceneImg, blurRadius));
    int[] soft = Pixels.data(Pixels.blur(src, blurRadius));

    // How deep inside the mask each pixel is (0.5 on the edge, 1 well inside), from a blurred copy.
    BufferedImage maskImg = Pixels.rgb(w, h);
    int[] m = Pixels.data(maskImg);
    for (int i = 0; i < m.length; i++) {
      m[i] = selected[i] ? 0xFFFFFF : 0;
    }
    int[] depth = Pixels.data(Pixels.blur(maskImg, Math.max(2, Math.min(w, h) / 48)));
    float[] grain = ValueNoise.field(Seeds.mix(seed, "region-grain"), w, h, 20, 2);

    int[] o = Pixels.data(out);
    for (int i = 0; i < o.length; i++) {
      if (!selected[i]) {
        continue;
      }
      double inner = (depth[i] & 0xFF) / 255.0;
      double a = 0.45 + 0.55 * Pixels.smoothstep(0.5, 1.0, inner);
      int f = fresh[i];
      int fs = freshSoft[i];
      int b = soft[i];
      int repaint = Pixels.pack(((b >> 16) & 0xFF) + ((f >> 16) & 0xFF) - ((fs >> 16) & 0xFF),
          ((b >> 8) & 0xFF) + ((f >> 8) & 0xFF) - ((fs >> 8) & 0xFF), (b & 0xFF) + (f & 0xFF) - (fs & 0xFF));
      if (remix) {
        repaint = Pixels.lerp(repaint, f, 0.55);
      }
      repaint = Pixels.brighten(repaint, (int) Math.round((grain[i] - 0.5) * 14));
      o[i] = Pixels.lerp(o[i], repaint, a);
    }
    return out;
  }

  public static BufferedImage varyRegionGrid(BufferedImage image, BufferedImage mask, long seed, String prompt) {
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int k = 1; k <= 4; k++) {
      parts.add(varyRegion(image, mask, Seeds.mix(seed, k), prompt));
    }
    return Grids.assemble(parts);
  }

  /** The mask at the image's size (nearest neighbour, so a hard mask stays hard), true = repaint. */
  static boolean[] maskBits(BufferedImage mask, int w, int h) {
    int mw = mask.getWidth();
    int mh = mask.getHeight();
    boolean alpha = mask.getColorModel().hasAlpha();
    boolean[] bits = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      int my = Math.min(mh - 1, (int) ((y + 0.5) * mh / h));
      for (int x = 0; x < w; x++) {
        int mx = Math.min(mw - 1, (int) ((x + 0.5) * mw / w));
        int argb = mask.getRGB(mx, my);
        double v = Pixels.luma(argb & 0xFFFFFF);
        if (alpha) {
          v = v * ((argb >>> 24) & 0xFF) / 255.0;
        }
        bits[y * w + x] = v > 127;
      }
    }
    return bits;
  }
}
