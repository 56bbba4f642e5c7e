package io.mjserverless.core.engine.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * /shorten: weighs each word of a prompt and writes five shorter prompts, in API.md's format:
 * <pre>
 * ## Important tokens
 * a ~~very~~ **cat** ...
 * ## Shortened prompts
 * 1️⃣ ...
 *
 * 2️⃣ ...   (five in all)
 * </pre>
 * Without a language model the weights come from word lists and English word order: stop words and
 * praise that adds nothing ("very", "beautiful", "8k") weigh least and are struck through; colours,
 * styles, common subjects, proper names and the head noun of each phrase (the last word before a comma
 * or a preposition: "portrait of a woman") weigh most and are bold; other words sit between, earlier
 * ones a little heavier because Midjourney gives early words more influence. The shortened prompts keep
 * the heaviest words in their original order, from most to least complete, each followed by the
 * original {@code --parameters}.
 */
public final class PromptShortener {
  static final double BOLD = 0.8;
  static final double STRUCK = 0.2;
  /** Head nouns weigh about as much as the listed subjects and styles: they are what the phrase is about. */
  private static final double HEAD_NOUN = 0.88;

  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "of", "and", "or", "but", "with", "without", "in", "on", "at", "to", "for", "from", "by",
      "into", "onto", "over", "under", "above", "below", "behind", "near", "between", "through", "across",
      "around", "against", "along", "among", "upon", "within", "as", "is", "are", "was", "were", "be", "been",
      "being", "it", "its", "this", "that", "these", "those", "there", "their", "his", "her", "my", "your",
      "our", "some", "any", "each", "while", "which", "who", "whose", "has", "have", "having", "very", "so",
      "too", "also", "just", "then", "than", "like");
  private static final Set<String> PREPOSITIONS = Set.of(
      "of", "with", "without", "in", "on", "at", "to", "for", "from", "by", "into", "onto", "over", "under",
      "above", "below", "behind", "near", "between", "through", "across", "around", "against", "along",
      "among", "upon", "within", "and", "or", "while");
  private static final Set<String> FILLER = Set.of(
      "very", "extremely", "really", "incredibly", "insanely", "super", "ultra", "highly", "hyper", "quite",
      "beautiful", "beautifully", "gorgeous", "stunning", "amazing", "awesome", "wonderful", "lovely", "nice",
      "pretty", "perfect", "fantastic", "incredible", "magnificent", "breathtaking", "epic", "best",
      "detailed", "intricate", "intricately", "quality", "masterpiece", "resolution", "high", "hd", "uhd",
      "hdr", "sharp", "focus", "trending", "artstation", "award", "winning", "professional", "featured",
      "popular", "good", "great", "fine", "realistic", "lifelike");
  private static final Set<String> IMPORTANT = Set.of(
      // colours
      "red", "crimson", "scarlet", "orange", "amber", "gold", "golden", "yellow", "lime", "green", "emerald",
      "teal", "turquoise", "cyan", "aqua", "blue", "azure", "navy", "indigo", "violet", "purple", "lavender",
      "magenta", "pink", "rose", "brown", "beige", "black", "white", "gray", "grey", "silver", "pastel", "neon",
      "monochrome",
      // styles and media
      "watercolor", "watercolour", "oil", "acrylic", "painting", "illustration", "photograph", "photo",
      "photography", "anime", "manga", "cartoon", "sketch", "drawing", "render", "3d", "isometric", "pixel",
      "cyberpunk", "steampunk", "solarpunk", "vaporwave", "synthwave", "surreal", "surrealism",
      "impressionist", "impressionism", "expressionist", "baroque", "renaissance", "gothic", "minimalist",
      "minimalism", "abstract", "noir", "cinematic", "portrait", "landscape", "macro", "ukiyo", "lowpoly",
      "origami", "claymation", "photorealistic", "hyperrealistic", "vintage", "retro", "futuristic",
      "fantasy", "sci", "fi",
      // common subjects
      "cat", "dog", "fox", "wolf", "horse", "bird", "owl", "dragon", "robot", "woman", "man", "girl", "boy",
      "child", "astronaut", "knight", "warrior", "wizard", "witch", "queen", "king", "city", "street",
      "forest", "ocean", "sea", "beach", "mountain", "mountains", "desert", "river", "lake", "island",
      "castle", "temple", "house", "tower", "bridge", "car", "ship", "boat", "train", "spaceship", "planet",
      "moon", "sun", "sunset", "sunrise", "night", "sky", "clouds", "storm", "rain", "snow", "flower",
      "flowers", "tree", "trees", "garden", "face", "eyes", "skull", "butterfly", "whale", "tiger", "lion");

  /** Nouns that frame a subject ("portrait of a woman"): never the subject themselves. */
  private static final Set<String> FRAMES = Set.of(
      "portrait", "painting", "photo", "photograph", "illustration", "drawing", "sketch", "picture", "image",
      "render", "closeup", "view", "shot", "scene", "style", "art", "artwork", "poster", "wallpaper");

  private PromptShortener() {}

  /** One word of the prompt: as written, the phrase it belongs to, and its weight. */
  private record Token(String text, int phrase, int position, double weight) {}

  public static String shorten(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("prompt is required");
    }
    String[] parts = splitParameters(prompt.trim());
    String prefix = parts[0];
    String text = parts[1];
    String params = parts[2];
    List<Token> tokens = weigh(text);

    StringBuilder important = new StringBuilder();
    if (!prefix.isEmpty()) {
      important.append(prefix).append(' ');
    }
    important.append(render(tokens, t -> t.weight() >= BOLD ? "**" + t.text() + "**"
        : (t.weight() < STRUCK ? "~~" + t.text() + "~~" : t.text()), t -> true));
    if (!params.isEmpty()) {
      important.append(' ').append(params);
    }
    return "## Important tokens\n" + important.toString().trim() + "\n## Shortened prompts\n"
        + Keycaps.numbered(shortened(tokens, prefix, params, prompt.trim()));
  }

  /** The five shortened prompts alone, most complete first. */
  public static List<String> shortenedPrompts(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("prompt is required");
    }
    String[] parts = splitParameters(prompt.trim());
    return shortened(weigh(parts[1]), parts[0], parts[2], prompt.trim());
  }

  private static List<String> shortened(List<Token> tokens, String prefix, String params, String original) {
    List<Token> content = new ArrayList<>();
    for (Token t : tokens) {
      if (t.weight() >= STRUCK) {
        content.add(t);
      }
    }
    List<Token> ranked = new ArrayList<>(content);
    ranked.sort(Comparator.comparingDouble(Token::weight).reversed().thenComparingInt(Token::position));
    int c = content.size();
    // The most complete keeps every unstruck word, or drops one when nothing was struck.
    int first = c == tokens.size() ? c - 1 : c;
    Set<String> distinct = new LinkedHashSet<>();
    double[] fractions = {1.0, 0.78, 0.6, 0.44, 0.3};
    int previous = Integer.MAX_VALUE;
    for (double f : fractions) {
      int k = Math.min(first, Math.min(previous - 1, (int) Math.round(first * f)));
      if (k < 1) {
        break;
      }
      distinct.add(compose(prefix, ranked.subList(0, k), params));
      previous = k;
    }
    // Few words: add the other subsets of the same sizes (leaving out a different word) before repeating.
    for (int k = Math.max(1, first); k >= 1 && distinct.size() < 5; k--) {
      for (int skip = 0; skip < ranked.size() && distinct.size() < 5; skip++) {
        if (k >= ranked.size()) {
          continue;
        }
        List<Token> subset = new ArrayList<>(ranked.subList(0, k + 1));
        subset.remove(Math.min(skip, k));
        String candidate = compose(prefix, subset, params);
        if (candidate.length() < original.length()) {
          distinct.add(candidate);
        }
      }
    }
    List<String> out = new ArrayList<>(distinct);
    if (out.isEmpty()) {
      out.add(original); // a one-word prompt cannot get shorter
    }
    out.sort(Comparator.comparingInt(String::length).reversed());
    while (out.size() < 5) {
      out.add(out.get(out.size() - 1));
    }
    return out.subList(0, 5);
  }

  /** The kept words in prompt order, phrases joined by commas as they were. */
  private static String compose(String prefix, List<Token> kept, String params) {
    List<Token> ordered = new ArrayList<>(kept);
    ordered.sort(Comparator.comparingInt(Token::position));
    String body = render(ordered, Token::text, t -> true);
    StringBuilder sb = new StringBuilder();
    if (!prefix.isEmpty()) {
      sb.append(prefix).append(' ');
    }
    sb.append(body);
    if (!params.isEmpty()) {
      sb.append(' ').append(params);
    }
    return sb.toString().trim();
  }

  private static String render(List<Token> tokens, java.util.function.Function<Token, String> form,
      java.util.function.Predicate<Token> keep) {
    StringBuilder sb = new StringBuilder();
    int phrase = -1;
    for (Token t : tokens) {
      if (!keep.test(t)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(t.phrase() != phrase ? ", " : " ");
      }
      sb.append(form.apply(t));
      phrase = t.phrase();
    }
    return sb.toString();
  }

  /** Splits a prompt into leading image URLs, the text, and the trailing parameters (from the first --flag). */
  static String[] splitParameters(String prompt) {
    String[] words = prompt.split("\\s+");
    StringBuilder prefix = new StringBuilder();
    int i = 0;
    while (i < words.length && (words[i].startsWith("http://") || words[i].startsWith("https://"))) {
      prefix.append(prefix.length() > 0 ? " " : "").append(words[i++]);
    }
    StringBuilder text = new StringBuilder();
    while (i < words.length && !isFlag(words[i])) {
      text.append(text.length() > 0 ? " " : "").append(words[i++]);
    }
    StringBuilder params = new StringBuilder();
    while (i < words.length) {
      params.append(params.length() > 0 ? " " : "").append(words[i++]);
    }
    return new String[] {prefix.toString(), text.toString(), params.toString()};
  }

  private static boolean isFlag(String word) {
    // Phones turn "--" into an em dash, and Midjourney accepts "—ar" too.
    return (word.startsWith("--") || word.startsWith("\u2014")) && word.length() > 2;
  }

  private static List<Token> weigh(String text) {
    List<String[]> phrases = new ArrayList<>();
    for (String phrase : text.split("[,;]|\\.(\\s|$)|::")) {
      String trimmed = phrase.trim();
      if (!trimmed.isEmpty()) {
        phrases.add(trimmed.split("\\s+"));
      }
    }
    int total = 0;
    for (String[] p : phrases) {
      total += p.length;
    }
    List<Token> tokens = new ArrayList<>(total);
    int position = 0;
    boolean subjectSeen = false;
    for (int pi = 0; pi < phrases.size(); pi++) {
      String[] words = phrases.get(pi);
      for (int wi = 0; wi < words.length; wi++) {
        String next = wi + 1 < words.length ? bare(words[wi + 1]) : null;
        double weight = weight(words[wi], position, total, next, position == 0);
        if (!subjectSeen && weight >= HEAD_NOUN && isHeadNoun(words[wi], next) && !FRAMES.contains(bare(words[wi]))) {
          // The first head noun is the prompt's subject: it should survive every shortening.
          weight += 0.15;
          subjectSeen = true;
        }
        tokens.add(new Token(words[wi], pi, position, weight));
        position++;
      }
    }
    return tokens;
  }

  private static boolean isHeadNoun(String word, String next) {
    String w = bare(word);
    return (next == null || PREPOSITIONS.contains(next)) && !looksAdjective(w) && !STOP.contains(w)
        && !FILLER.contains(w);
  }

  private static double weight(String word, int position, int total, String next, boolean first) {
    String w = bare(word);
    if (w.isEmpty()) {
      return 0.1;
    }
    if (STOP.contains(w)) {
      return FILLER.contains(w) ? 0.1 : 0.0;
    }
    if (FILLER.contains(w) || w.matches("\\d+k")) {
      return 0.1;
    }
    double order = 0.1 * (1 - (double) position / Math.max(1, total));
    if (IMPORTANT.contains(w) || IMPORTANT.contains(w.replaceAll("s$", ""))) {
      return 0.9 + order;
    }
    if (!first && Character.isUpperCase(word.charAt(0))) {
      return 0.85 + order; // a name: "Tokyo", "Van Gogh"
    }
    if (w.endsWith("ly") && w.length() > 4) {
      return 0.25 + order;
    }
    if (isHeadNoun(word, next)) {
      return HEAD_NOUN + order;
    }
    return 0.5 + order;
  }

  private static boolean looksAdjective(String w) {
    return w.endsWith("ful") || w.endsWith("ous") || w.endsWith("ive") || w.endsWith("ic") || w.endsWith("ed")
        || w.endsWith("ing") || w.endsWith("ish") || w.endsWith("less") || w.endsWith("able");
  }

  private static String bare(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
  }
}
