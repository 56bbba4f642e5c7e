package io.mjserverless.core.image;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Images in one S3 bucket. URLs are either under a public base URL (a CDN or a public bucket) or,
 * without one, presigned GETs that expire after {@code presignTtl}.
 */
public final class S3ImageStore implements ImageStore {
  private static final int DELETE_BATCH_MAX = 1000;

  // Suppliers: a function builds the S3 client or the presigner at its first use of either, not before.
  private final java.util.function.Supplier<S3Client> s3;
  private final java.util.function.Supplier<S3Presigner> presigner;
  private final String bucket;
  private final String publicBaseUrl;
  private final Duration presignTtl;

  public S3ImageStore(S3Client s3, S3Presigner presigner, String bucket, String publicBaseUrl, Duration presignTtl) {
    this(constant(Objects.requireNonNull(s3, "s3")), constant(Objects.requireNonNull(presigner, "presigner")),
        bucket, publicBaseUrl, presignTtl);
  }

  /** With clients made at their first use (the composition roots pass {@code AwsClients::s3}, which builds once). */
  public S3ImageStore(java.util.function.Supplier<S3Client> s3, java.util.function.Supplier<S3Presigner> presigner, String bucket,
      String publicBaseUrl, Duration presignTtl) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.presigner = Objects.requireNonNull(presigner, "presigner");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : stripTrailingSlashes(publicBaseUrl);
    this.presignTtl = Objects.requireNonNull(presignTtl, "presignTtl");
    if (presignTtl.isNegative() || presignTtl.isZero()) {
      throw new IllegalArgumentException("presignTtl must be positive, got " + presignTtl);
    }
  }

  @Override
  public String putInput(String taskId, int n, DecodedImage image) {
    if (n < 0) {
      throw new IllegalArgumentException("input index must not be negative, got " + n);
    }
    String key = "inputs/" + segment("taskId", taskId) + "/" + n + "." + image.format().extension();
    put(key, image);
    return key;
  }

  @Override
  public String putUpload(String tenant, String id, DecodedImage image) {
    String key = "uploads/" + segment("tenant", tenant) + "/images/" + segment("id", id) + "."
        + image.format().extension();
    put(key, image);
    return key;
  }

  private void put(String key, DecodedImage image) {
    s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(image.format().mimeType()),
        RequestBody.fromBytes(image.bytes()));
  }

  @Override
  public void deleteAll(List<String> keys) {
    List<ObjectIdentifier> objects = new ArrayList<>();
    for (String key : keys) {
      if (key != null && !key.isEmpty()) {
        objects.add(ObjectIdentifier.builder().key(key).build());
      }
    }
    for (int from = 0; from < objects.size(); from += DELETE_BATCH_MAX) {
      List<ObjectIdentifier> batch = objects.subList(from, Math.min(objects.size(), from + DELETE_BATCH_MAX));
      try {
        DeleteObjectsResponse response = s3.get().deleteObjects(b -> b.bucket(bucket)
            .delete(d -> d.objects(batch).quiet(true)));
        response.errors().forEach(error -> io.mjserverless.core.log.Log.warn("images.delete-failed", null,
            "bucket", bucket, "key", error.key(), "code", error.code(), "reason", error.message()));
      } catch (SdkException e) {
        io.mjserverless.core.log.Log.warn("images.delete-failed", e, "objects", batch.size(), "bucket", bucket);
      }
    }
  }

  @Override
  public String put(String key, ImageSource source) {
    try (java.io.InputStream in = source.open()) {
      software.amazon.awssdk.services.s3.model.PutObjectRequest request =
          software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
              .bucket(bucket).key(key).contentType(source.contentType()).build();
      // With a known length the SDK streams the body; otherwise it must buffer to learn the length.
      RequestBody body = source.contentLength() >= 0
          ? RequestBody.fromInputStream(in, source.contentLength())
          : RequestBody.fromBytes(in.readAllBytes());
      s3.get().putObject(request, body);
      return key;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the image for " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] read(String key) {
    return s3.get().getObjectAsBytes(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder()
        .bucket(bucket).key(key).build()).asByteArray();
  }

  @Override
  public java.util.Optional<byte[]> find(String key) {
    try {
      return java.util.Optional.of(read(key));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (isMissing(e)) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** No such key: S3 says so by name on GET, and only by status on HEAD (which has no body). */
  private static boolean isMissing(software.amazon.awssdk.services.s3.model.S3Exception e) {
    return e instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException || e.statusCode() == 404;
  }

  @Override
  public String presignPut(String key, String contentType, Duration ttl) {
    return presigner.get().presignPutObject(p -> p.signatureDuration(ttl)
        .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType))).url().toString();
  }

  @Override
  public java.util.Optional<ObjectInfo> head(String key) {
    try {
      var head = s3.get().headObject(b -> b.bucket(bucket).key(key));
      return java.util.Optional.of(new ObjectInfo(head.contentLength(), head.contentType()));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (isMissing(e)) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<String> list(String prefix) {
    return s3.get().listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000)).contents().stream()
        .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
  }

  @Override
  public java.util.Optional<String> keyOf(String url) {
    if (url == null) {
      return java.util.Optional.empty();
    }
    if (publicBaseUrl != null && url.startsWith(publicBaseUrl + "/")) {
      return java.util.Optional.of(decodePath(stripQuery(url.substring(publicBaseUrl.length() + 1))));
    }
    // A presigned URL of ours, path style (https://host/<bucket>/<key>) or virtual-host style (https://<bucket>.s3.../<key>).
    try {
      java.net.URI uri = java.net.URI.create(url);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String host = uri.getHost() == null ? "" : uri.getHost();
      if (path.startsWith("/" + bucket + "/")) {
        return java.util.Optional.of(decodePath(path.substring(bucket.length() + 2)));
      }
      if (host.startsWith(bucket + ".s3") && path.length() > 1) {
        return java.util.Optional.of(decodePath(path.substring(1)));
      }
    } catch (IllegalArgumentException notAUrl) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  private static String stripQuery(String s) {
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  private static String decodePath(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String url(String key) {
    if (publicBaseUrl != null) {
      return publicBaseUrl + "/" + encodePath(key);
    }
    return presigner.get().presignGetObject(p -> p.signatureDuration(presignTtl)
        .getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }

  /** A key part that must stay one path segment: no separators, no dot-segments, nothing empty. */
  private static String segment(String what, String value) {
    if (value == null || value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(what + " is not usable in an object key: " + value);
    }
    return value;
  }

  private static String stripTrailingSlashes(String url) {
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }

  /** Percent-encodes a key for a URL path, keeping {@code /} and RFC 3986 unreserved characters. */
  private static String encodePath(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static <T> java.util.function.Supplier<T> constant(T value) {
    return () -> value;
  }
}
