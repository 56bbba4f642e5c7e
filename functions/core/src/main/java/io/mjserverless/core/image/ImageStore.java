package io.mjserverless.core.image;

import java.util.List;

/** Our bucket as the API uses it: input images of tasks, user uploads, and durable URLs to them. */
public interface ImageStore {
  /** Stores input image {@code n} of a task under {@code inputs/<taskId>/<n>.<ext>}; returns the key. */
  String putInput(String taskId, int n, DecodedImage image);

  /** Stores an uploaded image under {@code uploads/<tenant>/images/<id>.<ext>}; returns the key. */
  String putUpload(String tenant, String id, DecodedImage image);

  /** Best-effort removal (undoing a submit that failed after its images were stored). */
  void deleteAll(List<String> keys);

  /** Streams an image to {@code key} (known length: no buffering of the whole image); returns the key. */
  String put(String key, ImageSource source);

  /** Reads a stored object whole (inputs and earlier results, for engines that work on them). */
  byte[] read(String key);

  /** A URL a client can use to read the object (public base URL, or a freshly presigned GET). */
  String url(String key);
}
