package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Every picture operation of the simulator engine in one place. All results are TYPE_INT_RGB and a
 * pure function of their arguments (seeds included), so re-running a task reproduces its pictures.
 * The work is done by small focused classes; this facade is what the engine calls.
 */
public final class SimulatorPictures {
  public static final double SUBTLE = Variations.SUBTLE;
  public static final double VARIATION = Variations.VARIATION;
  public static final double STRONG = Variations.STRONG;

  private SimulatorPictures() {}

  /**
   * /imagine: four distinct pictures in a 2x2 grid at aspect ratio arW:arH. Quadrant n is rendered
   * with the seed mixed with n, so U2 of a grid re-rendered from its seed is the same picture.
   */
  public static BufferedImage imagineGrid(long seed, String prompt, int arW, int arH, int quadrantLongSide) {
    return imagineGrid(seed, prompt, GridSize.of(arW, arH, quadrantLongSide));
  }

  /** /imagine with the prompt's own {@code --seed} (else its hash) and {@code --ar}, 512 px quadrants. */
  public static BufferedImage imagineGrid(String prompt) {
    return imagineGrid(Seeds.forPrompt(prompt), prompt, GridSize.fromPrompt(prompt, GridSize.DEFAULT_QUADRANT_LONG_SIDE));
  }

  public static BufferedImage imagineGrid(long seed, String prompt, GridSize size) {
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int n = 1; n <= 4; n++) {
      Scene scene = Scene.fromPrompt(Seeds.mix(seed, n), prompt);
      parts.add(SceneRenderer.render(scene, size.quadrantWidth(), size.quadrantHeight()));
    }
    return Grids.assemble(parts);
  }

  public static BufferedImage quadrant(BufferedImage grid, int n) {
    return Grids.quadrant(grid, n);
  }

  public static List<BufferedImage> split(BufferedImage grid) {
    return Grids.split(grid);
  }

  public static BufferedImage assemble(List<BufferedImage> parts) {
    return Grids.assemble(parts);
  }

  public static BufferedImage upscale(BufferedImage grid, int n) {
    return Upscaler.upscale(grid, n);
  }

  public static BufferedImage upscaleHd(BufferedImage image, boolean creative, long seed) {
    return Upscaler.upscaleHd(image, creative, seed);
  }

  /** V&lt;n&gt; (pass quadrant n, {@link #VARIATION}), Vary Subtle / Strong (pass the upscaled image). */
  public static BufferedImage variationGrid(BufferedImage source, long seed, double strength) {
    return Variations.variationGrid(source, seed, strength);
  }

  public static BufferedImage variationGrid(BufferedImage source, long seed, double strength, int quadrantLongSide) {
    return Variations.variationGrid(source, seed, strength, quadrantLongSide);
  }

  public static BufferedImage zoomOut(BufferedImage image, double factor, long seed) {
    return Outpainter.zoomOut(image, factor, seed);
  }

  public static BufferedImage zoomOutGrid(BufferedImage image, double factor, long seed) {
    return Outpainter.zoomOutGrid(image, factor, seed);
  }

  public static BufferedImage pan(BufferedImage image, Direction direction, long seed) {
    return Outpainter.pan(image, direction, seed);
  }

  public static BufferedImage panGrid(BufferedImage image, Direction direction, long seed) {
    return Outpainter.panGrid(image, direction, seed);
  }

  public static BufferedImage varyRegion(BufferedImage image, BufferedImage mask, long seed) {
    return RegionRepainter.varyRegion(image, mask, seed);
  }

  public static BufferedImage varyRegionGrid(BufferedImage image, BufferedImage mask, long seed, String prompt) {
    return RegionRepainter.varyRegionGrid(image, mask, seed, prompt);
  }

  public static BufferedImage blend(List<BufferedImage> inputs, int width, int height, long seed) {
    return Blender.blend(inputs, width, height, seed);
  }

  public static BufferedImage blendGrid(List<BufferedImage> inputs, BlendDimensions dimensions, long seed) {
    return Blender.blendGrid(inputs, dimensions, seed);
  }

  public static BufferedImage faceSwap(BufferedImage source, BufferedImage target) {
    return FaceSwapper.faceSwap(source, target);
  }

  /**
   * What a running job shows at a given progress: the final picture reduced to a few blocks early on
   * and scaled back up (so it reads as a blur of the right colours), sharper as progress grows, the
   * final picture itself at 100.
   */
  public static BufferedImage preview(BufferedImage finalImage, int progressPercent) {
    BufferedImage src = Pixels.toRgb(finalImage);
    double p = Pixels.clamp01(progressPercent / 100.0);
    if (p >= 1) {
      return Pixels.copy(src);
    }
    int w = src.getWidth();
    int h = src.getHeight();
    // Block size falls off faster than linearly: early previews are mostly colour, late ones nearly sharp.
    double block = 1 + Math.pow(1 - p, 2) * Math.min(w, h) / 10.0;
    int sw = Math.max(2, (int) Math.round(w / block));
    int sh = Math.max(2, (int) Math.round(h / block));
    if (sw >= w && sh >= h) {
      return Pixels.copy(src);
    }
    return Pixels.scale(Pixels.scale(src, sw, sh), w, h);
  }

  public static byte[] png(BufferedImage image) {
    return ImageCodec.png(image);
  }

  public static BufferedImage readImage(byte[] bytes) {
    return ImageCodec.readImage(bytes);
  }

  public static BufferedImage readMask(byte[] bytes) {
    return ImageCodec.readMask(bytes);
  }

  public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
    return ImageCodec.thumbnail(image, maxSide);
  }

  /** The picture scaled so its longer side is exactly longSide, aspect kept (up or down). */
  public static BufferedImage fitLongSide(BufferedImage image, int longSide) {
    if (longSide < 1) {
      throw new IllegalArgumentException("size must be positive");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    double s = (double) longSide / Math.max(w, h);
    int nw = Math.max(1, (int) Math.round(w * s));
    int nh = Math.max(1, (int) Math.round(h * s));
    if (nw == w && nh == h) {
      return Pixels.copy(image);
    }
    return Pixels.scale(image, nw, nh);
  }
}
