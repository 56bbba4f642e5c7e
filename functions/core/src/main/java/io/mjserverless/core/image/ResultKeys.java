package io.mjserverless.core.image;

/** Where a task's result images live in the bucket. */
public final class ResultKeys {
  private ResultKeys() {}

  public static String grid(String taskId) {
    return "images/" + taskId + "/grid.png";
  }

  /** Image n (0-3) split out of a grid. */
  public static String part(String taskId, int n) {
    return "images/" + taskId + "/" + n + ".png";
  }

  /** The single image of a non-grid result (upscale, face swap). */
  public static String image(String taskId) {
    return "images/" + taskId + "/image.png";
  }

  public static String thumbnail(String taskId) {
    return "images/" + taskId + "/thumbnail.png";
  }

  /** A running job's preview; the progress is in the key so a CDN never serves a stale one. */
  public static String preview(String taskId, int progress) {
    return "images/" + taskId + "/preview-" + progress + ".png";
  }
}
