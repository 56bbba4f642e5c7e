package io.mjserverless.local.template;

import java.util.Locale;

/**
 * The deterministic local physical names. An explicit name property ({@code TableName},
 * {@code BucketName}, {@code FunctionName}, {@code Name}/{@code StateMachineName}, ...) always
 * wins; otherwise, with {@code S} the stack name, {@code R} the region, {@code A} the account id
 * (000000000000), {@code P} the partition and {@code kebab(Id)} the logical id in kebab case
 * ({@code TasksTable} → {@code tasks-table}, {@code S3Bucket} → {@code s3-bucket}):
 *
 * <table>
 *   <caption>Ref and GetAtt by type</caption>
 *   <tr><th>type</th><th>Ref</th><th>GetAtt</th></tr>
 *   <tr><td>AWS::DynamoDB::Table, AWS::Serverless::SimpleTable</td><td>{@code S-kebab(Id)}, e.g.
 *       {@code mj-local-tasks-table}</td><td>Arn {@code arn:P:dynamodb:R:A:table/<name>}, StreamArn
 *       {@code <Arn>/stream/1970-01-01T00:00:00.000}</td></tr>
 *   <tr><td>AWS::S3::Bucket</td><td>{@code S-kebab(Id)} lowercased, characters other than
 *       {@code a-z0-9.-} replaced by '-', at most 63 characters</td><td>Arn {@code arn:P:s3:::<name>},
 *       DomainName {@code <name>.s3.amazonaws.com}, RegionalDomainName
 *       {@code <name>.s3.R.amazonaws.com}</td></tr>
 *   <tr><td>AWS::Serverless::StateMachine, AWS::StepFunctions::StateMachine</td><td>{@code
 *       arn:P:states:R:A:stateMachine:<Id>}</td><td>Arn (the same), Name {@code <Id>}</td></tr>
 *   <tr><td>AWS::Serverless::Function, AWS::Lambda::Function</td><td>{@code <Id>}; {@code Fn.Alias}
 *       → {@code arn:P:lambda:R:A:function:<Id>:<AutoPublishAlias>}; {@code Fn.Version} →
 *       {@code ...:function:<Id>:$LATEST}; {@code FnRole} → {@code S-<Id>Role}</td><td>Arn
 *       {@code arn:P:lambda:R:A:function:<Id>} (no alias)</td></tr>
 *   <tr><td>AWS::Serverless::HttpApi, AWS::ApiGatewayV2::Api</td><td>{@code kebab(Id)} (the API
 *       id)</td><td>ApiEndpoint {@code https://<id>.execute-api.R.amazonaws.com}</td></tr>
 *   <tr><td>AWS::IAM::Role</td><td>{@code S-<Id>}</td><td>Arn {@code arn:P:iam::A:role/<name>}</td></tr>
 *   <tr><td>AWS::IAM::ManagedPolicy</td><td>{@code arn:P:iam::A:policy/S-<Id>}</td><td>-</td></tr>
 *   <tr><td>AWS::SQS::Queue</td><td>{@code https://sqs.R.amazonaws.com/A/S-<Id>}</td><td>Arn,
 *       QueueName, QueueUrl</td></tr>
 *   <tr><td>AWS::SNS::Topic</td><td>{@code arn:P:sns:R:A:S-<Id>}</td><td>TopicArn, TopicName</td></tr>
 *   <tr><td>AWS::Logs::LogGroup</td><td>its LogGroupName, else {@code S-<Id>}</td><td>Arn
 *       {@code arn:P:logs:R:A:log-group:<name>:*}</td></tr>
 * </table>
 *
 * <p>Other types have no local name: a Ref or GetAtt of them is an error (only if it is evaluated).
 */
public class DefaultPhysicalNaming implements PhysicalNaming {

