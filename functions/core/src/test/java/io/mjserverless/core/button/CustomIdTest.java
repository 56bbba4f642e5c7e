package io.mjserverless.core.button;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.task.TaskAction;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomIdTest {
  private static final String H = "a1b2c3d4-0000-4000-8000-123456789abc";

  /** Expected parse of a plain form (no zoom/pan/model/variant data). */
  private static CustomId id(String raw, ButtonKind kind, Integer index, String hash, boolean modal) {
    return new CustomId(raw, kind, index, hash, modal, null, null, null, null);
  }

  static Stream<CustomId> everyForm() {
    Stream.Builder<CustomId> s = Stream.builder();
    for (int n = 1; n <= 4; n++) {
      s.add(id("MJ::JOB::upsample::" + n + "::" + H, ButtonKind.UPSCALE, n, H, false));
      s.add(id("MJ::JOB::variation::" + n + "::" + H, ButtonKind.VARIATION, n, H, false));
      s.add(id("MJ::JOB::video_virtual_upscale::" + n + "::" + H, ButtonKind.VIDEO_UPSCALE, n, H, false));
      s.add(id("MJ::Job::PicReader::" + n, ButtonKind.DESCRIBE_PICK, n, null, true));
    }
    for (int n = 1; n <= 5; n++) {
      s.add(id("MJ::Job::PromptAnalyzer::" + n, ButtonKind.SHORTEN_PICK, n, null, true));
    }
    s.add(id("MJ::JOB::reroll::0::" + H + "::SOLO", ButtonKind.REROLL, null, H, false));
    s.add(id("MJ::JOB::low_variation::1::" + H + "::SOLO", ButtonKind.VARY_SUBTLE, 1, H, false));
    s.add(id("MJ::JOB::high_variation::1::" + H + "::SOLO", ButtonKind.VARY_STRONG, 1, H, false));
    s.add(id("MJ::Inpaint::1::" + H + "::SOLO", ButtonKind.VARY_REGION, 1, H, true));
    s.add(new CustomId("MJ::Outpaint::50::1::" + H + "::SOLO", ButtonKind.ZOOM_OUT, 1, H, false, 2.0, null, null, null));
    s.add(new CustomId("MJ::Outpaint::75::1::" + H + "::SOLO", ButtonKind.ZOOM_OUT, 1, H, false, 1.5, null, null, null));
    s.add(id("MJ::CustomZoom::" + H, ButtonKind.CUSTOM_ZOOM, null, H, true));
    s.add(id("MJ::CustomZoom::1::" + H, ButtonKind.CUSTOM_ZOOM, 1, H, true));
    for (PanDirection d : PanDirection.values()) {
      String raw = "MJ::JOB::pan_" + d.name().toLowerCase() + "::1::" + H + "::SOLO";
      s.add(new CustomId(raw, ButtonKind.PAN, 1, H, false, null, d, null, null));
    }
    s.add(hd("upsample_v5_2x", "v5_2x", null));
    s.add(hd("upsample_v5_4x", "v5_4x", null));
    for (String model : new String[] {"v6", "v6r1", "v7"}) {
      s.add(hd("upsample_" + model + "_2x_subtle", model, "subtle"));
      s.add(hd("upsample_" + model + "_2x_creative", model, "creative"));
    }
    s.add(new CustomId("MJ::JOB::animate_high::1::" + H + "::SOLO", ButtonKind.ANIMATE, 1, H, false, null, null, null, "high"));
    s.add(new CustomId("MJ::JOB::animate_low::1::" + H + "::SOLO", ButtonKind.ANIMATE, 1, H, false, null, null, null, "low"));
    s.add(new CustomId("MJ::JOB::animate_high_extend::1::" + H, ButtonKind.ANIMATE_EXTEND, 1, H, false, null, null, null, "high"));
    s.add(new CustomId("MJ::JOB::animate_low_extend::1::" + H + "::SOLO", ButtonKind.ANIMATE_EXTEND, 1, H, false, null, null, null, "low"));
    s.add(id("MJ::BOOKMARK::" + H, ButtonKind.BOOKMARK, null, H, false));
    s.add(id("MJ::Job::PicReader::all", ButtonKind.DESCRIBE_ALL, null, null, false));
    s.add(id("MJ::Picread::Retry", ButtonKind.DESCRIBE_RETRY, null, null, false));
    return s.build();
  }

  private static CustomId hd(String token, String model, String variant) {
    String raw = "MJ::JOB::" + token + "::1::" + H + "::SOLO";
    return new CustomId(raw, ButtonKind.UPSCALE_HD, 1, H, false, null, null, model, variant);
  }

  @ParameterizedTest
  @MethodSource("everyForm")
  void parsesEveryFormOfTheSurvey(CustomId expected) {
    assertEquals(Optional.of(expected), CustomId.parse(expected.raw()));
  }

  @Test
  void everyKindHasAForm() {
    Set<ButtonKind> seen = everyForm().map(CustomId::kind).collect(Collectors.toSet());
    assertEquals(EnumSet.allOf(ButtonKind.class), seen);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "MJ::JOB::upsample::5::h",
        "MJ::JOB::upsample::0::h",
        "MJ::JOB::upsample::1::",
        "foo",
        "MJ::Job::PromptAnalyzer::6",
        "MJ::Outpaint::60::1::h::SOLO",
        // index shapes and ranges
        "MJ::JOB::upsample::01::h",
        "MJ::JOB::upsample::+1::h",
        "MJ::JOB::upsample::x::h",
        "MJ::JOB::variation::5::h",
        "MJ::JOB::variation::-1::h",
        "MJ::JOB::video_virtual_upscale::5::h",
        "MJ::Job::PicReader::0",
        "MJ::Job::PicReader::5",
        "MJ::Job::PromptAnalyzer::0",
        // missing or extra parts
        "MJ::JOB::upsample::1",
        "MJ::JOB::upsample::1::h::SOLO",
        "MJ::JOB::reroll::0::h",
        "MJ::JOB::reroll::1::h::SOLO",
        "MJ::JOB::reroll::0::::SOLO",
        "MJ::JOB::low_variation::1::h",
        "MJ::JOB::low_variation::2::h::SOLO",
        "MJ::JOB::high_variation::1::h::DUO",
        "MJ::Inpaint::1::h",
        "MJ::Inpaint::2::h::SOLO",
        "MJ::Outpaint::50::2::h::SOLO",
        "MJ::Outpaint::50::1::h",
        "MJ::Outpaint::::1::h::SOLO",
        "MJ::CustomZoom::",
        "MJ::CustomZoom::2::h",
        "MJ::CustomZoom::1::h::SOLO",
        "MJ::JOB::pan_left::1::h",
        "MJ::JOB::animate_high::1::h",
        "MJ::BOOKMARK::",
        "MJ::BOOKMARK",
        "MJ::Job::PicReader::1::h",
        "MJ::Picread::Retry::h",
        // wrong words or case
        "mj::JOB::upsample::1::h",
        "MJ::job::upsample::1::h",
        "MJ::JOB::Upsample::1::h",
        "MJ::JOB::pan_sideways::1::h::SOLO",
        "MJ::JOB::pan_Left::1::h::SOLO",
        "MJ::JOB::pan_::1::h::SOLO",
        "MJ::JOB::upsample_v6_2x::1::h::SOLO",
        "MJ::JOB::upsample_v5_2x_subtle::1::h::SOLO",
        "MJ::JOB::upsample_v8_2x_subtle::1::h::SOLO",
        "MJ::JOB::upsample_v6_4x_creative::1::h::SOLO",
        "MJ::JOB::animate_medium::1::h::SOLO",
        "MJ::JOB::PicReader::1",
        "MJ::Job::PicReader::ALL",
        "MJ::Picread::retry",
        "MJ::JOB::nothing::1::h",
        // bad hashes and garbage
        "MJ::JOB::upsample::1::h h",
        "MJ::JOB::upsample::1::h/../x",
        " MJ::JOB::upsample::1::h",
        "MJ::JOB::upsample::1::h ",
        "MJ",
        "MJ::",
        "::::",
        "MJ::JOB",
      })
  void rejectsMalformed(String raw) {
    assertEquals(Optional.empty(), CustomId.parse(raw));
  }

  @Test
  void rejectsOverlongInput() {
    assertEquals(Optional.empty(), CustomId.parse("MJ::JOB::upsample::1::" + "a".repeat(300)));
  }

  static Stream<Arguments> childActions() {
    return Stream.of(
        arguments("MJ::JOB::upsample::2::h", TaskAction.IMAGINE, TaskAction.UPSCALE),
        arguments("MJ::JOB::variation::3::h", TaskAction.BLEND, TaskAction.VARIATION),
        arguments("MJ::JOB::low_variation::1::h::SOLO", TaskAction.UPSCALE, TaskAction.VARIATION),
        arguments("MJ::JOB::high_variation::1::h::SOLO", TaskAction.UPSCALE, TaskAction.VARIATION),
        arguments("MJ::Inpaint::1::h::SOLO", TaskAction.UPSCALE, TaskAction.VARIATION),
        arguments("MJ::JOB::upsample_v6_2x_subtle::1::h::SOLO", TaskAction.UPSCALE, TaskAction.UPSCALE_HD),
        arguments("MJ::JOB::upsample_v7_2x_creative::1::h::SOLO", TaskAction.UPSCALE, TaskAction.UPSCALE_HD),
        arguments("MJ::JOB::upsample_v5_4x::1::h::SOLO", TaskAction.UPSCALE, TaskAction.UPSCALE_HD),
        arguments("MJ::Outpaint::50::1::h::SOLO", TaskAction.UPSCALE, TaskAction.ZOOM),
        arguments("MJ::CustomZoom::h", TaskAction.UPSCALE_HD, TaskAction.ZOOM),
        arguments("MJ::JOB::pan_down::1::h::SOLO", TaskAction.UPSCALE, TaskAction.PAN),
        arguments("MJ::Job::PicReader::2", TaskAction.DESCRIBE, TaskAction.IMAGINE),
        arguments("MJ::Job::PromptAnalyzer::5", TaskAction.SHORTEN, TaskAction.IMAGINE),
        arguments("MJ::Picread::Retry", TaskAction.DESCRIBE, TaskAction.DESCRIBE),
        // reroll repeats the parent, except an upscale, which re-imagines
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.IMAGINE, TaskAction.IMAGINE),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.BLEND, TaskAction.BLEND),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.VARIATION, TaskAction.VARIATION),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.REROLL, TaskAction.REROLL),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.ZOOM, TaskAction.ZOOM),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.PAN, TaskAction.PAN),
        arguments("MJ::JOB::reroll::0::h::SOLO", TaskAction.UPSCALE, TaskAction.IMAGINE));
  }

  @ParameterizedTest
  @MethodSource("childActions")
  void childActionFollowsTheSurveyTable(String raw, TaskAction parent, TaskAction expected) {
    CustomId id = CustomId.parse(raw).orElseThrow();
    assertTrue(id.kind().supported());
    assertEquals(expected, id.kind().childAction(parent));
  }

  @ParameterizedTest
  @EnumSource(names = {"DESCRIBE", "SHORTEN", "SWAP_FACE", "UPSCALE_HD"})
  void rerollOfANonGridParentIsAValidationError(TaskAction parent) {
    ValidationException e =
        assertThrows(ValidationException.class, () -> ButtonKind.REROLL.childAction(parent));
    assertEquals("customId", e.field());
  }

  @Test
  void onlyVideoBookmarkAndImagineAllAreUnsupported() {
    Set<ButtonKind> unsupported =
        Arrays.stream(ButtonKind.values()).filter(k -> !k.supported()).collect(Collectors.toSet());
    assertEquals(
        EnumSet.of(
            ButtonKind.ANIMATE,
            ButtonKind.ANIMATE_EXTEND,
            ButtonKind.VIDEO_UPSCALE,
            ButtonKind.BOOKMARK,
            ButtonKind.DESCRIBE_ALL),
        unsupported);
  }

  @ParameterizedTest
  @EnumSource(names = {"ANIMATE", "ANIMATE_EXTEND", "VIDEO_UPSCALE", "BOOKMARK", "DESCRIBE_ALL"})
  void unsupportedKindsHaveNoChildAction(ButtonKind kind) {
    ValidationException e =
        assertThrows(ValidationException.class, () -> kind.childAction(TaskAction.UPSCALE));
    assertEquals("customId", e.field());
  }

  @Test
  void modalKindsAreRegionCustomZoomAndThePicks() {
    Set<ButtonKind> modal =
        Arrays.stream(ButtonKind.values()).filter(ButtonKind::modal).collect(Collectors.toSet());
    assertEquals(
        EnumSet.of(
            ButtonKind.VARY_REGION,
            ButtonKind.CUSTOM_ZOOM,
            ButtonKind.DESCRIBE_PICK,
            ButtonKind.SHORTEN_PICK),
        modal);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MJ::JOB::upsample::2::h=U2",
        "MJ::JOB::variation::1::h=V1",
        "MJ::JOB::reroll::0::h::SOLO=R",
        "MJ::JOB::low_variation::1::h::SOLO=Vary (Subtle)",
        "MJ::JOB::high_variation::1::h::SOLO=Vary (Strong)",
        "MJ::Inpaint::1::h::SOLO=Vary (Region)",
        "MJ::Outpaint::50::1::h::SOLO=Zoom Out 2x",
        "MJ::Outpaint::75::1::h::SOLO=Zoom Out 1.5x",
        "MJ::CustomZoom::h=Custom Zoom",
        "MJ::JOB::pan_left::1::h::SOLO=Pan Left",
        "MJ::JOB::pan_down::1::h::SOLO=Pan Down",
        "MJ::JOB::upsample_v6_2x_subtle::1::h::SOLO=Upscale (Subtle)",
        "MJ::JOB::upsample_v6r1_2x_creative::1::h::SOLO=Upscale (Creative)",
        "MJ::JOB::upsample_v5_2x::1::h::SOLO=Upscale (2x)",
        "MJ::JOB::upsample_v5_4x::1::h::SOLO=Upscale (4x)",
        "MJ::JOB::animate_low::1::h::SOLO=Animate (Low motion)",
        "MJ::BOOKMARK::h=Favorite",
        "MJ::Job::PicReader::3=Imagine 3",
        "MJ::Job::PicReader::all=Imagine all",
        "MJ::Picread::Retry=Retry",
        "MJ::Job::PromptAnalyzer::5=Prompt 5",
      })
  void labels(String rawAndLabel) {
    String[] parts = rawAndLabel.split("=");
    assertEquals(parts[1], CustomId.parse(parts[0]).orElseThrow().label());
  }

  @Test
  void factoriesRefuseWhatTheGrammarRefuses() {
    assertThrows(IllegalArgumentException.class, () -> CustomId.upsample(5, H));
    assertThrows(IllegalArgumentException.class, () -> CustomId.variation(0, H));
    assertThrows(IllegalArgumentException.class, () -> CustomId.upsample(1, null));
    assertThrows(IllegalArgumentException.class, () -> CustomId.reroll(""));
    assertThrows(IllegalArgumentException.class, () -> CustomId.zoomOut(3.0, H));
    assertThrows(IllegalArgumentException.class, () -> CustomId.upscaleHd("v8", "subtle", H));
    assertThrows(IllegalArgumentException.class, () -> CustomId.picReader(5));
    assertThrows(IllegalArgumentException.class, () -> CustomId.promptAnalyzer(6));
    assertThrows(IllegalArgumentException.class, () -> CustomId.upsample(1, "a::b"));
  }
}
