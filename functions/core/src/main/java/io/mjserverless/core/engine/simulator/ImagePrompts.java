package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Image prompts on /imagine: each quadrant of the text's grid is mixed with the reference pictures,
 * as strongly as {@code --iw} asks (Midjourney's 0..3, default 1, which gives an even mix), so the
 * result visibly follows the references' colours and composition while keeping the prompt's scene.
 */
final class ImagePrompts {
  static final double DEFAULT_IMAGE_WEIGHT = 1.0;
  static final double MAX_IMAGE_WEIGHT = 3.0;

  private ImagePrompts() {}

  /** The share of the references in each pixel: iw / (iw + 1), so iw 1 is 0.5, iw 3 is 0.75, iw 0 is none. */
  static double share(double imageWeight) {
    double iw = Math.max(0, Math.min(MAX_IMAGE_WEIGHT, imageWeight));
    return iw / (iw + 1);
  }

  /** The grid with its quadrants mixed with the references; several references are first blended together. */
  static BufferedImage apply(BufferedImage grid, List<BufferedImage> references, double imageWeight, long seed) {
    double share = share(imageWeight);
    if (references.isEmpty() || share == 0) {
      return grid;
    }
    List<BufferedImage> parts = new ArrayList<>(4);
    List<BufferedImage> quadrants = Grids.split(grid);
    for (int n = 0; n < quadrants.size(); n++) {
      BufferedImage q = quadrants.get(n);
      BufferedImage reference = references.size() == 1
          ? Pixels.cover(references.get(0), q.getWidth(), q.getHeight())
          : Blender.blend(references.subList(0, Math.min(references.size(), Blender.MAX_INPUTS)), q.getWidth(), q.getHeight(),
              Seeds.mix(seed, n + 1));
      parts.add(mix(q, reference, share));
    }
    return Grids.assemble(parts);
  }

  private static BufferedImage mix(BufferedImage scene, BufferedImage reference, double share) {
    int[] a = Pixels.data(Pixels.cover(scene, scene.getWidth(), scene.getHeight()));
    int[] b = Pixels.data(reference);
    BufferedImage out = Pixels.rgb(scene.getWidth(), scene.getHeight());
    int[] o = Pixels.data(out);
    for (int i = 0; i < o.length; i++) {
      o[i] = Pixels.pack(
          (1 - share) * ((a[i] >> 16) & 0xFF) + share * ((b[i] >> 16) & 0xFF),
          (1 - share) * ((a[i] >> 8) & 0xFF) + share * ((b[i] >> 8) & 0xFF),
          (1 - share) * (a[i] & 0xFF) + share * (b[i] & 0xFF));
    }
    return out;
  }
}
