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

  /** A URL a client can use to read the object (public base URL, or a freshly presigned GET). */
  String url(String key);
}
