package io.mjserverless.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.asl.AslExecutor;
import io.mjserverless.local.asl.ExecutionInfo;
import io.mjserverless.local.asl.ExecutionStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;

/** The task-token operations of the local Step Functions endpoint, spoken to by the real SDK client. */
class StepFunctionsEndpointTest {
  private static final JsonNode DEFINITION = Json.tree("""
      {"StartAt": "Park", "States": {
        "Park": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 600,
                 "Parameters": {"FunctionName": "park", "Payload": {"token.$": "$$.Task.Token"}},
                 "Catch": [{"ErrorEquals": ["JobFailed"], "ResultPath": "$.error", "Next": "Failed"}], "End": true},
        "Failed": {"Type": "Pass", "End": true}}}""");

  private final BlockingQueue<String> tokens = new ArrayBlockingQueue<>(10);
  private final AslExecutor executor = new AslExecutor(DEFINITION, (resource, input) -> {
    tokens.add(input.get("token").asText());
    return Json.MAPPER.createObjectNode();
  }, null, 1, Clock.systemUTC());
  private final StepFunctionsEndpoint endpoint;
  private final SfnClient sfn;

  StepFunctionsEndpointTest() throws Exception {
    endpoint = new StepFunctionsEndpoint(Map.of(executor.stateMachineArn(), executor));
    sfn = SfnClient.builder().endpointOverride(URI.create(endpoint.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterEach
  void close() {
    sfn.close();
    endpoint.close();
    executor.close();
  }

  private String parked(String name) throws InterruptedException {
    executor.start(name, Json.MAPPER.createObjectNode());
    String token = tokens.poll(2, TimeUnit.SECONDS);
    if (token == null) {
      throw new AssertionError("no token handed out");
    }
    return token;
  }

  @Test
  void sendTaskSuccessAndHeartbeatReachTheWaitingTask() throws Exception {
    String token = parked("ok");
    Thread.sleep(100); // let the function's answer arrive first (a token is valid before it, too)
    sfn.sendTaskHeartbeat(b -> b.taskToken(token));
    assertThrows(InvalidOutputException.class, () -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("not json")));
    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"outcome\":\"SUCCEEDED\"}"));
    ExecutionInfo info = executor.await("ok", Duration.ofSeconds(2));
    assertEquals(ExecutionStatus.SUCCEEDED, info.status(), info.error() + ": " + info.cause());
    assertEquals("SUCCEEDED", info.output().path("outcome").asText());
    assertThrows(TaskDoesNotExistException.class, () -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")),
        "a token is spent once used");
    assertThrows(TaskDoesNotExistException.class, () -> sfn.sendTaskHeartbeat(b -> b.taskToken("never-issued")));
  }

  @Test
  void sendTaskFailureFailsTheTaskWithItsError() throws Exception {
    String token = parked("fails");
    sfn.sendTaskFailure(b -> b.taskToken(token).error("JobFailed").cause("the provider gave up"));
    ExecutionInfo info = executor.await("fails", Duration.ofSeconds(2));
    assertEquals(ExecutionStatus.SUCCEEDED, info.status());
    assertEquals("the provider gave up", info.output().at("/error/Cause").asText());
  }
}
