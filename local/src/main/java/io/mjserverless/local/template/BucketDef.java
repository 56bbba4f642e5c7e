package io.mjserverless.local.template;

import java.util.List;

/**
 * An {@code AWS::S3::Bucket}.
 *
 * @param logicalId its key under Resources
 * @param bucketName its physical name (the Ref of the bucket)
 * @param corsRules the rules of its {@code CorsConfiguration}, in order (empty when it has none)
 */
public record BucketDef(String logicalId, String bucketName, List<BucketCorsRule> corsRules) {
  public BucketDef {
    corsRules = List.copyOf(corsRules);
  }

  /** A bucket without CORS rules. */
  public BucketDef(String logicalId, String bucketName) {
    this(logicalId, bucketName, List.of());
  }
}
