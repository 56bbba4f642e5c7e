package io.mjserverless.core.engine.discord;

import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token that ties an imagine to its messages (reference §3.2-1): ten random digits in brackets, placed
 * after the prompt's leading image links (Midjourney wants those first). Midjourney echoes it in every
 * message of the job; clients never see it ({@link #strip}).
 */
final class Markers {
  private static final Pattern LEADING_LINKS = Pattern.compile("^((?:<?https?://\\S+>?\\s+)*)(.*)$", Pattern.DOTALL);

  private Markers() {}

  static String next(SecureRandom random) {
    return "[" + (1_000_000_000L + Math.floorMod(random.nextLong(), 9_000_000_000L)) + "]";
  }

  static String insert(String prompt, String marker) {
    Matcher m = LEADING_LINKS.matcher(prompt);
    if (!m.matches()) {
      return marker + " " + prompt;
    }
    return (m.group(1) + marker + " " + m.group(2)).strip();
  }

  /**
   * The prompt without markers, however Midjourney escaped their brackets: the job's own, and any other (a
   * button's answer echoes the marker of the imagine it descends from).
   */
  static String strip(String echoed, String marker) {
    String digits = marker == null ? "" : marker.replaceAll("\\D", "");
    String out = digits.length() != 10 ? echoed : echoed.replaceAll("\\\\?\\[?" + digits + "\\\\?\\]?\\s*", "");
    return out.replaceAll("\\\\?\\[\\d{10}\\\\?\\]\\s*", "").replaceAll("\\s{2,}", " ").strip();
  }
}
