package io.mjserverless.core.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.TableSchemas;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stores against LocalStack, where Docker exists (skipped cleanly where it does not). The image
 * is pinned: LocalStack images after 4.14.0 need a licence token.
 */
@Testcontainers(disabledWithoutDocker = true)
class StoresLocalStackIT {
  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0"))
      .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.S3);

  private AwsClients clients() {
    return new AwsClients(Region.of(LOCALSTACK.getRegion()), Optional.of(LOCALSTACK.getEndpoint()));
  }

  @Test
  void taskStoreWritesConditionallyOnDynamoDb() {
    DynamoDbClient ddb = clients().dynamo();
    ddb.createTable(TableSchemas.tasks("tasks"));
    DynamoTaskStore store = new DynamoTaskStore(ddb, "tasks");
    Task task = Task.builder().id("1").tenant("t").action(TaskAction.IMAGINE).status(TaskStatus.NOT_START)
        .submitTime(1L).updatedAt(1L).build();
    store.create(task);
    assertThrows(TaskConflictException.class, () -> store.create(task));
    Task moved = store.update(task, task.toBuilder().status(TaskStatus.SUBMITTED).build());
    assertThrows(TaskConflictException.class, () -> store.update(task, task.toBuilder().status(TaskStatus.IN_PROGRESS).build()));
    assertEquals(TaskStatus.SUBMITTED, store.get("1").orElseThrow().status());
    assertEquals(moved.version(), store.get("1").orElseThrow().version());
  }

  @Test
  void imageStoreRoundTripsOnS3() {
    S3Client s3 = clients().s3();
    s3.createBucket(b -> b.bucket("images"));
    S3ImageStore images = new S3ImageStore(s3, clients().presigner(), "images", null, Duration.ofMinutes(5));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    String key = images.putInput("42", 0, new DecodedImage(png, ImageFormat.PNG));
    assertEquals(png.length, images.read(key).length);
    assertEquals("image/png", images.head(key).orElseThrow().contentType());
  }
}
