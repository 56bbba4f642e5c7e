package io.mjserverless.core.engine.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the words of a prompt ask of a simulated picture: a colour ("red", "ocean"), a time of day
 * ("sunset"), a kind of land ("mountains"), trees, snow. Only a small vocabulary is understood; it is
 * enough that "a red fox in a snowy forest at sunset" looks different from "blue ocean at night".
 */
final class SceneWords {
  /** Hues in degrees of words that name or strongly imply a colour. */
  private static final Map<String, Integer> HUES = Map.ofEntries(
      Map.entry("red", 0), Map.entry("crimson", 350), Map.entry("scarlet", 5), Map.entry("ruby", 348),
      Map.entry("fire", 15), Map.entry("lava", 10), Map.entry("rust", 18), Map.entry("autumn", 28),
      Map.entry("orange", 30), Map.entry("amber", 40), Map.entry("copper", 25), Map.entry("gold", 45),
      Map.entry("golden", 45), Map.entry("yellow", 55), Map.entry("lemon", 58), Map.entry("sand", 38),
      Map.entry("desert", 35), Map.entry("lime", 90), Map.entry("spring", 100), Map.entry("green", 120),
      Map.entry("forest", 130), Map.entry("jungle", 125), Map.entry("emerald", 145), Map.entry("jade", 150),
      Map.entry("mint", 155), Map.entry("teal", 175), Map.entry("turquoise", 172), Map.entry("cyan", 185),
      Map.entry("aqua", 185), Map.entry("ice", 195), Map.entry("ocean", 200), Map.entry("sea", 205),
      Map.entry("azure", 205), Map.entry("sky", 208), Map.entry("blue", 220), Map.entry("sapphire", 225),
      Map.entry("cobalt", 222), Map.entry("navy", 230), Map.entry("indigo", 250), Map.entry("violet", 270),
      Map.entry("lavender", 268), Map.entry("purple", 280), Map.entry("amethyst", 285),
      Map.entry("magenta", 310), Map.entry("fuchsia", 315), Map.entry("pink", 330), Map.entry("rose", 340),
      Map.entry("cherry", 345), Map.entry("sakura", 335));

  private static final Map<String, Scene.Mood> MOODS = Map.ofEntries(
      Map.entry("sunset", Scene.Mood.SUNSET), Map.entry("dusk", Scene.Mood.SUNSET),
      Map.entry("evening", Scene.Mood.SUNSET), Map.entry("twilight", Scene.Mood.SUNSET),
      Map.entry("night", Scene.Mood.NIGHT), Map.entry("midnight", Scene.Mood.NIGHT),
      Map.entry("moon", Scene.Mood.NIGHT), Map.entry("moonlit", Scene.Mood.NIGHT),
      Map.entry("moonlight", Scene.Mood.NIGHT), Map.entry("star", Scene.Mood.NIGHT),
      Map.entry("starry", Scene.Mood.NIGHT), Map.entry("galaxy", Scene.Mood.NIGHT),
      Map.entry("dark", Scene.Mood.NIGHT), Map.entry("dawn", Scene.Mood.DAWN),
      Map.entry("sunrise", Scene.Mood.DAWN), Map.entry("morning", Scene.Mood.DAWN),
      Map.entry("fog", Scene.Mood.MIST), Map.entry("foggy", Scene.Mood.MIST),
      Map.entry("mist", Scene.Mood.MIST), Map.entry("misty", Scene.Mood.MIST),
      Map.entry("haze", Scene.Mood.MIST), Map.entry("hazy", Scene.Mood.MIST),
      Map.entry("rain", Scene.Mood.MIST), Map.entry("rainy", Scene.Mood.MIST),
      Map.entry("day", Scene.Mood.DAY), Map.entry("noon", Scene.Mood.DAY),
      Map.entry("sunny", Scene.Mood.DAY), Map.entry("summer", Scene.Mood.DAY));

