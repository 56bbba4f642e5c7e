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
  // Phones autocorrect "--" into an em dash; Midjourney accepts both, so do we.
  private static final Pattern FLAG = Pattern.compile("(?:--|\u2014)(\\p{L}\\S*)");
  private static final Pattern IMAGE_URL = Pattern.compile("(?i)https?://\\S+");

  private PromptTokens() {}

  static List<String> split(String prompt) {
    return Arrays.stream(WHITESPACE.split(prompt)).filter(t -> !t.isEmpty()).toList();
  }

  /** The lower-cased flag name without its dashes ({@code "ar"} for {@code "--AR"}); empty for other tokens. */
  static Optional<String> flagName(String token) {
    Matcher m = FLAG.matcher(token);
    return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  static boolean isFlag(String token) {
    return FLAG.matcher(token).matches();
  }

  static boolean isImageUrl(String token) {
    return IMAGE_URL.matcher(token).matches();
  }
}
