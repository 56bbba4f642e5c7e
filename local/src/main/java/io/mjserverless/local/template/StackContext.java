package io.mjserverless.local.template;

import java.util.Objects;

/**
 * The values of the AWS pseudo parameters for a local stack.
 *
 * @param region {@code AWS::Region}
 * @param accountId {@code AWS::AccountId}
 * @param partition {@code AWS::Partition}
 * @param urlSuffix {@code AWS::URLSuffix}
 * @param stackName {@code AWS::StackName}; also the prefix of generated physical names
 */
public record StackContext(String region, String accountId, String partition, String urlSuffix, String stackName) {
  /** The account id of everything local. */
  public static final String LOCAL_ACCOUNT_ID = "000000000000";

  public StackContext {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(urlSuffix, "urlSuffix");
    Objects.requireNonNull(stackName, "stackName");
    if (stackName.isBlank()) {
      throw new IllegalArgumentException("stackName must not be blank");
    }
  }

  /** Account 000000000000, partition aws, URL suffix amazonaws.com. */
  public static StackContext local(String region, String stackName) {
    return new StackContext(region, LOCAL_ACCOUNT_ID, "aws", "amazonaws.com", stackName);
  }

  /** {@code AWS::StackId}: a deterministic fake stack ARN. */
  public String stackId() {
    return "arn:" + partition + ":cloudformation:" + region + ":" + accountId + ":stack/" + stackName
        + "/00000000-0000-0000-0000-000000000000";
  }
}
