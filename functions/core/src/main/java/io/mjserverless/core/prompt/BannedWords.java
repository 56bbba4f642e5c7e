package io.mjserverless.core.prompt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Words a prompt must not contain (answered with envelope code 24). Matching is whole-word and
 * case-insensitive: a boundary is where a letter or digit meets anything else, so "grass" never trips
 * "ass". A phrase matches with any run of whitespace between its words. All words are compiled into one
 * pattern up front, so a check is a single scan of the prompt however long the list is.
 */
public final class BannedWords {
  /** The list shipped in the jar; deployments may replace it through {@link #fromFile(Path)}. */
  public static final String DEFAULT_RESOURCE = "/banned-words.txt";

  // Marks (accents written as separate code points) belong to the letter before them.
  private static final String WORD_CHAR = "[\\p{L}\\p{M}\\p{N}]";
  private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final List<String> words;
  private final Pattern pattern;

  private BannedWords(List<String> words) {
    this.words = words;
    this.pattern = words.isEmpty() ? null : compile(words);
  }

  /** The bundled list; loaded once per process, since a Lambda container serves many requests. */
  public static BannedWords defaults() {
    return Defaults.INSTANCE;
  }

  /** A list of words or phrases; blank entries are skipped, case and repeated spaces do not matter. */
  public static BannedWords of(Collection<String> words) {
    Set<String> normalised = new LinkedHashSet<>();
    for (String w : words) {
      String n = SPACES.matcher(w).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
      if (!n.isEmpty()) {
        normalised.add(n);
      }
    }
    return new BannedWords(List.copyOf(normalised));
  }

  /** A UTF-8 file with one word or phrase per line; {@code #} starts a comment. */
  public static BannedWords fromFile(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return fromLines(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read banned words from " + file, e);
    }
  }

  /** The normalised entries (lower case, single spaces), in list order. */
  public List<String> words() {
    return words;
  }

  /** The earliest banned word or phrase in the text, as written there (original case and spacing). */
  public Optional<String> firstMatch(String text) {
    if (pattern == null || text == null) {
      return Optional.empty();
    }
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  private static Pattern compile(List<String> words) {
    // Longest first, so a phrase is reported whole when one of its words is listed too.
    String alternatives = words.stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .map(w -> List.of(w.split(" ")).stream().map(Pattern::quote).collect(Collectors.joining("\\s+")))
        .collect(Collectors.joining("|"));
    return Pattern.compile("(?<!" + WORD_CHAR + ")(?:" + alternatives + ")(?!" + WORD_CHAR + ")",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
  }

  private static BannedWords fromLines(BufferedReader reader) throws IOException {
    List<String> entries = reader.lines()
        .map(line -> {
          int hash = line.indexOf('#');
          return hash < 0 ? line : line.substring(0, hash);
        })
        .toList();
    return of(entries);
  }

  private static final class Defaults {
    static final BannedWords INSTANCE = load();

    private static BannedWords load() {
      InputStream in = BannedWords.class.getResourceAsStream(DEFAULT_RESOURCE);
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
      }
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return fromLines(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
      }
    }
  }
}
