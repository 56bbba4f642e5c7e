package io.mjserverless.core.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the numbered prompt lists of describe and shorten results: entries that start
 * with a keycap emoji (1️⃣ 2️⃣ ...) separated by blank lines. PicReader and PromptAnalyzer buttons pick
 * entry n from such a list.
 */
public final class NumberedPrompts {
  private static final String KEYCAP = "\uFE0F\u20E3";

  private NumberedPrompts() {}

  public static String keycap(int n) {
    return n + KEYCAP;
  }

  /** Joins prompts as {@code "1️⃣ a\n\n2️⃣ b"}. */
  public static String format(List<String> prompts) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      parts.add(keycap(i + 1) + " " + prompts.get(i));
    }
    return String.join("\n\n", parts);
  }

  /** Entry n (1-based) of a numbered list, searched after {@code afterHeading} when that is given. */
  public static Optional<String> entry(String text, int n, String afterHeading) {
    if (text == null) {
      return Optional.empty();
    }
    String body = text;
    if (afterHeading != null) {
      int at = text.indexOf(afterHeading);
      if (at < 0) {
        return Optional.empty();
      }
      body = text.substring(at + afterHeading.length());
    }
    for (String line : body.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith(keycap(n))) {
        String value = trimmed.substring(keycap(n).length()).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
