package io.mjserverless.core.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.ApiPriming;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.workflow.WorkflowPriming;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Priming runs the request path of every function with every AWS endpoint pointed at a loopback socket
 * that counts connections: priming must open none. Then an ordinary request on the same clients must
 * reach the socket, so priming left no dry-run state on them.
 */
class PrimingSendsNothingTest {
  private ServerSocket socket;
  private final List<Socket> accepted = new ArrayList<>();
  private Config config;
  private AwsClients aws;

  @BeforeEach
  void pointEveryServiceAtALoopbackSocket() throws Exception {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(300);
    Map<String, String> env = new HashMap<>();
    env.put("TASKS_TABLE", "tasks");
    env.put("KEYS_TABLE", "keys");
    env.put("IDEMPOTENCY_TABLE", "idem");
    env.put("IMAGES_BUCKET", "images");
    env.put("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:task");
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + socket.getLocalPort());
    config = Config.from(env);
    aws = AwsClients.from(config);
  }

  @AfterEach
  void close() throws Exception {
    for (Socket s : accepted) {
      s.close();
    }
    socket.close();
  }

  /** Connections waiting in the socket's backlog (the kernel completes them before any accept). */
  private int connectionsMade() throws Exception {
    int count = 0;
    while (true) {
      try {
        accepted.add(socket.accept());
        count++;
      } catch (SocketTimeoutException none) {
        return count;
      }
    }
  }

  @Test
  void primingEveryFunctionOpensNoConnection() throws Exception {
    ApiServices services = ApiServices.fromConfig(config, aws);
    ApiPriming.prime(services, aws, EnumSet.allOf(Operation.Function.class));
    WorkflowPriming.prime(config, aws);
    assertEquals(0, connectionsMade());
    assertEquals(Map.of("dynamodb", 1, "s3", 1, "s3presigner", 1, "sfn", 1), aws.builds());

    // The same client, unmarked: it is sent (and fails, nobody answers), so no dry-run mark stayed behind.
    assertThrows(SdkException.class, () -> aws.dynamo().getItem(b -> b.tableName("tasks")
        .key(Map.of("id", AttributeValue.fromS("x")))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(400)))));
    assertTrue(connectionsMade() >= 1, "an ordinary request after priming must go out");
  }

  /** A dry run is answered in-process, so the response path (unmarshalling, response models) is primed too. */
  @Test
  void aDryRunGetsACannedSuccessAndSendsNothing() throws Exception {
    var item = aws.dynamo().getItem(b -> b.tableName("tasks").key(Map.of("id", AttributeValue.fromS("x")))
        .overrideConfiguration(io.mjserverless.core.aws.DryRun::mark)).item();
    assertEquals("1700000000000000000", item.get("id").s(), "the canned item is a whole task: " + item);
    assertEquals(io.mjserverless.core.aws.ClientPriming.sampleTask().buttons(),
        io.mjserverless.core.task.TaskItems.fromItem(item).buttons());
    var started = aws.sfn().startExecution(b -> b.stateMachineArn("arn:aws:states:us-east-1:000000000000:stateMachine:task")
        .name("p").input("{}").overrideConfiguration(io.mjserverless.core.aws.DryRun::mark));
    assertTrue(started.executionArn().contains(":execution:"), started.executionArn());
    var put = aws.s3().putObject(b -> b.bucket("images").key("k").overrideConfiguration(io.mjserverless.core.aws.DryRun::mark),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1, 2, 3}));
    assertTrue(put.eTag() != null && !put.eTag().isEmpty());
    assertEquals(0, connectionsMade());
  }

  /** A marked request on a client whose transport cannot answer it is stopped before it is sent. */
  @Test
  void aDryRunOnAnotherTransportIsStoppedBeforeSending() throws Exception {
    try (var plain = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort()))
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new io.mjserverless.core.aws.DryRun())
            .apiCallTimeout(Duration.ofSeconds(2)).retryStrategy(r -> r.maxAttempts(1))).build()) {
      io.mjserverless.core.aws.DryRun.run(() -> plain.getItem(b -> b.tableName("tasks").key(Map.of("id", AttributeValue.fromS("x")))
          .overrideConfiguration(io.mjserverless.core.aws.DryRun::mark)));
    }
    assertEquals(0, connectionsMade());
  }

  /**
   * As in Lambda: no endpoint override, so the clients would sign with the default credential chain,
   * which may ask an instance or container endpoint. Here that endpoint is the counting loopback socket
   * (and no profile file exists): dry runs sign with their own dummy credentials, so the chain is never asked.
   */
  @Test
  void primingWithTheDefaultCredentialChainAsksNoCredentialEndpoint() throws Exception {
    Map<String, String> saved = new HashMap<>();
    Map<String, String> properties = Map.of(
        "aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:" + socket.getLocalPort(),
        "aws.sharedCredentialsFile", "/nonexistent/mj-priming-credentials",
        "aws.configFile", "/nonexistent/mj-priming-config");
    properties.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
    try {
      AwsClients cloud = new AwsClients(software.amazon.awssdk.regions.Region.US_EAST_1, java.util.Optional.empty());
      io.mjserverless.core.aws.ClientPriming.dynamo(cloud, "tasks", io.mjserverless.core.aws.ClientPriming.sampleTask());
      io.mjserverless.core.aws.ClientPriming.stepFunctions(cloud, "");
      io.mjserverless.core.aws.ClientPriming.s3(cloud, "images", true);
      assertEquals(0, connectionsMade());
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  @Test
  void aHookRunsItsPrimingWhenTheRuntimeCheckpointsAndNeverBlocksTheSnapshot() {
    List<String> ran = new ArrayList<>();
    SnapStartPriming.register("TestFunction", () -> ran.add("primed"));
    SnapStartPriming.register("BrokenFunction", () -> {
      throw new IllegalStateException("priming bug");
    });
    SnapStartPriming.primeAllNow();
    assertTrue(ran.contains("primed"));
    assertTrue(SnapStartPriming.registered().containsAll(List.of("TestFunction", "BrokenFunction")));
  }
}
