package io.mjserverless.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

@ExtendWith(LocalAwsExtension.class)
class AwsClientsIT {

  @Test
  void clientsWithAnEndpointOverrideReachTheLocalServices(LocalAws aws) {
    try (var dynamo = new AwsClients(Region.EU_WEST_1, Optional.of(aws.endpointDynamo())).dynamo()) {
      // -sharedDb: the tables are visible whatever the region or key.
      assertTrue(dynamo.listTables().tableNames().contains(aws.tasksTable()));
    }
    AwsClients s3Clients = new AwsClients(Region.US_EAST_1, Optional.of(aws.endpointS3()));
    try (var s3 = s3Clients.s3()) {
      s3.putObject(b -> b.bucket(aws.bucket()).key("aws-clients-it/hello.txt"), RequestBody.fromString("hello"));
      assertEquals("hello",
          s3.getObjectAsBytes(b -> b.bucket(aws.bucket()).key("aws-clients-it/hello.txt")).asUtf8String());
    }
  }

  @Test
  void presignerWithAnEndpointOverrideUsesPathStyle(LocalAws aws) {
    try (var presigner = new AwsClients(Region.US_EAST_1, Optional.of(aws.endpointS3())).presigner()) {
      String url = presigner.presignGetObject(p -> p.signatureDuration(java.time.Duration.ofMinutes(1))
          .getObjectRequest(g -> g.bucket("b").key("k"))).url().toString();
      assertTrue(url.startsWith(aws.endpointS3() + "/b/k?"), url);
    }
  }

  @Test
  void regionAndEndpointAreKept() {
    AwsClients clients = new AwsClients(Region.AP_SOUTHEAST_1, Optional.empty());
    assertEquals(Region.AP_SOUTHEAST_1, clients.region());
    assertTrue(clients.endpoint().isEmpty());
  }
}
