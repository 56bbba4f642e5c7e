package io.mjserverless.core.button;

import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.TaskAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The buttons a finished task offers (API.md "Buttons and customIds"). Order and emojis follow what
 * Discord shows, because UIs render the list as given and some pick buttons by position. customIds come
 * from {@link CustomId}'s factories; this class only decides which buttons, in which order, with which
 * emoji and label.
 */
public final class Buttons {
  private static final String REROLL = "🔄";
  private static final String MAGIC_WAND = "🪄";
  private static final String BRUSH = "🖌️";
  private static final String ZOOM = "🔍";
  private static final String[] NUMBERS = {"1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"};
  /** The model our HD upscale buttons name; API.md fixes v6. */
  private static final String HD_MODEL = "v6";

  private Buttons() {}

  /** A fresh job hash for a result; the customIds of its buttons carry it. */
  public static String newJobHash() {
    return UUID.randomUUID().toString();
  }

  /**
   * The buttons of a successful task of {@code action} whose result has {@code jobHash}. The hash is
   * required for grid and upscale results; describe and shorten buttons carry none, so it may be null.
   *
   * @throws IllegalArgumentException when a needed hash is missing or not a valid hash
   */
  public static List<Button> forResult(TaskAction action, String jobHash) {
    Objects.requireNonNull(action, "action");
    // Exhaustive on purpose: a new TaskAction does not compile until someone decides its buttons.
    return switch (action) {
      case IMAGINE, BLEND, VARIATION, REROLL, ZOOM, PAN -> grid(jobHash);
      case UPSCALE -> singleImage(jobHash, true);
      case UPSCALE_HD -> singleImage(jobHash, false);
      case DESCRIBE -> describe();
      case SHORTEN -> shorten();
      case SWAP_FACE -> List.of();
    };
  }

  /** U1 U2 U3 U4 🔄 V1 V2 V3 V4, the two Discord rows flattened. */
  private static List<Button> grid(String hash) {
    List<Button> out = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      out.add(labelled(CustomId.upsample(n, hash), ""));
    }
    out.add(emojiOnly(CustomId.reroll(hash), REROLL));
    for (int n = 1; n <= 4; n++) {
      out.add(labelled(CustomId.variation(n, hash), ""));
    }
    return List.copyOf(out);
  }

  /** An upscaled image: HD upscales (not on an HD result, which is already upscaled), vary, zoom, pan. */
  private static List<Button> singleImage(String hash, boolean withHdUpscale) {
    List<Button> out = new ArrayList<>();
    if (withHdUpscale) {
      out.add(labelled(CustomId.upscaleHd(HD_MODEL, "subtle", hash), ""));
      out.add(labelled(CustomId.upscaleHd(HD_MODEL, "creative", hash), ""));
    }
    out.add(labelled(CustomId.vary(false, hash), MAGIC_WAND));
    out.add(labelled(CustomId.vary(true, hash), MAGIC_WAND));
    out.add(labelled(CustomId.inpaint(hash), BRUSH));
    out.add(labelled(CustomId.zoomOut(2.0, hash), ZOOM));
    out.add(labelled(CustomId.zoomOut(1.5, hash), ZOOM));
    out.add(labelled(CustomId.customZoom(hash), ZOOM));
    for (PanDirection d : PanDirection.values()) {
      out.add(emojiOnly(CustomId.pan(d, hash), panEmoji(d)));
    }
    return List.copyOf(out);
  }

  /** 1️⃣-4️⃣ (imagine prompt n) then 🔄 (describe again). "Imagine all" is left out: we do not support it. */
  private static List<Button> describe() {
    List<Button> out = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      out.add(emojiOnly(CustomId.picReader(n), NUMBERS[n - 1]));
    }
    out.add(emojiOnly(CustomId.picreadRetry(), REROLL));
    return List.copyOf(out);
  }

  /** 1️⃣-5️⃣ (imagine shortened prompt n). */
  private static List<Button> shorten() {
    List<Button> out = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      out.add(emojiOnly(CustomId.promptAnalyzer(n), NUMBERS[n - 1]));
    }
    return List.copyOf(out);
  }

  private static String panEmoji(PanDirection d) {
    return switch (d) {
      case LEFT -> "⬅️";
      case RIGHT -> "➡️";
      case UP -> "⬆️";
      case DOWN -> "⬇️";
    };
  }

  /** Buttons with text show the same short label we use in descriptions ("U1", "Vary (Strong)"). */
  private static Button labelled(CustomId id, String emoji) {
    return Button.of(id.raw(), emoji, id.label());
  }

  private static Button emojiOnly(CustomId id, String emoji) {
    return Button.of(id.raw(), emoji, "");
  }
}
