package io.mjserverless.core.engine;

import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.task.Button;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output of a finished job. A grid result (imagine, variation, zoom, pan, blend) carries one
 * 2x2 image that StoreResult also splits into its four images; single-image results carry one image;
 * describe and shorten carry text (and describe the described image). An upstream provider also
 * hands over its own buttons (their customIds are what it expects back) and properties such as its
 * {@code messageHash}; without them the task gets our buttons.
 */
public record JobResult(Kind kind, Optional<ImageSource> image, Optional<String> text, Long seed,
    Optional<List<Button>> buttons, Map<String, String> properties) {

  public enum Kind { GRID, IMAGE, TEXT }

  public JobResult {
    buttons = buttons.map(List::copyOf);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public static JobResult grid(ImageSource image, Long seed) {
    return new JobResult(Kind.GRID, Optional.of(image), Optional.empty(), seed, Optional.empty(), Map.of());
  }

  public static JobResult image(ImageSource image, Long seed) {
    return new JobResult(Kind.IMAGE, Optional.of(image), Optional.empty(), seed, Optional.empty(), Map.of());
  }

  public static JobResult text(String text, Optional<ImageSource> image) {
    return new JobResult(Kind.TEXT, image, Optional.of(text), null, Optional.empty(), Map.of());
  }

  /** The same result with the engine's own buttons and properties. */
  public JobResult withUpstream(List<Button> upstreamButtons, Map<String, String> upstreamProperties) {
    return new JobResult(kind, image, text, seed, Optional.of(upstreamButtons), upstreamProperties);
  }
}
