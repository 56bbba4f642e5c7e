package io.mjserverless.local.template;

/**
 * An {@code AWS::S3::Bucket}.
 *
 * @param logicalId its key under Resources
 * @param bucketName its physical name (the Ref of the bucket)
 */
public record BucketDef(String logicalId, String bucketName) {}
