package io.mjserverless.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NumberedPromptsTest {
  @Test
  void formatsAndReadsBackEachEntry() {
    String text = NumberedPrompts.format(List.of("a red fox --ar 4:3", "a fox in snow", "fox, watercolor", "a fox at dusk"));
    assertEquals("1\uFE0F\u20E3 a red fox --ar 4:3\n\n2\uFE0F\u20E3 a fox in snow", text.substring(0, text.indexOf("\n\n3")));
    assertEquals(Optional.of("fox, watercolor"), NumberedPrompts.entry(text, 3, null));
    assertEquals(Optional.empty(), NumberedPrompts.entry(text, 5, null));
  }

  @Test
  void readsEntriesAfterAHeading() {
    String shorten = "## Important tokens\n1\uFE0F\u20E3 not this\n## Shortened prompts\n1\uFE0F\u20E3 red fox\n\n2\uFE0F\u20E3 fox";
    assertEquals(Optional.of("red fox"), NumberedPrompts.entry(shorten, 1, "Shortened prompts"));
    assertEquals(Optional.empty(), NumberedPrompts.entry(shorten, 1, "Missing heading"));
    assertEquals(Optional.empty(), NumberedPrompts.entry(null, 1, null));
  }
}
