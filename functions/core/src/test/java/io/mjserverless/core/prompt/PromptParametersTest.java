package io.mjserverless.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.prompt.PromptParameters.AspectRatio;
import io.mjserverless.core.task.Mode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PromptParametersTest {

  @Test
  void parsesEveryFlag() {
    PromptParameters p = PromptParameters.parse(
        "https://img.example/a.png https://img.example/b.jpg a red fox in snow --ar 16:9 --v 6.1 --niji 6"
            + " --stylize 250 --chaos 20 --seed 4294967295 --quality .5 --no trees, dark sky --tile --style raw"
            + " --weird 100 --iw 1.5 --zoom 1.25 --fast");

    assertEquals(List.of("https://img.example/a.png", "https://img.example/b.jpg"), p.imageUrls());
    assertEquals("a red fox in snow", p.text());
    assertEquals(Optional.of(new AspectRatio(16, 9)), p.aspectRatio());
    assertEquals(16, p.aspectRatio().orElseThrow().width());
    assertEquals(9, p.aspectRatio().orElseThrow().height());
    assertEquals(Optional.of("6.1"), p.version());
    assertTrue(p.niji());
    assertEquals(Optional.of("6"), p.nijiVersion());
    assertEquals(Optional.of(250), p.stylize());
    assertEquals(Optional.of(20), p.chaos());
    assertEquals(Optional.of(4_294_967_295L), p.seed());
    assertEquals(Optional.of(0.5), p.quality());
    assertEquals(List.of("trees", "dark sky"), p.no());
    assertTrue(p.tile());
    assertEquals(Optional.of("raw"), p.style());
    assertEquals(Optional.of(100), p.weird());
    assertEquals(Optional.of(1.5), p.imageWeight());
    assertEquals(Optional.of(1.25), p.zoom());
    assertEquals(Optional.of(Mode.FAST), p.mode());
    assertEquals(List.of(), p.otherParameters());
  }

  @Test
  void plainPromptHasNoParameters() {
    PromptParameters p = PromptParameters.parse("  a quiet lake at dawn ");

    assertEquals("a quiet lake at dawn", p.text());
    assertEquals(List.of(), p.imageUrls());
    assertEquals(Optional.empty(), p.aspectRatio());
    assertEquals(Optional.empty(), p.version());
    assertFalse(p.niji());
    assertEquals(Optional.empty(), p.nijiVersion());
    assertEquals(Optional.empty(), p.stylize());
    assertEquals(Optional.empty(), p.chaos());
    assertEquals(Optional.empty(), p.seed());
    assertEquals(Optional.empty(), p.quality());
    assertEquals(List.of(), p.no());
    assertFalse(p.tile());
    assertEquals(Optional.empty(), p.style());
    assertEquals(Optional.empty(), p.weird());
    assertEquals(Optional.empty(), p.imageWeight());
    assertEquals(Optional.empty(), p.zoom());
    assertEquals(Optional.empty(), p.mode());
    assertEquals(List.of(), p.otherParameters());
    assertEquals("  a quiet lake at dawn ", p.prompt());
  }

  @Test
  void aliasesMeanTheSameFlags() {
    PromptParameters p = PromptParameters.parse(
        "cat --aspect 2:3 --version 5.2 --s 100 --c 5 --q 0.25 --w 3000");

    assertEquals(Optional.of(new AspectRatio(2, 3)), p.aspectRatio());
    assertEquals(Optional.of("5.2"), p.version());
    assertEquals(Optional.of(100), p.stylize());
    assertEquals(Optional.of(5), p.chaos());
    assertEquals(Optional.of(0.25), p.quality());
    assertEquals(Optional.of(3000), p.weird());
  }

  @Test
  void flagsAreCaseInsensitive() {
    PromptParameters p = PromptParameters.parse("cat --AR 4:3 --Stylize 10 --STYLE Raw --Relax");

    assertEquals(Optional.of(new AspectRatio(4, 3)), p.aspectRatio());
    assertEquals(Optional.of(10), p.stylize());
    assertEquals(Optional.of("raw"), p.style());
    assertEquals(Optional.of(Mode.RELAX), p.mode());
  }

  @Test
  void emDashCountsAsDoubleHyphen() {
    PromptParameters p = PromptParameters.parse("a cat \u2014ar 16:9 \u2014stylize 50 \u2014turbo \u2014cref https://x.example/c.png");

    assertEquals("a cat", p.text());
    assertEquals(Optional.of(new AspectRatio(16, 9)), p.aspectRatio());
    assertEquals(Optional.of(50), p.stylize());
    assertEquals(Optional.of(Mode.TURBO), p.mode());
    assertEquals(List.of("\u2014cref https://x.example/c.png"), p.otherParameters());
    // Sent upstream with "--", so that an engine or provider that knows only "--" reads the same flags.
    assertEquals("a cat --ar 16:9 --stylize 50 --cref https://x.example/c.png", p.withoutModeFlags());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u2014", "\u2013", "\u2014\u2014", "--"})
  void everyDashAKeyboardMakesOfTwoHyphensStartsAFlag(String dash) {
    PromptParameters p = PromptParameters.parse("a cat " + dash + "ar 16:9 " + dash + "v 7.0 " + dash + "r 2");

    assertEquals("a cat", p.text());
    assertEquals(Optional.of(new AspectRatio(16, 9)), p.aspectRatio());
    assertEquals(Optional.of("7.0"), p.version());
    assertEquals(Optional.of(2), p.repeat());
    assertEquals("a cat --ar 16:9 --v 7.0 --r 2", p.withoutModeFlags());
  }

  @Test
  void aDashBeforeAWordThatIsNoParameterIsPunctuation() {
    PromptParameters p = PromptParameters.parse("a storm \u2014unnamed \u2013 at sea \u2014 1990\u20132000 \u2014\u2014quiet --ar 2:1");

    assertEquals("a storm \u2014unnamed \u2013 at sea \u2014 1990\u20132000 \u2014\u2014quiet", p.text());
    assertEquals(Optional.of(new AspectRatio(2, 1)), p.aspectRatio());
    assertEquals("a storm \u2014unnamed \u2013 at sea \u2014 1990\u20132000 \u2014\u2014quiet --ar 2:1", p.withoutModeFlags());
  }

  @Test
  void emDashFlagErrorsUseTheCanonicalName() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat \u2014s 5000"));

    assertEquals("--stylize", e.field());
    assertEquals("--stylize must be an integer from 0 to 1000, got 5000", e.getMessage());
  }

  @Test
  void emDashInsideTextIsNotAFlag() {
    PromptParameters p = PromptParameters.parse("a cat \u2014 sleeping, black\u2014white");

    assertEquals("a cat \u2014 sleeping, black\u2014white", p.text());
    assertEquals(List.of(), p.otherParameters());
  }

  @Test
  void parametersWePassThroughAreKeptInOrderWithTheirValues() {
    PromptParameters p = PromptParameters.parse(
        "portrait --cref https://x.example/a.png https://x.example/b.png --cw 50 --ar 1:1 --sref 123 456"
            + " --p --stop 50 --repeat 3 --video --draft --sv 4 --Raw in oil");

    assertEquals("portrait in oil", p.text());
    assertEquals(Optional.of(new AspectRatio(1, 1)), p.aspectRatio());
    assertEquals(Optional.of(50), p.characterWeight());
    assertEquals(Optional.of(50), p.stop());
    assertEquals(Optional.of(3), p.repeat());
    assertTrue(p.video());
    assertEquals(List.of(
        "--cref https://x.example/a.png https://x.example/b.png",
        "--sref 123 456",
        "--p",
        "--draft",
        "--sv 4",
        "--Raw"), p.otherParameters());
  }

  /** The parameters of Midjourney's own list, each alias, with a value it accepts: none is refused. */
  @ParameterizedTest
  @ValueSource(strings = {
      "--ar 16:9", "--aspect 16:9", "--c 10", "--chaos 10", "--no trees", "--q 2", "--quality 2", "--seed 7",
      "--sameseed", "--stop 50", "--s 100", "--stylize 100", "--tile", "--iw 1", "--niji", "--niji 6", "--v 7",
      "--version 7", "--style raw", "--weird 5", "--w 5", "--r 4", "--repeat 4", "--sref 123", "--sw 100",
      "--sv 4", "--cref https://x.example/c.png", "--cw 0", "--oref https://x.example/o.png", "--ow 100", "--p",
      "--profile abc", "--personalize", "--draft", "--exp 10", "--raw", "--relax", "--fast", "--turbo", "--video",
      "--hd", "--test", "--testp", "--uplight", "--upbeta", "--upanime", "--zoom 1.5", "--creative", "--motion low",
      "--loop", "--end https://x.example/e.png", "--bs 2", "--public", "--stealth"})
  void everyMidjourneyParameterIsKnown(String parameter) {
    assertEquals(Optional.empty(), PromptParameters.problem("a cat " + parameter));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a cat --xxxx                 | --xxxx  | --xxxx",
      "a cat --XXXX 3               | --xxxx  | --xxxx",
      "a cat --foo 3 --ar 1:1 --bar | --foo   | --foo, --bar",
      "a cat --ar16:9               | --ar16:9 | --ar16:9",
      "a cat \u2014ar 1:1 --imagine  | --imagine | --imagine"})
  void unknownParametersAreRefusedByName(String prompt, String field, String named) {
    ValidationException e = assertThrows(ValidationException.class, () -> PromptParameters.parse(prompt));

    assertEquals(field, e.field());
    assertEquals("Unrecognized parameter(s): " + named, e.getMessage());
    assertEquals(Optional.of(e.getMessage()), PromptParameters.problem(prompt));
  }

  @Test
  void anUnknownNameIsListedOnceAndALongOneShortened() {
    ValidationException twice = assertThrows(ValidationException.class, () -> PromptParameters.parse("a cat --foo --FOO 2"));
    assertEquals("Unrecognized parameter(s): --foo", twice.getMessage());

    String longName = "x".repeat(5000);
    ValidationException tooLong = assertThrows(ValidationException.class, () -> PromptParameters.parse("a cat --" + longName));
    assertEquals("--" + "x".repeat(40) + "...", tooLong.field());
    assertEquals("Unrecognized parameter(s): --" + "x".repeat(40) + "...", tooLong.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"--r 1, 1", "--r 40, 40", "--repeat 12, 12"})
  void repeatBoundsAreInclusive(String flag, int expected) {
    assertEquals(Optional.of(expected), PromptParameters.parse("cat " + flag).repeat());
  }

  @ParameterizedTest
  @CsvSource({"10, 10", "100, 100", "55, 55"})
  void stopBoundsAreInclusive(String value, int expected) {
    assertEquals(Optional.of(expected), PromptParameters.parse("cat --stop " + value).stop());
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "100, 100"})
  void characterWeightBoundsAreInclusive(String value, int expected) {
    assertEquals(Optional.of(expected), PromptParameters.parse("cat --cref https://x.example/c.png --cw " + value).characterWeight());
  }

  @Test
  void videoIsAFlagWithoutValue() {
    PromptParameters p = PromptParameters.parse("a cat --video dancing");

    assertTrue(p.video());
    assertEquals("a cat dancing", p.text());
    assertFalse(PromptParameters.parse("a cat").video());
    ValidationException twice = assertThrows(ValidationException.class, () -> PromptParameters.parse("a cat --video --video"));
    assertEquals("--video", twice.field());
  }

  @Test
  void problemIsEmptyForAPromptThatRunsAndTheSubmitMessageOtherwise() {
    assertEquals(Optional.empty(), PromptParameters.problem("a cat --ar 16:9 --v 7.1 --cref https://x.example/c.png"));
    assertEquals(Optional.of("--repeat must be an integer from 1 to 40, got 41"), PromptParameters.problem("a cat --r 41"));
  }

  @Test
  void onlyLeadingUrlsAreImagePrompts() {
    PromptParameters p = PromptParameters.parse(
        "HTTPS://img.example/1.png http://img.example/2.webp a poster like https://ref.example/x.png --v 6");

    assertEquals(List.of("HTTPS://img.example/1.png", "http://img.example/2.webp"), p.imageUrls());
    assertEquals("a poster like https://ref.example/x.png", p.text());
  }

  @Test
  void imagesAndParametersWithoutText() {
    PromptParameters p = PromptParameters.parse("https://img.example/1.png https://img.example/2.png --iw 2");

    assertEquals(2, p.imageUrls().size());
    assertEquals("", p.text());
    assertEquals(Optional.of(2.0), p.imageWeight());
  }

  @Test
  void wordsAfterAValueStayInTheText() {
    PromptParameters p = PromptParameters.parse("a cat --ar 16:9 on a hill --tile at night");

    assertEquals("a cat on a hill at night", p.text());
    assertEquals(Optional.of(new AspectRatio(16, 9)), p.aspectRatio());
    assertTrue(p.tile());
  }

  @ParameterizedTest
  @CsvSource({"--relax, RELAX", "--fast, FAST", "--turbo, TURBO", "--TURBO, TURBO"})
  void modeFlags(String flag, Mode mode) {
    PromptParameters p = PromptParameters.parse("a cat " + flag + " --ar 1:1");

    assertEquals(Optional.of(mode), p.mode());
    assertEquals("a cat", p.text());
    assertEquals("a cat --ar 1:1", p.withoutModeFlags());
  }

  @Test
  void withoutModeFlagsNormalisesWhitespaceAndKeepsEverythingElse() {
    PromptParameters p = PromptParameters.parse(
        "  https://img.example/1.png \t a   cat\n--relax --ar 1:1\u00a0--cref https://x.example/c.png  ");

    assertEquals("https://img.example/1.png a cat --ar 1:1 --cref https://x.example/c.png", p.withoutModeFlags());
  }

  @Test
  void withoutModeFlagsIsThePromptWhenThereIsNone() {
    assertEquals("a cat --v 6", PromptParameters.parse("a cat --v 6").withoutModeFlags());
  }

  @ParameterizedTest
  @CsvSource({"--fast --relax, --relax", "--turbo --fast, --fast", "--fast --fast, --fast"})
  void atMostOneModeFlag(String flags, String field) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat " + flags));

    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains("--relax, --fast, --turbo"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "--ar 1:1 --ar 2:3, --ar",
      "--s 100 --stylize 200, --stylize",
      "--v 6 --version 7, --v",
      "--tile --tile, --tile",
      "--r 2 --repeat 3, --repeat",
      "--stop 20 --stop 30, --stop",
      "--cw 1 --cw 2, --cw"})
  void aFlagMayAppearOnce(String flags, String field) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat " + flags));

    assertEquals(field, e.field());
    assertEquals(field + " may be given only once", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "3", "4", "5", "5.0", "5.1", "5.2", "6", "6.0", "6.1", "7", "7.0", "7.1", "8",
      "8.2", "10", "12.25"})
  void anyWellFormedVersion(String v) {
    assertEquals(Optional.of(v), PromptParameters.parse("cat --v " + v).version());
  }

  @ParameterizedTest
  @ValueSource(strings = {"4", "5", "6", "7", "7.1"})
  void anyWellFormedNijiVersion(String v) {
    PromptParameters p = PromptParameters.parse("cat --niji " + v);
    assertTrue(p.niji());
    assertEquals(Optional.of(v), p.nijiVersion());
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw", "cute", "expressive", "original", "scenic", "4a", "4b", "4c"})
  void everyKnownStyle(String style) {
    assertEquals(Optional.of(style), PromptParameters.parse("cat --style " + style).style());
  }

  @ParameterizedTest
  @CsvSource({".25, 0.25", "0.25, 0.25", ".5, 0.5", "0.5, 0.5", "1, 1.0", "2, 2.0", "4, 4.0"})
  void qualityForms(String value, double expected) {
    assertEquals(Optional.of(expected), PromptParameters.parse("cat --q " + value).quality());
  }

  @ParameterizedTest
  @CsvSource({"1:8, 1, 8", "8:1, 8, 1", "10000:10000, 10000, 10000", "10000:1250, 10000, 1250", "1:1, 1, 1"})
  void aspectRatioLimits(String value, int width, int height) {
    assertEquals(Optional.of(new AspectRatio(width, height)), PromptParameters.parse("cat --ar " + value).aspectRatio());
  }

  @Test
  void aspectRatioPrintsAsWritten() {
    assertEquals("21:9", new AspectRatio(21, 9).toString());
  }

  @Test
  void bareNijiAndNijiVersions() {
    PromptParameters bare = PromptParameters.parse("a fox --niji");
    assertTrue(bare.niji());
    assertEquals(Optional.empty(), bare.nijiVersion());

    PromptParameters followedByText = PromptParameters.parse("a fox --niji in the rain");
    assertTrue(followedByText.niji());
    assertEquals(Optional.empty(), followedByText.nijiVersion());
    assertEquals("a fox in the rain", followedByText.text());

    assertEquals(Optional.of("5"), PromptParameters.parse("a fox --niji 5 --ar 2:3").nijiVersion());
    assertEquals(Optional.of("4"), PromptParameters.parse("a fox --niji 4").nijiVersion());
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0", "4294967295, 4294967295", "123456, 123456"})
  void seedRange(String value, long expected) {
    assertEquals(Optional.of(expected), PromptParameters.parse("cat --seed " + value).seed());
  }

  @ParameterizedTest
  @CsvSource({
      "--stylize 0, 0", "--stylize 1000, 1000", "--chaos 0, 0", "--chaos 100, 100",
      "--weird 0, 0", "--weird 3000, 3000"})
  void integerBoundsAreInclusive(String flag, int expected) {
    PromptParameters p = PromptParameters.parse("cat " + flag);
    int actual = p.stylize().or(p::chaos).or(p::weird).orElseThrow();
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @CsvSource({"--iw 0, 0.0", "--iw 3, 3.0", "--iw .5, 0.5", "--zoom 1, 1.0", "--zoom 2, 2.0", "--zoom 1.5, 1.5"})
  void numberBoundsAreInclusive(String flag, double expected) {
    PromptParameters p = PromptParameters.parse("cat " + flag);
    assertEquals(expected, p.imageWeight().or(p::zoom).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--stylize 2000        | --stylize | an integer from 0 to 1000        | 2000",
      "--s -1                | --stylize | an integer from 0 to 1000        | -1",
      "--s 12.5              | --stylize | an integer from 0 to 1000        | 12.5",
      "--chaos 101           | --chaos   | an integer from 0 to 100         | 101",
      "--c lots              | --chaos   | an integer from 0 to 100         | lots",
      "--seed 4294967296     | --seed    | an integer from 0 to 4294967295  | 4294967296",
      "--seed 99999999999999999999999 | --seed | an integer from 0 to 4294967295 | 99999999999999999999999",
      "--weird 3001          | --weird   | an integer from 0 to 3000        | 3001",
      "--w 1e3               | --weird   | an integer from 0 to 3000        | 1e3",
      "--iw 3.5              | --iw      | a number from 0 to 3             | 3.5",
      "--iw two              | --iw      | a number from 0 to 3             | two",
      "--zoom 0.5            | --zoom    | a number from 1 to 2             | 0.5",
      "--zoom 2.01           | --zoom    | a number from 1 to 2             | 2.01",
      "--quality 3           | --quality | one of .25, .5, 1, 2, 4          | 3",
      "--q 0.75              | --quality | one of .25, .5, 1, 2, 4          | 0.75",
      "--q high              | --quality | one of .25, .5, 1, 2, 4          | high",
      "--v seven             | --v       | a version number such as 6.1 or 7 | seven",
      "--version 7.          | --v       | a version number such as 6.1 or 7 | 7.",
      "--v .5                | --v       | a version number such as 6.1 or 7 | .5",
      "--v 0                 | --v       | a version number such as 6.1 or 7 | 0",
      "--v 7.0.1             | --v       | a version number such as 6.1 or 7 | 7.0.1",
      "--v v7                | --v       | a version number such as 6.1 or 7 | v7",
      "--niji 7.             | --niji    | a version number such as 6.1 or 7 | 7.",
      "--niji 0              | --niji    | a version number such as 6.1 or 7 | 0",
      "--r 0                 | --repeat  | an integer from 1 to 40          | 0",
      "--repeat 41           | --repeat  | an integer from 1 to 40          | 41",
      "--r 2.5               | --repeat  | an integer from 1 to 40          | 2.5",
      "--stop 9              | --stop    | an integer from 10 to 100        | 9",
      "--stop 101            | --stop    | an integer from 10 to 100        | 101",
      "--stop half           | --stop    | an integer from 10 to 100        | half",
      "--cw 101              | --cw      | an integer from 0 to 100         | 101",
      "--cw -5               | --cw      | an integer from 0 to 100         | -5",
      "--style photo         | --style   | one of raw, cute, expressive     | photo",
      "--ar 9:1              | --ar      | a ratio of at most 8:1           | 9:1",
      "--ar 1:9              | --ar      | a ratio of at most 8:1           | 1:9",
      "--ar 0:1              | --ar      | whole numbers from 1 to 10000    | 0:1",
      "--ar 10001:10000      | --ar      | whole numbers from 1 to 10000    | 10001:10000",
      "--aspect 16x9         | --ar      | W:H                              | 16x9",
      "--ar 16:9:1           | --ar      | W:H                              | 16:9:1",
      "--ar 1.5:1            | --ar      | W:H                              | 1.5:1"})
  void badValuesNameTheFlagTheRangeAndTheValue(String flags, String field, String range, String value) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat " + flags));

    assertEquals(field, e.field());
    assertTrue(e.getMessage().startsWith(field + " must be "), e.getMessage());
    assertTrue(e.getMessage().contains(range), e.getMessage());
    assertTrue(e.getMessage().endsWith(", got " + value), e.getMessage());
  }

  @Test
  void stylizeMessageIsExact() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat --stylize 2000"));

    assertEquals("--stylize", e.field());
    assertEquals("--stylize must be an integer from 0 to 1000, got 2000", e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--ar                  | --ar",
      "--aspect --v 6        | --ar",
      "--v                   | --v",
      "--version --tile      | --v",
      "--stylize --ar 1:1    | --stylize",
      "--s                   | --stylize",
      "--chaos               | --chaos",
      "--seed                | --seed",
      "--q                   | --quality",
      "--no                  | --no",
      "--no --ar 1:1         | --no",
      "--no , ,              | --no",
      "--style               | --style",
      "--weird               | --weird",
      "--iw                  | --iw",
      "--zoom --fast         | --zoom",
      "--r                   | --repeat",
      "--stop --ar 1:1       | --stop",
      "--cw                  | --cw"})
  void missingValueNamesTheFlag(String flags, String field) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> PromptParameters.parse("a cat " + flags));

    assertEquals(field, e.field());
    assertTrue(e.getMessage().startsWith(field + " needs a value: "), e.getMessage());
  }

  @Test
  void noTakesEveryWordUpToTheNextFlag() {
    PromptParameters p = PromptParameters.parse("a garden --no red flowers,  people ,cars --ar 3:2");

    assertEquals(List.of("red flowers", "people", "cars"), p.no());
    assertEquals("a garden", p.text());
    assertEquals(Optional.of(new AspectRatio(3, 2)), p.aspectRatio());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n", "\u3000", "\u00a0 \u00a0"})
  void blankPromptIsRequired(String prompt) {
    ValidationException e = assertThrows(ValidationException.class, () -> PromptParameters.parse(prompt));

    assertEquals("prompt", e.field());
    assertEquals("prompt is required", e.getMessage());
  }

  @Test
  void listsAreImmutable() {
    PromptParameters p = PromptParameters.parse("https://img.example/1.png cat --no dogs --p");

    assertThrows(UnsupportedOperationException.class, () -> p.imageUrls().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> p.no().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> p.otherParameters().add("x"));
  }
}
