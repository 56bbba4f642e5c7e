package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * /describe without a vision model: four prompts written from what can be measured in the picture
 * ({@link ImageFacts}): its dominant colours by name, brightness, contrast, saturation, where the light
 * and the colour gather, a horizon if one crosses it, and its aspect ratio as {@code --ar}. The four
 * are phrased differently (scene, photograph, abstract painting, illustration), as Midjourney's four
 * suggestions are, and depend on nothing but the picture.
 */
public final class ImageDescriber {
  private ImageDescriber() {}

  public static List<String> describe(BufferedImage image) {
    return describe(ImageFacts.measure(image));
  }

  /** The Describe result as API.md writes it: the four prompts numbered with keycaps. */
  public static String finalPrompt(BufferedImage image) {
    return Keycaps.numbered(describe(image));
  }

  static List<String> describe(ImageFacts f) {
    List<String> colors = f.dominantColors(3, 0.08);
    String c1 = colors.get(0);
    String c2 = colors.size() > 1 ? colors.get(1) : shadeOf(c1, f);
    String all = list(colors);
    String ar = " --ar " + aspectRatio(f.width(), f.height());
    String bright = brightness(f.meanLuma());
    String contrast = f.lumaStdDev() < 28 ? "soft" : (f.lumaStdDev() < 55 ? "balanced" : "dramatic");
    String saturation = f.meanSaturation() < 0.18 ? "muted" : (f.meanSaturation() < 0.45 ? "natural" : "vivid");
    String lightAt = position(f.brightX(), f.brightY());
    String colourAt = position(f.saturatedX(), f.saturatedY());
    String detail = f.edgeDensity() < 3 ? "smooth gradients" : (f.edgeDensity() < 8 ? "gentle textures" : "intricate detail");
    String format = format(f.width(), f.height());
    String mood = mood(bright, saturation, contrast);
    String horizon = horizon(f.horizon());
    String structure = horizon != null ? horizon : detail;

    return List.of(
        article(bright) + " " + bright + ", " + contrast + " " + format + " composition in " + all
            + ", light gathered at the " + lightAt + ", " + structure + ", " + mood + " atmosphere" + ar,
        format + " photograph in " + c1 + " tones with " + c2 + " accents, " + bright + " light from the "
            + lightAt + ", " + saturation + " colors, " + (horizon != null ? horizon + ", " : "") + detail + ar,
        "minimalist abstract painting of " + all + " color fields, " + detail + ", " + contrast
            + " contrast, the strongest color at the " + colourAt + ar,
        mood + " digital illustration, " + bright + " " + c1 + " atmosphere, " + c2 + " highlights at the "
            + lightAt + ", " + saturation + " palette, cinematic " + format + " framing" + ar);
  }

  /** W:H reduced by their gcd; sizes whose reduced ratio is unwieldy (1023:577) get the nearest simple one. */
  public static String aspectRatio(int width, int height) {
    int g = gcd(width, height);
    int a = width / g;
    int b = height / g;
    if (Math.max(a, b) <= 64) {
      return a + ":" + b;
    }
    double ratio = (double) width / height;
    int bestA = 1;
    int bestB = 1;
    double bestErr = Double.MAX_VALUE;
    for (int d = 1; d <= 32; d++) {
      int n = (int) Math.max(1, Math.round(ratio * d));
      int gg = gcd(n, d);
      double err = Math.abs((double) n / d - ratio) / ratio;
      if (err < bestErr - 1e-12) {
        bestErr = err;
        bestA = n / gg;
        bestB = d / gg;
      }
      if (err < 0.005) {
        break; // the simplest ratio within half a percent is what a person would write
      }
    }
    return bestA + ":" + bestB;
  }

  static String brightness(double meanLuma) {
    if (meanLuma < 70) {
      return "dark";
    }
    if (meanLuma < 120) {
      return "dim";
    }
    return meanLuma < 185 ? "bright" : "luminous";
  }

  static String position(double x, double y) {
    String v = y < 0.4 ? "upper" : (y > 0.6 ? "lower" : "");
    String h = x < 0.4 ? "left" : (x > 0.6 ? "right" : "");
    if (v.isEmpty() && h.isEmpty()) {
      return "center";
    }
    if (h.isEmpty()) {
      return v.equals("upper") ? "top" : "bottom";
    }
    return v.isEmpty() ? h + " side" : v + " " + h;
  }

  private static String horizon(double h) {
    if (h < 0) {
      return null;
    }
    return h < 0.4 ? "a high horizon line" : (h <= 0.6 ? "a horizon across the middle" : "a low horizon line");
  }

  private static String format(int w, int h) {
    double r = (double) w / h;
    return r > 1.15 ? "wide" : (r < 0.87 ? "tall" : "square");
  }

  private static String mood(String bright, String saturation, String contrast) {
    if (bright.equals("dark")) {
      return contrast.equals("dramatic") ? "moody, mysterious" : "quiet, nocturnal";
    }
    if (saturation.equals("vivid")) {
      return "vibrant, energetic";
    }
    if (bright.equals("luminous")) {
      return "airy, ethereal";
    }
    return contrast.equals("dramatic") ? "bold, cinematic" : "calm, serene";
  }

  /** A second colour word when one colour covers everything: a lighter or darker shade of it. */
  private static String shadeOf(String color, ImageFacts f) {
    return (f.meanLuma() < 120 ? "deep " : "pale ") + color;
  }

  private static String list(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  private static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return Math.max(1, a);
  }
}
