package io.mjserverless.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.sweep.TaskSweeper;
import io.mjserverless.core.uploads.UploadArrivals;
import io.mjserverless.core.workflow.WorkflowServices;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * Each composition root builds one SDK client per service and shares it among its stores, engines and
 * starters. Nothing here sends a request: building clients does no I/O, and the endpoint is a loopback
 * port nobody listens on.
 */
class OneClientPerServiceTest {
  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("TASKS_TABLE", "tasks");
    env.put("KEYS_TABLE", "keys");
    env.put("IDEMPOTENCY_TABLE", "idem");
    env.put("IMAGES_BUCKET", "images");
    env.put("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:task");
    return env;
  }

  private static AwsClients clients() {
    return new AwsClients(Region.US_EAST_1, Optional.of(NOWHERE));
  }

  @Test
  void theApiBuildsOneDynamoClientForItsThreeTablesAndOneOfEachOtherService() {
    AwsClients aws = clients();
    ApiServices services = ApiServices.fromConfig(Config.from(environment()), aws);
    // S3, its presigner and Step Functions wait for their first use: a fetch never starts an execution.
    assertEquals(Map.of("dynamodb", 1), aws.builds());
    io.mjserverless.core.api.ApiPriming.prime(services, aws, java.util.EnumSet.allOf(io.mjserverless.core.api.http.Operation.Function.class));
    assertEquals(Map.of("dynamodb", 1, "s3", 1, "s3presigner", 1, "sfn", 1), aws.builds());
  }

  @Test
  void theTaskFunctionNeverBuildsWhatOnlySubmitsUse() {
    AwsClients aws = clients();
    ApiServices services = ApiServices.fromConfig(Config.from(environment()), aws);
    io.mjserverless.core.api.ApiPriming.prime(services, aws, java.util.EnumSet.of(io.mjserverless.core.api.http.Operation.Function.TASK));
    assertEquals(Map.of("dynamodb", 1, "s3presigner", 1), aws.builds(), "fetch presigns image links; it writes no object, starts nothing");
  }

  @Test
  void theWorkflowSharesItsClientsWithProviderEnginesToo() {
    Map<String, String> env = environment();
    // An mjproxy mode adds provider slots and hooks, both on DynamoDB: they must reuse the one client.
    env.put("FAST_ENGINE", "mjproxy");
    env.put("FAST_MJPROXY_URL", "http://127.0.0.1:9/");
    env.put("FAST_MJPROXY_KEY", "sk-1");
    AwsClients aws = clients();
    WorkflowServices.fromConfig(Config.from(env), aws);
    assertEquals(Map.of("dynamodb", 1), aws.builds());
    io.mjserverless.core.workflow.WorkflowPriming.prime(Config.from(env), aws);
    assertEquals(Map.of("dynamodb", 1, "s3", 1, "s3presigner", 1), aws.builds());
  }

  @Test
  void uploadsAndTheSweeperBuildOneClientPerServiceTheyUse() {
    AwsClients uploads = clients();
    UploadArrivals.fromConfig(Config.from(environment()), uploads);
    assertEquals(Map.of("dynamodb", 1), uploads.builds());
    AwsClients sweeper = clients();
    TaskSweeper.fromConfig(Config.from(environment()), sweeper);
    assertEquals(Map.of("dynamodb", 1), sweeper.builds());
  }

  @Test
  void everyAskForAServiceAnswersTheSameClient() {
    AwsClients aws = clients();
    assertSame(aws.dynamo(), aws.dynamo());
    assertSame(aws.s3(), aws.s3());
    assertSame(aws.presigner(), aws.presigner());
    assertSame(aws.sfn(), aws.sfn());
    assertSame(aws.ssm(), aws.ssm());
    assertEquals(Map.of("dynamodb", 1, "s3", 1, "s3presigner", 1, "sfn", 1, "ssm", 1), aws.builds());
  }
}
