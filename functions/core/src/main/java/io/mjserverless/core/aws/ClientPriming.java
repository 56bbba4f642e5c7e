package io.mjserverless.core.aws;

import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskItems;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Loads and links the SDK's request path for the calls our functions make (endpoint rules, the
 * operation's marshaller, signing), through {@link DryRun} requests that are stopped before they are
 * sent. Table, bucket and state machine names are the function's own, so the same endpoint rules run;
 * nothing reaches any address.
 */
public final class ClientPriming {
  private ClientPriming() {}

  /** A finished imagine task with every field a fetch shows: the shape priming serializes and marshals. */
  public static Task sampleTask() {
    long now = System.currentTimeMillis();
    return Task.builder().id("1700000000000000000").tenant("priming").keyId("priming")
        .action(io.mjserverless.core.task.TaskAction.IMAGINE).status(io.mjserverless.core.task.TaskStatus.SUCCESS)
        .mode(io.mjserverless.core.task.Mode.FAST).prompt("a lighthouse --ar 16:9").promptEn("a lighthouse --ar 16:9")
        .description("/imagine a lighthouse").submitTime(now).startTime(now).finishTime(now).progress("100%")
        .imageUrl("images/1700000000000000000/grid.png").imageUrls(java.util.List.of("images/1700000000000000000/0.png"))
        .buttons(io.mjserverless.core.button.Buttons.forResult(io.mjserverless.core.task.TaskAction.IMAGINE,
            "00000000-0000-4000-8000-000000000000")) // fixed: nothing random is drawn before a snapshot
        .properties(Map.of("finalPrompt", "a lighthouse --ar 16:9")).seed(7L).jobId("priming").width(1456).height(816)
        .version(3).updatedAt(now).build();
  }

  /** Put (conditional), get, update and query on a table, with a task's item shape. */
  public static void dynamo(AwsClients aws, String table, Task sample) {
    Map<String, AttributeValue> item = TaskItems.toItem(sample);
    TaskItems.fromItem(item);
    var dynamo = aws.dynamo();
    DryRun.run(() -> dynamo.putItem(b -> b.tableName(table).item(item)
        .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", "id"))
        .overrideConfiguration(DryRun::mark)));
    // The answers are canned (DryRunHttpClient): reading them loads the response path a real call takes.
    DryRun.run(() -> TaskItems.fromItem(dynamo.getItem(b -> b.tableName(table).key(TaskItems.key(sample.id())).consistentRead(true)
        .overrideConfiguration(DryRun::mark)).item()));
    DryRun.run(() -> dynamo.updateItem(b -> b.tableName(table).key(TaskItems.key(sample.id()))
        .updateExpression("SET #v = :v").expressionAttributeNames(Map.of("#v", "version"))
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1"))).returnValues(ReturnValue.ALL_NEW)
        .overrideConfiguration(DryRun::mark)));
    DryRun.run(() -> dynamo.query(b -> b.tableName(table).keyConditionExpression("#t = :t")
        .expressionAttributeNames(Map.of("#t", "tenant")).expressionAttributeValues(Map.of(":t", AttributeValue.fromS("p")))
        .limit(1).overrideConfiguration(DryRun::mark)).items().forEach(TaskItems::fromItem));
  }

  /** A Scan, as listing API keys does. */
  public static void scan(AwsClients aws, String table) {
    var dynamo = aws.dynamo();
    DryRun.run(() -> dynamo.scan(b -> b.tableName(table).limit(1).overrideConfiguration(DryRun::mark)).items().size());
  }

  /** StartExecution, as a submit starts a task's workflow. */
  public static void stepFunctions(AwsClients aws, String stateMachineArn) {
    // An unset ARN (a function that starts nothing) still primes the marshaller with a well-formed one.
    String arn = stateMachineArn == null || stateMachineArn.isBlank()
        ? "arn:aws:states:" + aws.region().id() + ":000000000000:stateMachine:priming" : stateMachineArn;
    var sfn = aws.sfn();
    DryRun.run(() -> sfn.startExecution(b -> b.stateMachineArn(arn).name("priming").input("{\"taskId\":\"priming\"}")
        .overrideConfiguration(DryRun::mark)));
  }

  /** A presigned GET (computed locally) and, where the function writes images, a PutObject. */
  public static void s3(AwsClients aws, String bucket, boolean writes) {
    aws.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(1))
        .getObjectRequest(g -> g.bucket(bucket).key("images/priming/grid.png").overrideConfiguration(DryRun::mark)));
    if (writes) {
      var s3 = aws.s3();
      DryRun.run(() -> s3.putObject(b -> b.bucket(bucket).key("images/priming/grid.png").contentType("image/png")
          .overrideConfiguration(DryRun::mark), RequestBody.fromBytes(new byte[] {1})));
    }
  }
}
