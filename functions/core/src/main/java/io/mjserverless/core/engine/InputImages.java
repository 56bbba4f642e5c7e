package io.mjserverless.core.engine;

import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageDecoder;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.TenantImages;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.util.Optional;

/**
 * A task's input images as engines read them: a key in our bucket, or a link a client gave (fetched
 * with the SSRF guard of {@link RemoteImages}). Submit already checked both rules below; they are
 * checked again here because this is where the bytes are read: a key or a link into our bucket is
 * read only when it is the task's tenant's own ({@link TenantImages}), and a picture whose headers
 * declare more pixels than {@link ImageDecoder#MAX_PIXELS} is refused before anyone decodes it.
 */
public final class InputImages {
  private final ImageStore images;
  private final TenantImages own;
  private final RemoteImages remote;

  public InputImages(ImageStore images, TaskStore tasks, RemoteImages remote) {
    this.images = images;
    this.own = new TenantImages(images, tasks);
    this.remote = remote;
  }

  /** Whether a task input is a client's link rather than a key in our bucket. */
  public static boolean isLink(String input) {
    return input.startsWith("http://") || input.startsWith("https://");
  }

  /**
   * The bytes of input {@code n} of a task, checked to be a picture within the pixel cap.
   * @throws IllegalArgumentException with a plain reason when the task has no such input, its link
   *     cannot be read, or the picture is not one we decode
   */
  public byte[] read(Task task, int n) {
    String input = input(task, n);
    Optional<String> key = ownKey(input);
    byte[] bytes = key.isPresent() ? ownBytes(task, n, key.get()) : remote.fetch(input);
    ImageFormat format = ImageFormat.sniff(bytes)
        .orElseThrow(() -> new JobRejectedException(name(n) + " is not a PNG, JPEG, WebP or GIF image"));
    try {
      ImageDecoder.requireWithinLimit(new DecodedImage(bytes, format));
    } catch (ImageRefusedException e) {
      throw new JobRejectedException(name(n) + " " + e.reason());
    }
    return bytes;
  }

  /**
   * A URL of input {@code n} to hand to a provider (imagine's image prompts): a client's link as given,
   * or a fresh URL of our object, signed only when the object is the task's tenant's own.
   */
  public String url(Task task, int n) {
    String input = input(task, n);
    Optional<String> key = ownKey(input);
    if (key.isEmpty()) {
      return input;
    }
    if (!own.readable(task.tenant(), key.get())) {
      throw new JobRejectedException(name(n) + " " + TenantImages.DOES_NOT_EXIST);
    }
    return images.url(key.get());
  }

  private static String input(Task task, int n) {
    if (task.inputs().size() <= n) {
      throw new JobRejectedException("the task has no input image " + (n + 1));
    }
    return task.inputs().get(n);
  }

  /** A bucket key as stored, or the key behind a link into our bucket; empty for a link elsewhere. */
  private Optional<String> ownKey(String input) {
    return isLink(input) ? own.keyOf(input) : Optional.of(input);
  }

  private byte[] ownBytes(Task task, int n, String key) {
    return own.read(task.tenant(), key)
        .orElseThrow(() -> new JobRejectedException(name(n) + " " + TenantImages.DOES_NOT_EXIST));
  }

  private static String name(int n) {
    return "input image " + (n + 1);
  }
}
