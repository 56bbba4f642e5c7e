package io.mjserverless.core.engine.discord;

import io.mjserverless.core.button.ButtonKind;
import java.util.regex.Pattern;

/**
 * The words with which Midjourney says which button a message answers (reference §2.2): {@code Image #2}
 * for U2, {@code Variations (Strong)}, {@code Zoom Out}, {@code Pan Left}, {@code Upscaled (Subtle)}...
 */
final class ButtonWords {
  private static final Pattern OTHER_ACTIONS = Pattern.compile("Image #\\d|Variations|Remix|Zoom Out|Pan (Left|Right|Up|Down)|Upscal");

  private ButtonWords() {}

  /** @param detail Pan's direction ({@code Left}) or an HD upscale's variant ({@code Subtle}, {@code 2x}); empty otherwise */
  static boolean fits(ButtonKind kind, int index, String detail, BotMessage m) {
    String tail = m.tail();
    return switch (kind) {
      case UPSCALE -> tail.contains("Image #" + index);
      case VARIATION -> tail.contains("Variations") || tail.contains("Remix");
      case VARY_SUBTLE -> tail.contains("Variations (Subtle)");
      case VARY_STRONG -> tail.contains("Variations (Strong)");
      case ZOOM_OUT -> tail.contains("Zoom Out");
      case PAN -> detail.isEmpty() ? tail.matches("(?s).*Pan (Left|Right|Up|Down).*") : tail.contains("Pan " + detail);
      case UPSCALE_HD -> (tail.contains("Upscaled") || tail.contains("Upscaling")) && (detail.isEmpty() || tail.contains(detail));
      // A reroll's answer reads like a fresh imagine: none of the other actions' words.
      case REROLL -> !OTHER_ACTIONS.matcher(tail).find();
      case DESCRIBE_RETRY -> m.kind() == BotMessage.Kind.DESCRIBED;
      default -> false;
    };
  }
}
