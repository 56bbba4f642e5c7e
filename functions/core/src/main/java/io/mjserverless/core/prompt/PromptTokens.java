package io.mjserverless.core.prompt;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a prompt into whitespace-separated tokens and recognises flag and image-URL tokens. */
final class PromptTokens {
  // Unicode whitespace, so a no-break or ideographic space typed on a phone still separates words.
  private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  // "--name" is always a flag. Phones autocorrect "--" into an em dash (some keyboards into an en dash,
  // Chinese input methods into two em dashes), which Midjourney reads as "--"; so do we, but only before
  // a parameter name we know, so that a dash written as punctuation ("a storm —unnamed") stays text.
  private static final Pattern FLAG = Pattern.compile("(--|\u2014\u2014|\u2014|\u2013)(\\p{L}\\S*)");
  private static final Pattern IMAGE_URL = Pattern.compile("(?i)https?://\\S+");

  private PromptTokens() {}

  static List<String> split(String prompt) {
    return Arrays.stream(WHITESPACE.split(prompt)).filter(t -> !t.isEmpty()).toList();
  }

  /**
   * The lower-cased flag name without its dashes ({@code "ar"} for {@code "--AR"} or {@code "\u2014ar"});
   * empty for other tokens. A name after "--" may be one Midjourney does not know (the parser refuses it).
   */
  static Optional<String> flagName(String token) {
    Matcher m = FLAG.matcher(token);
    if (!m.matches()) {
      return Optional.empty();
    }
    String name = m.group(2).toLowerCase(Locale.ROOT);
    return m.group(1).equals("--") || PromptFlag.byName(name).isPresent() ? Optional.of(name) : Optional.empty();
  }

  static boolean isFlag(String token) {
    return flagName(token).isPresent();
  }

  /** A flag token written with "--" whatever dash the client typed ({@code "\u2014ar"} → {@code "--ar"}). */
  static String withDoubleHyphen(String token) {
    Matcher m = FLAG.matcher(token);
    return m.matches() && isFlag(token) ? "--" + m.group(2) : token;
  }

  static boolean isImageUrl(String token) {
    return IMAGE_URL.matcher(token).matches();
  }
}
