package io.mjserverless.core.uploads;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where direct uploads go: {@code uploads/<tenant>/<purpose>/<taskId>/<n>.<ext>}. The key alone tells
 * the S3-triggered function which tenant, task and slot an object is for; the settings of the
 * request live on the task, not on the upload.
 */
public final class UploadKeys {
  private static final Pattern KEY = Pattern.compile("uploads/([A-Za-z0-9._-]{1,64})/(describe|blend)/(\\d{1,40})/(\\d)\\.(png|jpg|webp|gif)");

  /** A parsed upload key. */
  public record UploadKey(String tenant, String purpose, String taskId, int index) {}

  private UploadKeys() {}

  public static String prefix(String tenant, String purpose, String taskId) {
    return "uploads/" + tenant + "/" + purpose + "/" + taskId + "/";
  }

  public static String key(String tenant, String purpose, String taskId, int index, String extension) {
    return prefix(tenant, purpose, taskId) + index + "." + extension;
  }

  /** The upload an object key names; empty for anything else under uploads/ (e.g. uploaded image prompts). */
  public static Optional<UploadKey> parse(String key) {
    Matcher m = KEY.matcher(key == null ? "" : key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new UploadKey(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))));
  }
}
