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

  /** Reads a stored object whole; empty when there is none (no storage error text to pass on). */
  java.util.Optional<byte[]> find(String key);

  /** A presigned PUT for a client's upload; the content type is part of the signature. */
  String presignPut(String key, String contentType, java.time.Duration ttl);

  /** Size and content type of a stored object; empty when there is none. */
  java.util.Optional<ObjectInfo> head(String key);

  /** Keys under a prefix (at most 1000: enough for the uploads of one task). */
  List<String> list(String prefix);

  /** The key of one of our own objects behind a URL we handed out; empty for any other URL. */
  java.util.Optional<String> keyOf(String url);

  /** What {@link #head} tells about an object. */
  record ObjectInfo(long size, String contentType) {}

  /** A URL a client can use to read the object (public base URL, or a freshly presigned GET). */
  String url(String key);
}
