package io.mjserverless.core.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Ids for the {@code X-Mj-Delivery} header. One logical callback (a task at a given status, progress
 * and version) always gets the same id, so a receiver can drop the duplicates that retries produce;
 * a different status or progress gives a different id. Pass the version of the task state the callback
 * reports, not one that later bookkeeping (such as recording a failed attempt) bumps, or retries of the
 * same callback would get new ids.
 */
public final class DeliveryIds {
  private static final int HASH_HEX_CHARS = 16;

  private DeliveryIds() {}

  /** {@code <taskId>-<16 hex chars>}, e.g. {@code 1717000000000123456-3f9a0c1d2b4e5f60}. */
  public static String of(String taskId, String status, String progress, long version) {
    Objects.requireNonNull(taskId, "taskId");
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    // Length-prefixed fields, so ("a", "bc") and ("ab", "c") cannot collide; null differs from "".
    for (String field : new String[] {taskId, status, progress, Long.toString(version)}) {
      if (field == null) {
        sha.update((byte) 0);
        continue;
      }
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      sha.update((byte) 1);
      sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) ':');
      sha.update(bytes);
    }
    String hash = HexFormat.of().formatHex(sha.digest()).substring(0, HASH_HEX_CHARS);
    return taskId + "-" + hash;
  }
}