  @Override
  public String ref(TemplateResource r, String qualifier, Lookup lookup) {
    StackContext s = lookup.stack();
    if (qualifier != null) {
      if (!r.isFunction()) {
        return null;
      }
      switch (qualifier) {
        case "Alias": {
          String alias = lookup.property(r, "AutoPublishAlias").orElseThrow(() ->
              new IllegalArgumentException(r.logicalId() + " has no AutoPublishAlias, so no " + r.logicalId() + ".Alias"));
          return functionArn(r, lookup) + ":" + alias;
        }
        case "Version":
          return functionArn(r, lookup) + ":$LATEST";
        case "Role":
          return s.stackName() + "-" + r.logicalId() + "Role";
        default:
          return null;
      }
    }
    switch (r.type()) {
      case "AWS::DynamoDB::Table":
      case "AWS::Serverless::SimpleTable":
        return tableName(r, lookup);
      case "AWS::S3::Bucket":
        return bucketName(r, lookup);
      case "AWS::Serverless::StateMachine":
      case "AWS::StepFunctions::StateMachine":
        return arn(s, "states", s.region(), s.accountId(), "stateMachine:" + stateMachineName(r, lookup));
      case "AWS::Serverless::Function":
      case "AWS::Lambda::Function":
        return functionName(r, lookup);
      case "AWS::Serverless::HttpApi":
      case "AWS::ApiGatewayV2::Api":
        return kebab(r.logicalId());
      case "AWS::IAM::Role":
        return lookup.property(r, "RoleName").orElse(s.stackName() + "-" + r.logicalId());
      case "AWS::IAM::ManagedPolicy":
        return arn(s, "iam", "", s.accountId(),
            "policy/" + lookup.property(r, "ManagedPolicyName").orElse(s.stackName() + "-" + r.logicalId()));
      case "AWS::SQS::Queue":
        return "https://sqs." + s.region() + "." + s.urlSuffix() + "/" + s.accountId() + "/" + queueName(r, lookup);
      case "AWS::SNS::Topic":
        return arn(s, "sns", s.region(), s.accountId(), topicName(r, lookup));
      case "AWS::KMS::Key":
        return kmsKeyId(r, lookup);
      case "AWS::Logs::LogGroup":
        return logGroupName(r, lookup);
      default:
        return null;
    }
  }

