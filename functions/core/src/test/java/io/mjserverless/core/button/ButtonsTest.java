package io.mjserverless.core.button;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.TaskAction;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ButtonsTest {
  private static final String H = "0f8fad5b-d9cb-469f-a165-70867728950e";
  /** Buttons whose customId form has no job hash. */
  private static final Set<ButtonKind> HASHLESS =
      EnumSet.of(ButtonKind.DESCRIBE_PICK, ButtonKind.DESCRIBE_RETRY, ButtonKind.SHORTEN_PICK);

  private static Button b(String customId, String emoji, String label) {
    return Button.of(customId, emoji, label);
  }

  private static List<Button> expectedGrid() {
    return List.of(
        b("MJ::JOB::upsample::1::" + H, "", "U1"),
        b("MJ::JOB::upsample::2::" + H, "", "U2"),
        b("MJ::JOB::upsample::3::" + H, "", "U3"),
        b("MJ::JOB::upsample::4::" + H, "", "U4"),
        b("MJ::JOB::reroll::0::" + H + "::SOLO", "🔄", ""),
        b("MJ::JOB::variation::1::" + H, "", "V1"),
        b("MJ::JOB::variation::2::" + H, "", "V2"),
        b("MJ::JOB::variation::3::" + H, "", "V3"),
        b("MJ::JOB::variation::4::" + H, "", "V4"));
  }

  /** The single-image buttons after the two HD upscales. */
  private static List<Button> expectedAfterUpscaleHd() {
    return List.of(
        b("MJ::JOB::low_variation::1::" + H + "::SOLO", "🪄", "Vary (Subtle)"),
        b("MJ::JOB::high_variation::1::" + H + "::SOLO", "🪄", "Vary (Strong)"),
        b("MJ::Inpaint::1::" + H + "::SOLO", "🖌️", "Vary (Region)"),
        b("MJ::Outpaint::50::1::" + H + "::SOLO", "🔍", "Zoom Out 2x"),
        b("MJ::Outpaint::75::1::" + H + "::SOLO", "🔍", "Zoom Out 1.5x"),
        b("MJ::CustomZoom::" + H, "🔍", "Custom Zoom"),
        b("MJ::JOB::pan_left::1::" + H + "::SOLO", "⬅️", ""),
        b("MJ::JOB::pan_right::1::" + H + "::SOLO", "➡️", ""),
        b("MJ::JOB::pan_up::1::" + H + "::SOLO", "⬆️", ""),
        b("MJ::JOB::pan_down::1::" + H + "::SOLO", "⬇️", ""));
  }

  @ParameterizedTest
  @EnumSource(names = {"IMAGINE", "BLEND", "VARIATION", "REROLL", "ZOOM", "PAN"})
  void gridResults(TaskAction action) {
    assertEquals(expectedGrid(), Buttons.forResult(action, H));
  }

  @ParameterizedTest
  @EnumSource(TaskAction.class)
  void gridButtonsExactlyForTheActionsThatProduceAGrid(TaskAction action) {
    boolean grid = Buttons.forResult(action, H).equals(expectedGrid());
    assertEquals(action.producesGrid(), grid);
  }

  @Test
  void upscaleResult() {
    List<Button> expected =
        new java.util.ArrayList<>(
            List.of(
                b("MJ::JOB::upsample_v6_2x_subtle::1::" + H + "::SOLO", "", "Upscale (Subtle)"),
                b("MJ::JOB::upsample_v6_2x_creative::1::" + H + "::SOLO", "", "Upscale (Creative)")));
    expected.addAll(expectedAfterUpscaleHd());
    assertEquals(expected, Buttons.forResult(TaskAction.UPSCALE, H));
  }

  @Test
  void upscaleHdResultHasNoFurtherUpscale() {
    assertEquals(expectedAfterUpscaleHd(), Buttons.forResult(TaskAction.UPSCALE_HD, H));
  }

  @Test
  void describeResult() {
    assertEquals(
        List.of(
            b("MJ::Job::PicReader::1", "1️⃣", ""),
            b("MJ::Job::PicReader::2", "2️⃣", ""),
            b("MJ::Job::PicReader::3", "3️⃣", ""),
            b("MJ::Job::PicReader::4", "4️⃣", ""),
            b("MJ::Picread::Retry", "🔄", "")),
        Buttons.forResult(TaskAction.DESCRIBE, H));
  }

  @Test
  void shortenResult() {
    assertEquals(
        List.of(
            b("MJ::Job::PromptAnalyzer::1", "1️⃣", ""),
            b("MJ::Job::PromptAnalyzer::2", "2️⃣", ""),
            b("MJ::Job::PromptAnalyzer::3", "3️⃣", ""),
            b("MJ::Job::PromptAnalyzer::4", "4️⃣", ""),
            b("MJ::Job::PromptAnalyzer::5", "5️⃣", "")),
        Buttons.forResult(TaskAction.SHORTEN, H));
  }

  @Test
  void describeAndShortenNeedNoHash() {
    assertEquals(Buttons.forResult(TaskAction.DESCRIBE, H), Buttons.forResult(TaskAction.DESCRIBE, null));
    assertEquals(Buttons.forResult(TaskAction.SHORTEN, H), Buttons.forResult(TaskAction.SHORTEN, null));
  }

  @Test
  void faceSwapHasNoButtons() {
    assertEquals(List.of(), Buttons.forResult(TaskAction.SWAP_FACE, H));
  }

  @ParameterizedTest
  @EnumSource(names = {"IMAGINE", "UPSCALE", "UPSCALE_HD", "PAN"})
  void resultsWithAJobNeedAValidHash(TaskAction action) {
    assertThrows(IllegalArgumentException.class, () -> Buttons.forResult(action, null));
    assertThrows(IllegalArgumentException.class, () -> Buttons.forResult(action, ""));
    assertThrows(IllegalArgumentException.class, () -> Buttons.forResult(action, "a::b"));
  }

  /** Round trip: whatever we offer, /submit/action must accept, for the same job, as a child of this task. */
  @ParameterizedTest
  @EnumSource(TaskAction.class)
  void everyButtonParsesBackToASupportedKindOfTheSameJob(TaskAction action) {
    String hash = Buttons.newJobHash();
    List<Button> buttons = Buttons.forResult(action, hash);
    Set<String> seen = new HashSet<>();
    for (Button button : buttons) {
      assertTrue(seen.add(button.customId()), "duplicate " + button.customId());
      assertEquals(Button.TYPE_BUTTON, button.type());
      CustomId id =
          CustomId.parse(button.customId())
              .orElseThrow(() -> new AssertionError("does not parse: " + button.customId()));
      assertEquals(button.customId(), id.raw());
      assertTrue(id.kind().supported(), button.customId());
      if (HASHLESS.contains(id.kind())) {
        assertNull(id.jobHash(), button.customId());
      } else {
        assertEquals(hash, id.jobHash(), button.customId());
      }
      assertDoesNotThrow(() -> id.kind().childAction(action), button.customId());
    }
  }

  @Test
  void newJobHashIsAFreshUuid() {
    String a = Buttons.newJobHash();
    String b = Buttons.newJobHash();
    assertEquals(a, UUID.fromString(a).toString());
    assertNotEquals(a, b);
  }
}
