package io.mjserverless.core.engine;

import io.mjserverless.core.image.ImageSource;
import java.util.Optional;

/**
 * The output of a finished job. A grid result (imagine, variation, zoom, pan, blend) carries one
 * 2x2 PNG that StoreResult also splits into its four images; single-image results carry one PNG;
 * describe and shorten carry text (and describe the described image).
 */
public record JobResult(Kind kind, Optional<ImageSource> image, Optional<String> text, Long seed) {

  public enum Kind { GRID, IMAGE, TEXT }

  public static JobResult grid(ImageSource image, Long seed) {
    return new JobResult(Kind.GRID, Optional.of(image), Optional.empty(), seed);
  }

  public static JobResult image(ImageSource image, Long seed) {
    return new JobResult(Kind.IMAGE, Optional.of(image), Optional.empty(), seed);
  }

  public static JobResult text(String text, Optional<ImageSource> image) {
    return new JobResult(Kind.TEXT, image, Optional.of(text), null);
  }
}