  /**
   * A KMS key's id is a UUID AWS picks; locally a stable one made from the stack and logical id. No local
   * function uses it: the local runtime seals account tokens with its own key file (ACCOUNT_TOKEN_KEY_FILE).
   */
  protected String kmsKeyId(TemplateResource r, Lookup lookup) {
    return java.util.UUID.nameUUIDFromBytes((lookup.stack().stackName() + "/" + r.logicalId())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  @Override
  public String getAtt(TemplateResource r, String attribute, Lookup lookup) {
    StackContext s = lookup.stack();
    switch (r.type()) {
      case "AWS::DynamoDB::Table":
      case "AWS::Serverless::SimpleTable": {
        String arn = arn(s, "dynamodb", s.region(), s.accountId(), "table/" + tableName(r, lookup));
        switch (attribute) {
          case "Arn":
            return arn;
          case "StreamArn":
            return arn + "/stream/1970-01-01T00:00:00.000";
          default:
            return null;
        }
      }
      case "AWS::S3::Bucket": {
        String name = bucketName(r, lookup);
        switch (attribute) {
          case "Arn":
            return "arn:" + s.partition() + ":s3:::" + name;
          case "DomainName":
            return name + ".s3." + s.urlSuffix();
          case "RegionalDomainName":
            return name + ".s3." + s.region() + "." + s.urlSuffix();
          default:
            return null;
        }
      }
      case "AWS::Serverless::StateMachine":
      case "AWS::StepFunctions::StateMachine":
        switch (attribute) {
          case "Arn":
            return ref(r, null, lookup);
          case "Name":
            return stateMachineName(r, lookup);
          default:
            return null;
        }
      case "AWS::Serverless::Function":
      case "AWS::Lambda::Function":
        return "Arn".equals(attribute) ? functionArn(r, lookup) : null;
      case "AWS::Serverless::HttpApi":
      case "AWS::ApiGatewayV2::Api":
        return "ApiEndpoint".equals(attribute)
            ? "https://" + kebab(r.logicalId()) + ".execute-api." + s.region() + "." + s.urlSuffix()
            : null;
      case "AWS::IAM::Role":
        return "Arn".equals(attribute) ? arn(s, "iam", "", s.accountId(), "role/" + ref(r, null, lookup)) : null;
      case "AWS::SQS::Queue":
        switch (attribute) {
          case "Arn":
            return arn(s, "sqs", s.region(), s.accountId(), queueName(r, lookup));
          case "QueueName":
            return queueName(r, lookup);
          case "QueueUrl":
            return ref(r, null, lookup);
          default:
            return null;
        }
      case "AWS::KMS::Key":
        switch (attribute) {
          case "Arn":
            return arn(s, "kms", s.region(), s.accountId(), "key/" + kmsKeyId(r, lookup));
          case "KeyId":
            return kmsKeyId(r, lookup);
          default:
            return null;
        }
      case "AWS::Logs::LogGroup":
        // CloudFormation's Arn of a log group ends in ":*", the form a state machine's Logging destination takes.
        return "Arn".equals(attribute) ? arn(s, "logs", s.region(), s.accountId(), "log-group:" + logGroupName(r, lookup) + ":*") : null;
      case "AWS::SNS::Topic":
        switch (attribute) {
          case "TopicArn":
            return ref(r, null, lookup);
          case "TopicName":
            return topicName(r, lookup);
          default:
            return null;
        }
      default:
        return null;
    }
  }

  private static String logGroupName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "LogGroupName").orElse(lookup.stack().stackName() + "-" + r.logicalId());
  }

  /** {@code TasksTable} → {@code tasks-table}; {@code MjHTTPApi} → {@code mj-http-api}; {@code S3Bucket} → {@code s3-bucket}. */
  public static String kebab(String logicalId) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < logicalId.length(); i++) {
      char c = logicalId.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char prev = logicalId.charAt(i - 1);
        boolean nextLower = i + 1 < logicalId.length() && Character.isLowerCase(logicalId.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          out.append('-');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  /** Lowercase, characters outside {@code a-z0-9.-} as '-', at most 63, no leading/trailing '-' or '.'. */
  public static String bucketSafe(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    return s.replaceAll("^[-.]+|[-.]+$", "");
  }

  protected String tableName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "TableName").orElse(lookup.stack().stackName() + "-" + kebab(r.logicalId()));
  }

  protected String bucketName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "BucketName")
        .orElse(bucketSafe(lookup.stack().stackName() + "-" + kebab(r.logicalId())));
  }

  protected String stateMachineName(TemplateResource r, Lookup lookup) {
    String key = "AWS::Serverless::StateMachine".equals(r.type()) ? "Name" : "StateMachineName";
    return lookup.property(r, key).orElse(r.logicalId());
  }

  protected String functionName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "FunctionName").orElse(r.logicalId());
  }

  protected String functionArn(TemplateResource r, Lookup lookup) {
    StackContext s = lookup.stack();
    return arn(s, "lambda", s.region(), s.accountId(), "function:" + functionName(r, lookup));
  }

  private static String queueName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "QueueName").orElse(lookup.stack().stackName() + "-" + r.logicalId());
  }

  private static String topicName(TemplateResource r, Lookup lookup) {
    return lookup.property(r, "TopicName").orElse(lookup.stack().stackName() + "-" + r.logicalId());
  }

  private static String arn(StackContext s, String service, String region, String account, String resource) {
    return "arn:" + s.partition() + ":" + service + ":" + region + ":" + account + ":" + resource;
  }
}
