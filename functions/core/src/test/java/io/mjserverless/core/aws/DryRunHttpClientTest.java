package io.mjserverless.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Dry runs travel the real transport to a responder inside this JVM: the service's endpoint (a counting
 * loopback socket here) sees nothing, and the answer comes back through the URL-connection client.
 */
class DryRunHttpClientTest {
  @Test
  void dryRunsAreAnsweredThroughTheLoopbackResponderAndNeverReachTheEndpoint() throws Exception {
    try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      endpoint.setSoTimeout(300);
      AwsClients aws = new AwsClients(Region.US_EAST_1, Optional.of(URI.create("http://127.0.0.1:" + endpoint.getLocalPort())));
      int before = DryRunHttpClient.answeredThroughLoopback();

      var item = aws.dynamo().getItem(b -> b.tableName("tasks").key(Map.of("id", AttributeValue.fromS("x")))
          .overrideConfiguration(DryRun::mark)).item();
      assertEquals(ClientPriming.sampleTask().id(), item.get("id").s());
      aws.dynamo().putItem(b -> b.tableName("tasks").item(Map.of("id", AttributeValue.fromS("x")))
          .overrideConfiguration(DryRun::mark));
      var put = aws.s3().putObject(b -> b.bucket("images").key("k.png").overrideConfiguration(DryRun::mark),
          RequestBody.fromBytes(new byte[10_000]));
      assertTrue(put.eTag().length() > 2, put.eTag());
      var started = aws.sfn().startExecution(b -> b.stateMachineArn("arn:aws:states:us-east-1:000000000000:stateMachine:t")
          .name("n").input("{}").overrideConfiguration(DryRun::mark));
      assertTrue(started.executionArn().contains(":execution:"));

      assertEquals(4, DryRunHttpClient.answeredThroughLoopback() - before, "each dry run went through the transport");
      try (Socket unexpected = endpoint.accept()) {
        throw new AssertionError("a dry run reached the endpoint");
      } catch (SocketTimeoutException expected) {
        // nothing came
      }
    }
  }
}
