package io.mjserverless.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@ExtendWith(LocalAwsExtension.class)
class S3ImageStoreIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LocalAws aws;
  private final S3ImageStore store;

  S3ImageStoreIT(LocalAws aws) {
    this.aws = aws;
    store = new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofMinutes(10));
  }

  private static DecodedImage png(Color color) throws Exception {
    BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 3; y++) {
        image.setRGB(x, y, color.getRGB());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return new DecodedImage(out.toByteArray(), ImageFormat.PNG);
  }

  private static String newId() {
    return Long.toString(System.nanoTime()) + (int) (Math.random() * 1000);
  }

  private byte[] stored(String key) {
    return aws.s3().getObjectAsBytes(b -> b.bucket(aws.bucket()).key(key)).asByteArray();
  }

  @Test
  void inputIsStoredUnderItsKeyAndServedByAPresignedUrl() throws Exception {
    String taskId = newId();
    DecodedImage image = png(Color.ORANGE);
    String key = store.putInput(taskId, 2, image);
    assertEquals("inputs/" + taskId + "/2.png", key);
    assertArrayEquals(image.bytes(), stored(key));

    String url = store.url(key);
    assertTrue(url.startsWith(aws.endpointS3() + "/" + aws.bucket() + "/" + key + "?"), url);
    assertTrue(url.contains("X-Amz-Signature="), url);
    assertTrue(url.contains("X-Amz-Expires=600"), url);

    HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertArrayEquals(image.bytes(), response.body());
    assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(null));
  }

  @Test
  void uploadIsStoredUnderTheTenantWithItsContentType() throws Exception {
    String id = newId();
    DecodedImage image = new DecodedImage(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3}, ImageFormat.JPEG);
    String key = store.putUpload("tenant-a", id, image);
    assertEquals("uploads/tenant-a/images/" + id + ".jpg", key);
    assertArrayEquals(image.bytes(), stored(key));
    assertEquals("image/jpeg", aws.s3().headObject(b -> b.bucket(aws.bucket()).key(key)).contentType());
  }

  @Test
  void tamperedPresignedUrlIsRefused() throws Exception {
    String key = store.putInput(newId(), 0, png(Color.BLUE));
    String url = store.url(key).replace("/" + key + "?", "/" + key.replace("0.png", "1.png") + "?");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, response.statusCode());
  }

  @Test
  void publicBaseUrlIsJoinedWithTheKey() {
    S3ImageStore cdn = new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), "https://cdn.example.com/mj//",
        Duration.ofMinutes(10));
    assertEquals("https://cdn.example.com/mj/inputs/123/0.png", cdn.url("inputs/123/0.png"));
    assertEquals("https://cdn.example.com/mj/uploads/a%20b/images/x.png", cdn.url("uploads/a b/images/x.png"));
  }

  @Test
  void deleteAllRemovesTheObjectsAndToleratesUnknownKeys() throws Exception {
    String taskId = newId();
    String first = store.putInput(taskId, 0, png(Color.RED));
    String second = store.putInput(taskId, 1, png(Color.GREEN));
    String kept = store.putInput(newId(), 0, png(Color.GRAY));

    store.deleteAll(List.of(first, second, "inputs/" + taskId + "/9.png"));

    assertThrows(NoSuchKeyException.class, () -> stored(first));
    assertThrows(NoSuchKeyException.class, () -> stored(second));
    assertEquals(png(Color.GRAY).bytes().length, stored(kept).length);
    store.deleteAll(List.of());
  }

  @Test
  void deleteAllSwallowsErrors() throws Exception {
    S3ImageStore missingBucket = new S3ImageStore(aws.s3(), aws.presigner(), "no-such-bucket-" + UUID.randomUUID(),
        null, Duration.ofMinutes(1));
    missingBucket.deleteAll(List.of("inputs/1/0.png"));
    // The real bucket is untouched and still usable.
    String key = store.putInput(newId(), 0, png(Color.BLACK));
    assertArrayEquals(png(Color.BLACK).bytes(), stored(key));
  }

  @Test
  void keyPartsThatWouldEscapeTheirFolderAreRefused() throws Exception {
    DecodedImage image = png(Color.WHITE);
    assertThrows(IllegalArgumentException.class, () -> store.putUpload("a/b", "1", image));
    assertThrows(IllegalArgumentException.class, () -> store.putUpload("tenant", "..", image));
    assertThrows(IllegalArgumentException.class, () -> store.putInput("", 0, image));
  }
}
