package io.mjserverless.core.engine;

import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Task;

/**
 * A task's input images as engines read them: a key in our bucket, or a link a client gave (fetched
 * with the SSRF guard of {@link RemoteImages}).
 */
public final class InputImages {
  private final ImageStore images;
  private final RemoteImages remote;

  public InputImages(ImageStore images, RemoteImages remote) {
    this.images = images;
    this.remote = remote;
  }

  /** Whether a task input is a client's link rather than a key in our bucket. */
  public static boolean isLink(String input) {
    return input.startsWith("http://") || input.startsWith("https://");
  }

  /**
   * The bytes of input {@code n} of a task.
   * @throws IllegalArgumentException when the task has no such input or its link cannot be read
   */
  public byte[] read(Task task, int n) {
    if (task.inputs().size() <= n) {
      throw new IllegalArgumentException("task " + task.id() + " has no input image " + (n + 1));
    }
    String input = task.inputs().get(n);
    return isLink(input) ? remote.fetch(input) : images.read(input);
  }
}
