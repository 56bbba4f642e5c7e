package io.mjserverless.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BannedWordsTest {
  private static final BannedWords DEFAULTS = BannedWords.defaults();

  @Test
  void defaultsLoadAndAreNonEmpty() {
    assertTrue(DEFAULTS.words().size() >= 60, "only " + DEFAULTS.words().size() + " words");
    assertTrue(DEFAULTS.words().contains("nude"));
    assertTrue(DEFAULTS.words().contains("sexual assault"));
    assertFalse(DEFAULTS.words().stream().anyMatch(w -> w.startsWith("#") || w.isBlank()));
    assertSame(DEFAULTS, BannedWords.defaults());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nude woman on a beach           | nude",
      "a NUDE marble statue            | NUDE",
      "portrait of a Naked man         | Naked",
      "Oil painting, nude              | nude",
      "nude, soft light                | nude",
      "a battlefield (gore) at dusk    | gore",
      "\"gore\"                        | gore",
      "so much gore.                   | gore",
      "[hentai]style                   | hentai",
      "zombie/gore/horror              | gore",
      "a scene -- gore --ar 16:9       | gore",
      "«nude» study                    | nude",
      "nude_photo                      | nude"})
  void findsWordsInAnyCaseAndPosition(String text, String expected) {
    assertEquals(Optional.of(expected), DEFAULTS.firstMatch(text));
  }

  @Test
  void findsPhrasesAcrossAnyWhitespace() {
    assertEquals(Optional.of("Sexual \t  Assault"), DEFAULTS.firstMatch("a scene of Sexual \t  Assault, dark"));
    assertEquals(Optional.of("snuff\nfilm"), DEFAULTS.firstMatch("an old snuff\nfilm poster"));
    assertEquals(Optional.of("blow\u00a0job"), DEFAULTS.firstMatch("blow\u00a0job"));
  }

  @Test
  void phraseWordsAloneDoNotMatch() {
    assertEquals(Optional.empty(), DEFAULTS.firstMatch("a sexual health poster about assault prevention"));
    assertEquals(Optional.empty(), DEFAULTS.firstMatch("a severed rope, a head of lettuce"));
    assertEquals(Optional.empty(), DEFAULTS.firstMatch("blow-job"));
  }

  @Test
  void returnsTheEarliestMatch() {
    assertEquals(Optional.of("Gore"), DEFAULTS.firstMatch("Gore and nudity everywhere"));
    assertEquals(Optional.of("nudity"), DEFAULTS.firstMatch("nudity and gore everywhere"));
  }

  @Test
  void reportsAWholePhraseOverItsListedWord() {
    BannedWords words = BannedWords.of(List.of("porn", "torture porn"));

    assertEquals(Optional.of("Torture  Porn"), words.firstMatch("a Torture  Porn poster"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a field of grass", "a class photo", "a bass guitar", "an assassin in the night", "Scunthorpe United",
      "passage to india", "a grape harvest", "drapes and curtains", "a therapist's office", "Al Goreham",
      "gorest", "nudes2", "2nude", "nudeé", "nude\u0301", "Ünude", "жgore"})
  void wordsInsideOtherWordsDoNotMatch(String text) {
    BannedWords words = BannedWords.of(List.of("ass", "cunt", "rape", "rapist", "gore", "nude", "nudes"));

    assertEquals(Optional.empty(), words.firstMatch(text));
    assertEquals(Optional.empty(), DEFAULTS.firstMatch(text));
  }

  @Test
  void ordinaryArtPromptsPass() {
    assertEquals(Optional.empty(), DEFAULTS.firstMatch(
        "a blood orange on a kitchen table, chicken breast, a rooster at dawn, cinematic --ar 16:9 --v 6"));
  }

  @Test
  void customListViaOf() {
    BannedWords words = BannedWords.of(List.of("Dragon", "  ", "red   panda", "dragon"));

    assertEquals(List.of("dragon", "red panda"), words.words());
    assertEquals(Optional.of("DRAGON"), words.firstMatch("A DRAGON flies"));
    assertEquals(Optional.of("Red Panda"), words.firstMatch("a cute Red Panda"));
    assertEquals(Optional.empty(), words.firstMatch("dragonfly and a red pandas"));
    assertEquals(Optional.empty(), words.firstMatch("a nude dragonfly"));
  }

  @Test
  void entriesWithPunctuationAreLiteral() {
    BannedWords words = BannedWords.of(List.of("a.b", "c+d"));

    assertEquals(Optional.of("A.B"), words.firstMatch("x A.B y"));
    assertEquals(Optional.of("c+d"), words.firstMatch("(c+d)"));
    assertEquals(Optional.empty(), words.firstMatch("axb cd"));
  }

  @Test
  void emptyListAndNullTextNeverMatch() {
    assertEquals(Optional.empty(), BannedWords.of(List.of()).firstMatch("nude gore"));
    assertEquals(Optional.empty(), DEFAULTS.firstMatch(null));
    assertEquals(Optional.empty(), DEFAULTS.firstMatch(""));
  }

  @Test
  void fromFileReadsWordsPhrasesAndComments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("banned.txt");
    Files.writeString(file, String.join("\n",
        "# our own list",
        "",
        "Kraken",
        "  sea   monster  ",
        "squid # trailing comment",
        "   # indented comment",
        "żółw"), StandardCharsets.UTF_8);

    BannedWords words = BannedWords.fromFile(file);

    assertEquals(List.of("kraken", "sea monster", "squid", "żółw"), words.words());
    assertEquals(Optional.of("kraken"), words.firstMatch("release the kraken!"));
    assertEquals(Optional.of("Sea Monster"), words.firstMatch("a Sea Monster rises"));
    assertEquals(Optional.of("squid"), words.firstMatch("giant squid"));
    assertEquals(Optional.of("ŻÓŁW"), words.firstMatch("ŻÓŁW na plaży"));
    assertEquals(Optional.empty(), words.firstMatch("a nude statue"));
    assertEquals(Optional.empty(), words.firstMatch("squids and żółwie"));
  }

  @Test
  void fromMissingFileFails(@TempDir Path dir) {
    assertThrows(UncheckedIOException.class, () -> BannedWords.fromFile(dir.resolve("absent.txt")));
  }

  @Test
  void aLongListStillFindsItsLastWord() {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      list.add("word" + i);
    }
    BannedWords words = BannedWords.of(list);
    String text = "lorem ipsum ".repeat(200) + "WORD499";

    assertEquals(Optional.of("WORD499"), words.firstMatch(text));
    assertEquals(Optional.empty(), words.firstMatch(text.replace("WORD499", "word500")));
  }
}
