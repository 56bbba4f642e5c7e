package io.mjserverless.core.engine.simulator;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * What a simulated picture shows, decided once from a seed (and the prompt's words) and independent of
 * the output size: positions are fractions of the frame, colours are 0xRRGGBB. {@link SceneRenderer}
 * turns it into pixels; keeping the two apart lets the same scene be rendered at any size and lets
 * outpainting build scenes that match an existing picture's colours instead of a prompt.
 *
 * @param horizon the horizon as a fraction of the height from the top
 * @param sunX sun or moon centre, fraction of the width
 * @param sunY sun or moon centre, fraction of the height
 * @param sunRadius radius as a fraction of the shorter side
 * @param detailSeed seed of every per-pixel and per-shape choice the renderer makes
 */
public record Scene(
    Mood mood,
    Landform landform,
    int skyTop,
    int skyHorizon,
    int sun,
    int farLand,
    int midLand,
    int nearLand,
    int accent,
    double horizon,
    double sunX,
    double sunY,
    double sunRadius,
    boolean trees,
    boolean clouds,
    boolean snow,
    long detailSeed) {

  public enum Mood { DAY, SUNSET, NIGHT, DAWN, MIST }

  public enum Landform { HILLS, MOUNTAINS, SEA, DUNES, CITY }

  /** The scene for a prompt: its words steer colours, time of day and land; the seed decides the rest. */
  public static Scene fromPrompt(long seed, String prompt) {
    SceneWords words = SceneWords.of(prompt);
    SplittableRandom r = new SplittableRandom(Seeds.mix(seed, "scene"));
    Mood mood = words.mood != null ? words.mood : pick(r, Mood.values(), 40, 25, 15, 12, 8);
    Landform land = words.landform != null ? words.landform : pick(r, Landform.values(), 35, 25, 20, 10, 10);
    boolean named = !words.hues.isEmpty();
    // Without a colour word the key hue is free; with one it is jittered a little so the four pictures
    // of a grid are not the same shade.
    double key = named ? words.hues.get(0) + r.nextDouble(-12, 12) : r.nextDouble(0, 360);
    double accentHue = words.hues.size() > 1 ? words.hues.get(1) : key + r.nextDouble(120, 240);
    double sat = words.saturation;
    double lift = words.brightnessBoost;

    double skyHue;
    double horizonHue;
    double skyS;
    double skyB;
    double horS;
    double horB;
    switch (mood) {
      case SUNSET -> {
        skyHue = mixHue(255, key, named ? 0.45 : 0.2);
        horizonHue = mixHue(28, key, named ? 0.35 : 0.1) + r.nextDouble(-8, 8);
        skyS = 0.55; skyB = 0.42; horS = 0.75; horB = 1.0;
      }
      case NIGHT -> {
        skyHue = mixHue(232, key, named ? 0.4 : 0.1);
        horizonHue = skyHue + r.nextDouble(-15, 25);
        skyS = 0.65; skyB = 0.10; horS = 0.5; horB = 0.34;
      }
      case DAWN -> {
        skyHue = mixHue(205, key, named ? 0.3 : 0.1);
        horizonHue = mixHue(345, key, named ? 0.3 : 0.1);
        skyS = 0.38; skyB = 0.78; horS = 0.32; horB = 1.0;
      }
      case MIST -> {
        skyHue = mixHue(210, key, 0.4);
        horizonHue = skyHue;
        skyS = 0.12; skyB = 0.78; horS = 0.06; horB = 0.93;
      }
      default -> {
        skyHue = mixHue(212, key, named ? 0.25 : 0.1) + r.nextDouble(-10, 10);
        horizonHue = skyHue - 8;
        skyS = 0.6; skyB = 0.86; horS = 0.2; horB = 0.98;
      }
    }
    int skyTop = hsb(skyHue, skyS * sat, skyB + lift);
    int skyHorizon = hsb(horizonHue, horS * sat, horB + lift);

    double landHue = named ? key : defaultLandHue(r, land);
    double landS;
    double landB;
    switch (mood) {
      case SUNSET -> { landS = 0.45; landB = 0.30; }
      case NIGHT -> { landS = 0.45; landB = 0.14; }
      case MIST -> { landS = 0.18; landB = 0.55; }
      case DAWN -> { landS = 0.40; landB = 0.55; }
      default -> { landS = 0.55; landB = 0.55; }
    }
    if (words.snow) {
      landS *= 0.25;
      landB = Math.min(0.96, landB + 0.38);
    }
    int near = hsb(landHue, landS * sat, landB + lift * 0.5);
    int mid = Pixels.lerp(hsb(landHue + 8, landS * 0.85 * sat, landB + 0.08 + lift), skyHorizon, 0.25);
    int far = Pixels.lerp(hsb(landHue + 16, landS * 0.6 * sat, landB + 0.15 + lift), skyHorizon, 0.55);
    int sun = switch (mood) {
      case NIGHT -> hsb(50, 0.08, 0.97);
      case SUNSET -> hsb(horizonHue + 12, 0.6 * Math.max(sat, 0.2), 1.0);
      case MIST -> hsb(45, 0.08, 1.0);
      default -> hsb(48, 0.35 * Math.max(sat, 0.2), 1.0);
    };
    int accent = hsb(accentHue, 0.7 * sat, 0.9);

    double horizon = r.nextDouble(0.48, 0.68);
    double sunX = r.nextDouble(0.15, 0.85);
    double sunY = mood == Mood.SUNSET || mood == Mood.DAWN
        ? horizon - r.nextDouble(0.04, 0.16)
        : r.nextDouble(0.10, Math.max(0.12, horizon - 0.2));
    double sunRadius = r.nextDouble(0.05, 0.09);
    boolean trees = words.trees || (land == Landform.HILLS && r.nextDouble() < 0.45);
    boolean clouds = mood != Mood.MIST && r.nextDouble() < 0.7;
    return new Scene(mood, land, skyTop, skyHorizon, sun, far, mid, near, accent, horizon, sunX, sunY,
        sunRadius, trees, clouds, words.snow, r.nextLong());
  }

  /**
   * A scene whose sky and land take the colours of an existing picture, with its horizon where the
   * picture's seems to be: new content for borders and repainted regions that does not clash with
   * what is already there.
   */
  public static Scene matching(long seed, ImageFacts facts) {
    SplittableRandom r = new SplittableRandom(Seeds.mix(seed, "matching"));
    double luma = facts.meanLuma();
    Mood mood = luma < 60 ? Mood.NIGHT : (luma > 200 ? Mood.MIST : Mood.DAY);
    Landform land = pick(r, new Landform[] {Landform.HILLS, Landform.MOUNTAINS, Landform.SEA, Landform.DUNES},
        40, 25, 20, 15);
    int top = facts.topColor();
    int middle = facts.middleColor();
    int bottom = facts.bottomColor();
    int far = Pixels.lerp(middle, bottom, 0.35);
    int mid = Pixels.lerp(middle, bottom, 0.7);
    int sun = Pixels.lerp(top, 0xFFFFFF, 0.7);
    double horizon = facts.horizon() > 0 ? facts.horizon() : r.nextDouble(0.45, 0.65);
    return new Scene(mood, land, top, middle, sun, far, mid, bottom, Pixels.brighten(middle, 30), horizon,
        r.nextDouble(0.1, 0.9), r.nextDouble(0.1, Math.max(0.12, horizon - 0.15)), r.nextDouble(0.03, 0.06),
        land == Landform.HILLS && r.nextDouble() < 0.5, r.nextDouble() < 0.6, false, r.nextLong());
  }

  static int hsb(double hueDegrees, double saturation, double brightness) {
    double h = ((hueDegrees % 360) + 360) % 360 / 360.0;
    return Color.HSBtoRGB((float) h, (float) Pixels.clamp01(saturation), (float) Pixels.clamp01(brightness)) & 0xFFFFFF;
  }

  /** Moves hue a toward hue b by t along the shorter way round the colour wheel. */
  static double mixHue(double a, double b, double t) {
    double d = ((b - a) % 360 + 540) % 360 - 180;
    return a + d * t;
  }

  private static double defaultLandHue(SplittableRandom r, Landform land) {
    return switch (land) {
      case DUNES -> r.nextDouble(25, 45);
      case CITY -> r.nextDouble(200, 260);
      case MOUNTAINS -> r.nextDouble() < 0.5 ? r.nextDouble(90, 150) : r.nextDouble(200, 250);
      default -> r.nextDouble() < 0.75 ? r.nextDouble(80, 150) : r.nextDouble(20, 45);
    };
  }

  private static <T> T pick(SplittableRandom r, T[] values, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }
}
