package io.mjserverless.core.engine.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mjserverless.core.engine.JobRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiJobsTest {
  @Test
  void theModelGetsMidjourneysWordsWithoutParametersAndNoAsWordsToAvoid() {
    assertEquals("a red barn", OpenAiJobs.text("a red barn --ar 16:9 --stylize 200"));
    assertEquals("a red barn. Do not show: cows, fences.", OpenAiJobs.text("a red barn --no cows, fences --v 6"));
    assertEquals("", OpenAiJobs.text(null));
  }

  @Test
  void theChatModelsLinesBecomePromptsWithoutTheirListMarks() {
    assertEquals(List.of("a", "b c", "d", "e"), OpenAiJobs.lines("1. a\n\n- b c\n\"d\"\n2\uFE0F\u20E3 e\nf", 4));
    assertThrows(JobRejectedException.class, () -> OpenAiJobs.lines("\n  \n", 4));
  }

  @Test
  void aPicturesShapeIsWrittenAsARatioPeopleUse() {
    assertEquals("3:2", OpenAiJobs.aspect(60, 40));
    assertEquals("1:1", OpenAiJobs.aspect(512, 512));
    assertEquals("3:2", OpenAiJobs.aspect(1000, 667));
  }
}
