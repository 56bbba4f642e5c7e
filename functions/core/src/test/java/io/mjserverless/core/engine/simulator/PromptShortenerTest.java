package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromptShortenerTest {
  private static final String PROMPT =
      "a very beautiful portrait of the old fisherman with a red scarf on a stormy beach, highly detailed, 8k, "
          + "oil painting --ar 4:3 --v 6";
  private static final Pattern FORMAT = Pattern.compile(
      "## Important tokens\n(.+)\n## Shortened prompts\n"
          + "1\uFE0F\u20E3 (.+)\n\n2\uFE0F\u20E3 (.+)\n\n3\uFE0F\u20E3 (.+)\n\n4\uFE0F\u20E3 (.+)\n\n5\uFE0F\u20E3 (.+)");

  @Test
  void matchesTheApiFormat() {
    String out = PromptShortener.shorten(PROMPT);
    Matcher m = FORMAT.matcher(out);
    assertTrue(m.matches(), out);
    String tokens = m.group(1);
    assertTrue(tokens.contains("~~the~~"), tokens);
    assertTrue(tokens.contains("~~very~~"), tokens);
    assertTrue(tokens.contains("~~beautiful~~"), tokens);
    assertTrue(tokens.contains("~~8k~~"), tokens);
    assertTrue(tokens.contains("**fisherman**"), tokens);
    assertTrue(tokens.contains("**red**"), tokens);
    assertTrue(tokens.endsWith("--ar 4:3 --v 6"), tokens);

    List<String> shortened = new ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      shortened.add(m.group(i));
    }
    assertEquals(5, new HashSet<>(shortened).size(), "five distinct prompts: " + shortened);
    int previous = Integer.MAX_VALUE;
    for (String s : shortened) {
      assertTrue(s.length() < PROMPT.length(), s);
      assertTrue(s.endsWith(" --ar 4:3 --v 6"), s);
      assertTrue(s.length() <= previous, "most complete first: " + shortened);
      assertTrue(!s.contains(" the ") && !s.contains("very"), "stop words are dropped: " + s);
      previous = s.length();
    }
    assertTrue(shortened.get(4).contains("fisherman"), "the subject survives: " + shortened.get(4));
  }

  @Test
  void shortPromptsStillGiveFiveEntries() {
    List<String> five = PromptShortener.shortenedPrompts("cat on a sofa --ar 4:3");
    assertEquals(5, five.size());
    for (String s : five) {
      assertTrue(s.length() < "cat on a sofa --ar 4:3".length(), s);
      assertTrue(s.endsWith("--ar 4:3"), s);
    }
    assertTrue(FORMAT.matcher(PromptShortener.shorten("cat")).matches());
  }

  @Test
  void leadingImageLinksAreKept() {
    for (String s : PromptShortener.shortenedPrompts("https://x.test/a.png a small dog in the park --iw 2")) {
      assertTrue(s.startsWith("https://x.test/a.png "), s);
      assertTrue(s.endsWith(" --iw 2"), s);
    }
  }

  @Test
  void blankPromptIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PromptShortener.shorten("  "));
  }
}
