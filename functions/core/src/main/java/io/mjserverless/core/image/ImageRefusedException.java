package io.mjserverless.core.image;

/**
 * A picture we will not decode (too many pixels, not an image, broken). The reason is a phrase
 * without its subject ("is too large: 16000x16000 pixels, ..."), so each caller names the picture its
 * own way: {@code base64Array[1] is too large...} at submit, {@code input image 2 is too large...} in
 * the workflow. Nothing in it names a class or a decoder's internals.
 */
public final class ImageRefusedException extends IllegalArgumentException implements io.mjserverless.core.task.PlainMessage {
  private final String reason;

  public ImageRefusedException(String reason) {
    super("the image " + reason);
    this.reason = reason;
  }

  public ImageRefusedException(String reason, Throwable cause) {
    super("the image " + reason, cause);
    this.reason = reason;
  }

  /** The reason without its subject, to follow a field name or "input image n". */
  public String reason() {
    return reason;
  }
}
