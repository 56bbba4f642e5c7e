package io.mjserverless.local.template;

import java.util.List;

/**
 * An {@code S3} event source of a function:
 * {@code Events: X: {Type: S3, Properties: {Bucket: !Ref B, Events: s3:ObjectCreated:*, Filter: {S3Key: {Rules: [{Name: prefix, Value: uploads/}]}}}}}.
 *
 * @param functionLogicalId the function to invoke
 * @param eventName the key of the event under {@code Events}
 * @param bucketLogicalId the bucket the {@code Bucket: !Ref ...} names (SAM requires a bucket of the
 *     same template)
 * @param bucketName its resolved physical name
 * @param events the S3 event types, e.g. {@code s3:ObjectCreated:*}
 * @param prefix the {@code prefix} filter rule, or null
 * @param suffix the {@code suffix} filter rule, or null
 */
public record S3Trigger(String functionLogicalId, String eventName, String bucketLogicalId, String bucketName,
    List<String> events, String prefix, String suffix) {

  public S3Trigger {
    events = List.copyOf(events);
  }

  /**
   * Whether an S3 event on this trigger's bucket fires it.
   *
   * @param s3EventName as in a notification record ({@code ObjectCreated:Put}) or as configured
   *     ({@code s3:ObjectCreated:Put}); a configured {@code s3:ObjectCreated:*} matches every
   *     {@code ObjectCreated:...}
   * @param key the object key, not URL-encoded
   */
  public boolean matches(String s3EventName, String key) {
    String name = s3EventName.startsWith("s3:") ? s3EventName : "s3:" + s3EventName;
    boolean eventMatches = events.stream().anyMatch(e -> e.endsWith(":*")
        ? name.startsWith(e.substring(0, e.length() - 1))
        : e.equals(name));
    return eventMatches
        && (prefix == null || key.startsWith(prefix))
        && (suffix == null || key.endsWith(suffix));
  }
}
