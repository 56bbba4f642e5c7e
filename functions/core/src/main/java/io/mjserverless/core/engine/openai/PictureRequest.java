package io.mjserverless.core.engine.openai;

import io.mjserverless.core.config.OpenAiSettings.Size;
import java.util.List;
import java.util.Optional;

/**
 * One request for pictures: a generation when {@code images} is empty, else an edit of those PNGs
 * (the first is the one a mask applies to). {@code mask} follows OpenAI's convention: a PNG of the
 * first image's size whose transparent pixels are repainted.
 */
public record PictureRequest(String prompt, int count, Size size, List<byte[]> images, Optional<byte[]> mask,
    Optional<Long> seed) {

  public PictureRequest {
    images = List.copyOf(images);
  }

  public static PictureRequest generation(String prompt, int count, Size size, Optional<Long> seed) {
    return new PictureRequest(prompt, count, size, List.of(), Optional.empty(), seed);
  }

  public static PictureRequest edit(String prompt, int count, Size size, List<byte[]> images, Optional<byte[]> mask) {
    return new PictureRequest(prompt, count, size, images, mask, Optional.empty());
  }

  public boolean isEdit() {
    return !images.isEmpty();
  }

  /** The same request for fewer pictures (a model that makes fewer per request gets several of these). */
  public PictureRequest withCount(int n) {
    return new PictureRequest(prompt, n, size, images, mask, seed);
  }
}
