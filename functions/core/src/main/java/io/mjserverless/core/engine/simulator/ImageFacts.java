package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What can be measured in a picture without understanding it: brightness, contrast, saturation, the
 * dominant named colours, where the light and the colour gather, whether a horizon-like edge crosses it.
 * Describe writes its prompts from these facts; outpainting uses the colours and the horizon to fill
 * new areas in keeping with the picture.
 *
 * @param horizon fraction of the height of the strongest full-width brightness change, or -1 if none
 * @param brightX centroid of the brightest pixels, fraction of the width (likewise the others)
 * @param edgeDensity mean luma gradient per pixel of the reduced picture: high means busy, detailed
 */
public record ImageFacts(
    int width,
    int height,
    double meanLuma,
    double lumaStdDev,
    double meanSaturation,
    List<ColorShare> colors,
    int topColor,
    int middleColor,
    int bottomColor,
    double horizon,
    double brightX,
    double brightY,
    double saturatedX,
    double saturatedY,
    double edgeDensity) {

  /** A named colour and the fraction of the picture it covers. */
  public record ColorShare(String name, double share) {}

  /** The reduced size measured: enough for proportions and colours, fast on any input. */
  private static final int SAMPLE_SIDE = 96;

  public static ImageFacts measure(BufferedImage image) {
    int ow = image.getWidth();
    int oh = image.getHeight();
    double s = Math.min(1.0, (double) SAMPLE_SIDE / Math.max(ow, oh));
    BufferedImage small = Pixels.scale(image, Math.max(1, (int) Math.round(ow * s)), Math.max(1, (int) Math.round(oh * s)));
    int w = small.getWidth();
    int h = small.getHeight();
    int[] px = Pixels.data(small);
    int n = px.length;

    double[] luma = new double[n];
    double[] sat = new double[n];
    double sum = 0;
    double sumSat = 0;
    int[] counts = new int[ColorNames.PALETTE.size()];
    for (int i = 0; i < n; i++) {
      int p = px[i];
      luma[i] = Pixels.luma(p);
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      int max = Math.max(r, Math.max(g, b));
      int min = Math.min(r, Math.min(g, b));
      sat[i] = max == 0 ? 0 : (max - min) / (double) max;
      sum += luma[i];
      sumSat += sat[i];
      counts[ColorNames.index(p)]++;
    }
    double mean = sum / n;
    double var = 0;
    for (double l : luma) {
      var += (l - mean) * (l - mean);
    }

    List<ColorShare> colors = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        colors.add(new ColorShare(ColorNames.PALETTE.get(i).name(), counts[i] / (double) n));
      }
    }
    colors.sort(Comparator.comparingDouble(ColorShare::share).reversed());

    double[] bright = centroidOfTop(luma, w, h);
    double[] vivid = new double[n];
    for (int i = 0; i < n; i++) {
      vivid[i] = sat[i] * luma[i]; // saturated and visible: a dark pixel's hue is not noticed
    }
    double[] colourful = centroidOfTop(vivid, w, h);

    double edges = 0;
    for (int y = 0; y < h - 1; y++) {
      for (int x = 0; x < w - 1; x++) {
        int i = y * w + x;
        edges += Math.abs(luma[i + 1] - luma[i]) + Math.abs(luma[i + w] - luma[i]);
      }
    }
    edges /= Math.max(1, (w - 1) * (h - 1));

    return new ImageFacts(ow, oh, mean, Math.sqrt(var / n), sumSat / n, List.copyOf(colors),
        bandColor(px, w, h, 0.0, 0.2), bandColor(px, w, h, 0.4, 0.6), bandColor(px, w, h, 0.8, 1.0),
        horizon(luma, w, h), bright[0], bright[1], colourful[0], colourful[1], edges);
  }

  /** Names of the colours covering at least minShare of the picture, most frequent first. */
  public List<String> dominantColors(int max, double minShare) {
    List<String> names = new ArrayList<>();
    for (ColorShare c : colors) {
      if (names.size() < max && (c.share() >= minShare || names.isEmpty())) {
        names.add(c.name());
      }
    }
    return names;
  }

  /** The same facts with the horizon moved: used when a picture is placed inside a larger frame. */
  public ImageFacts withHorizon(double newHorizon) {
    return new ImageFacts(width, height, meanLuma, lumaStdDev, meanSaturation, colors, topColor, middleColor,
        bottomColor, newHorizon, brightX, brightY, saturatedX, saturatedY, edgeDensity);
  }

  private static int bandColor(int[] px, int w, int h, double from, double to) {
    int y0 = Math.min(h - 1, (int) (from * h));
    int y1 = Math.max(y0 + 1, (int) Math.ceil(to * h));
    long r = 0;
    long g = 0;
    long b = 0;
    int count = 0;
    for (int y = y0; y < Math.min(h, y1); y++) {
      for (int x = 0; x < w; x++) {
        int p = px[y * w + x];
        r += (p >> 16) & 0xFF;
        g += (p >> 8) & 0xFF;
        b += p & 0xFF;
        count++;
      }
    }
    return Pixels.pack((int) (r / count), (int) (g / count), (int) (b / count));
  }

  /**
   * The row where mean brightness changes most between the rows above and below, if that change is
   * clear (more than 12 levels) and holds across most of the width, as a horizon or a shoreline does.
   */
  private static double horizon(double[] luma, int w, int h) {
    if (h < 8) {
      return -1;
    }
    int band = Math.max(1, h / 24);
    double best = 0;
    int bestRow = -1;
    for (int y = Math.max(band, (int) (h * 0.15)); y < Math.min(h - band, (int) (h * 0.85)); y++) {
      int agree = 0;
      double total = 0;
      for (int x = 0; x < w; x++) {
        double above = 0;
        double below = 0;
        for (int k = 1; k <= band; k++) {
          above += luma[(y - k) * w + x];
          below += luma[(y + k - 1) * w + x];
        }
        double d = (above - below) / band;
        total += d;
        if (Math.abs(d) > 6) {
          agree++;
        }
      }
      double strength = Math.abs(total / w);
      if (agree > w * 0.6 && strength > best) {
        best = strength;
        bestRow = y;
      }
    }
    return best > 12 ? bestRow / (double) h : -1;
  }

  /** Centroid of the pixels in the top 15% of a measure, as fractions of the frame. */
  private static double[] centroidOfTop(double[] values, int w, int h) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double threshold = sorted[(int) (sorted.length * 0.85)];
    double sx = 0;
    double sy = 0;
    double weight = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] >= threshold) {
        double wt = values[i] - threshold + 1;
        sx += wt * ((i % w) + 0.5);
        sy += wt * ((i / w) + 0.5);
        weight += wt;
      }
    }
    return weight == 0 ? new double[] {0.5, 0.5} : new double[] {sx / weight / w, sy / weight / h};
  }
}