  private static final Map<String, Scene.Landform> LANDFORMS = Map.ofEntries(
      Map.entry("ocean", Scene.Landform.SEA), Map.entry("sea", Scene.Landform.SEA),
      Map.entry("beach", Scene.Landform.SEA), Map.entry("wave", Scene.Landform.SEA),
      Map.entry("lake", Scene.Landform.SEA), Map.entry("coast", Scene.Landform.SEA),
      Map.entry("island", Scene.Landform.SEA), Map.entry("shore", Scene.Landform.SEA),
      Map.entry("water", Scene.Landform.SEA), Map.entry("river", Scene.Landform.SEA),
      Map.entry("mountain", Scene.Landform.MOUNTAINS), Map.entry("peak", Scene.Landform.MOUNTAINS),
      Map.entry("alps", Scene.Landform.MOUNTAINS), Map.entry("cliff", Scene.Landform.MOUNTAINS),
      Map.entry("volcano", Scene.Landform.MOUNTAINS), Map.entry("desert", Scene.Landform.DUNES),
      Map.entry("dune", Scene.Landform.DUNES), Map.entry("sand", Scene.Landform.DUNES),
      Map.entry("sahara", Scene.Landform.DUNES), Map.entry("city", Scene.Landform.CITY),
      Map.entry("skyline", Scene.Landform.CITY), Map.entry("street", Scene.Landform.CITY),
      Map.entry("urban", Scene.Landform.CITY), Map.entry("cyberpunk", Scene.Landform.CITY),
      Map.entry("building", Scene.Landform.CITY), Map.entry("town", Scene.Landform.CITY),
      Map.entry("metropolis", Scene.Landform.CITY), Map.entry("hill", Scene.Landform.HILLS),
      Map.entry("meadow", Scene.Landform.HILLS), Map.entry("field", Scene.Landform.HILLS),
      Map.entry("valley", Scene.Landform.HILLS), Map.entry("forest", Scene.Landform.HILLS));

  private static final Set<String> TREES = Set.of("forest", "tree", "wood", "woods", "jungle", "garden", "park", "pine", "oak");
  private static final Set<String> SNOW = Set.of("snow", "snowy", "winter", "ice", "icy", "frozen", "arctic");
  private static final Set<String> GREYSCALE = Set.of("monochrome", "noir", "grayscale", "greyscale");
  private static final Set<String> PASTEL = Set.of("pastel", "soft", "dreamy", "pale");
  private static final Set<String> VIVID = Set.of("neon", "vivid", "vibrant", "saturated", "psychedelic");

  /** Hues named by the prompt, in order of appearance (first = key colour, second = accent). */
  final List<Integer> hues = new ArrayList<>();
  Scene.Mood mood;
  Scene.Landform landform;
  boolean trees;
  boolean snow;
  /** Multiplies every saturation: 0 for monochrome, below 1 for pastel, above 1 for neon. */
  double saturation = 1.0;
  double brightnessBoost = 0.0;

  static SceneWords of(String prompt) {
    SceneWords w = new SceneWords();
    String text = prompt == null ? "" : prompt.toLowerCase(Locale.ROOT);
    int flags = text.indexOf(" --");
    if (flags >= 0) {
      text = text.substring(0, flags); // parameters are not words of the picture
    }
    if (text.contains("black and white")) {
      w.saturation = 0;
    }
    for (String raw : text.split("[^a-z]+")) {
      if (raw.isEmpty()) {
        continue;
      }
      String word = singular(raw);
      Integer hue = HUES.containsKey(raw) ? HUES.get(raw) : HUES.get(word);
      if (hue != null && !w.hues.contains(hue)) {
        w.hues.add(hue);
      }
      Scene.Mood m = MOODS.containsKey(raw) ? MOODS.get(raw) : MOODS.get(word);
      if (m != null && w.mood == null) {
        w.mood = m;
      }
      Scene.Landform l = LANDFORMS.containsKey(raw) ? LANDFORMS.get(raw) : LANDFORMS.get(word);
      if (l != null && w.landform == null) {
        w.landform = l;
      }
      w.trees |= TREES.contains(word) || TREES.contains(raw);
      w.snow |= SNOW.contains(raw) || SNOW.contains(word);
      if (GREYSCALE.contains(raw)) {
        w.saturation = 0;
      } else if (PASTEL.contains(raw) && w.saturation > 0) {
        w.saturation = 0.55;
        w.brightnessBoost = 0.12;
      } else if (VIVID.contains(raw) && w.saturation > 0) {
        w.saturation = 1.3;
      }
    }
    return w;
  }

  private static String singular(String word) {
    if (word.length() > 3 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
