package io.mjserverless.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.RequestBody;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.api.TaskLauncher;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.Caller;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.auth.Role;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.uploads.UploadArrivals;
import io.mjserverless.core.workflow.WorkflowStarter;
import io.mjserverless.core.workflow.WorkflowStartException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /mj/submit/upload-url, PUTs to the presigned URLs, and the S3 events of events/uploads/ through UploadsFunction. */
@ExtendWith(LocalAwsExtension.class)
class UploadsIT {
  static final long MAX_BYTES = 20_000;
  static final String DESCRIBE_SAMPLE_ID = "1763800000000000201";
  static final String BLEND_SAMPLE_ID = "1763800000000000202";

  /** Starts like Step Functions does: one execution per name, however often it is asked. */
  static final class NamedExecutions implements WorkflowStarter {
    final Set<String> executions = ConcurrentHashMap.newKeySet();
    final List<String> requests = new ArrayList<>();

    @Override
    public synchronized void start(String taskId) throws WorkflowStartException {
      requests.add(taskId);
      executions.add(taskId);
    }
  }

  private final LocalAws aws;
  private final DynamoTaskStore tasks;
  private final S3ImageStore images;
  private final NamedExecutions workflow = new NamedExecutions();
  private final ApiServices api;
  private final UploadsFunction function;
  private final HttpClient http = HttpClient.newHttpClient();
  private final RequestContext admin = new RequestContext(
      new Caller(Authenticator.ADMIN_TENANT, Role.ADMIN, Authenticator.BOOTSTRAP_KEY_ID), Optional.empty());

  UploadsIT(LocalAws aws) {
    this.aws = aws;
    Map<String, String> env = aws.environment();
    env.put("MAX_IMAGE_BYTES", String.valueOf(MAX_BYTES));
    Config config = Config.from(env);
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable());
    images = new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofHours(1));
    api = ApiServices.create(config, tasks, new DynamoApiKeyStore(aws.dynamo(), aws.keysTable()),
        new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable()), images, workflow, BannedWords.defaults(),
        Optional.empty(), Clock.systemUTC());
    function = new UploadsFunction(new UploadArrivals(tasks, images,
        new TaskLauncher(tasks, images, workflow, Clock.systemUTC(), "x"), Clock.systemUTC(), MAX_BYTES));
  }

  private SubmitResult uploadUrl(Map<String, Object> body) {
    return api.uploads().uploadUrl(admin, RequestBody.parse(Json.write(body)));
  }

  @SuppressWarnings("unchecked")
  private List<String> urls(SubmitResult r) {
    return ((List<Map<String, Object>>) r.properties().get("uploadUrls")).stream().map(u -> (String) u.get("url")).toList();
  }

  private int put(String url, byte[] body, String contentType) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] png(int side) {
    return ImageOps.png(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB));
  }

  /** A picture of noise: PNG cannot compress it, so its size is about 3 bytes a pixel. */
  private static byte[] noisyPng(int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return ImageOps.png(image);
  }

  /** Runs UploadsFunction on an event file, with the sample task id in its key replaced by {@code taskId}. */
  private String fire(String file, String sampleId, String taskId) throws Exception {
    String event;
    try (InputStream in = getClass().getResourceAsStream("/events/uploads/" + file)) {
      event = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace(sampleId, taskId);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    function.handleRequest(new ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
    JsonNode outcomes = Json.MAPPER.readTree(out.toByteArray()).get("outcomes");
    return outcomes.get(0).get("outcome").asText();
  }

  private Task task(String id) {
    return tasks.get(id).orElseThrow();
  }

  @Test
  void aDescribeUploadStartsItsTaskOnceHoweverOftenTheEventComes() throws Exception {
    SubmitResult r = uploadUrl(Map.of("purpose", "describe", "state", "s1"));
    assertEquals(1, r.code());
    String id = (String) r.result();
    assertEquals(TaskStatus.NOT_START, task(id).status());
    assertEquals("s1", task(id).state());
    List<String> urls = urls(r);
    assertEquals(1, urls.size());
    assertEquals(200, put(urls.get(0), png(8), "image/png"));
    assertEquals("STARTED", fire("describe-put.json", DESCRIBE_SAMPLE_ID, id));
    assertEquals(List.of("uploads/admin/describe/" + id + "/0.png"), task(id).inputs());
    fire("describe-put.json", DESCRIBE_SAMPLE_ID, id);
    assertEquals(1, workflow.executions.stream().filter(id::equals).count());
  }

  @Test
  void aBlendStartsWhenItsLastImageArrivesInAnyOrder() throws Exception {
    SubmitResult r = uploadUrl(Map.of("purpose", "blend", "count", 3, "dimensions", "LANDSCAPE"));
    String id = (String) r.result();
    List<String> urls = urls(r);
    assertEquals(3, urls.size());
    assertEquals(200, put(urls.get(0), png(8), "image/png"));
    assertEquals("WAITING", fire("blend-put-0.json", BLEND_SAMPLE_ID, id));
    assertEquals(200, put(urls.get(2), png(9), "image/png"));
    assertEquals("WAITING", fire("blend-put-2.json", BLEND_SAMPLE_ID, id));
    assertTrue(workflow.executions.stream().noneMatch(id::equals));
    assertEquals(200, put(urls.get(1), png(10), "image/png"));
    assertEquals("STARTED", fire("blend-put-1.json", BLEND_SAMPLE_ID, id));
    fire("blend-put-0.json", BLEND_SAMPLE_ID, id);
    assertEquals(3, task(id).inputs().size());
    assertEquals("LANDSCAPE", task(id).dimensions());
    assertEquals(1, workflow.executions.stream().filter(id::equals).count());
  }

  @Test
  void somethingThatIsNotAnImageFailsTheTaskAndIsDeleted() throws Exception {
    String id = (String) uploadUrl(Map.of("purpose", "describe")).result();
    SubmitResult fresh = uploadUrl(Map.of("purpose", "describe"));
    String freshId = (String) fresh.result();
    assertEquals(200, put(urls(fresh).get(0), "%PDF-1.7 not a picture".getBytes(), "image/png"));
    assertEquals("REJECTED", fire("describe-put.json", DESCRIBE_SAMPLE_ID, freshId));
    Task failed = task(freshId);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertTrue(failed.failReason().contains("not a PNG, JPEG, WebP or GIF"), failed.failReason());
    assertTrue(images.head("uploads/admin/describe/" + freshId + "/0.png").isEmpty(), "the object was deleted");
    assertTrue(workflow.executions.contains(freshId), "the workflow runs to deliver the FAILURE callback");
    assertEquals(TaskStatus.NOT_START, task(id).status(), "other tasks are untouched");
  }

  @Test
  void anOversizedImageFailsTheTask() throws Exception {
    SubmitResult r = uploadUrl(Map.of("purpose", "describe"));
    String id = (String) r.result();
    byte[] big = noisyPng(120);
    assertTrue(big.length > MAX_BYTES);
    assertEquals(200, put(urls(r).get(0), big, "image/png"));
    assertEquals("REJECTED", fire("describe-put.json", DESCRIBE_SAMPLE_ID, id));
    assertTrue(task(id).failReason().contains("larger than " + MAX_BYTES), task(id).failReason());
  }

  @Test
  void aPictureThatDeclaresTooManyPixelsFailsTheTaskAndIsDeleted() throws Exception {
    SubmitResult r = uploadUrl(Map.of("purpose", "describe"));
    String id = (String) r.result();
    byte[] bomb = io.mjserverless.core.testing.ImageBombs.png(8000, 8000); // 64 megapixels in a few KB
    assertTrue(bomb.length < MAX_BYTES, bomb.length + " bytes");
    assertEquals(200, put(urls(r).get(0), bomb, "image/png"));
    assertEquals("REJECTED", fire("describe-put.json", DESCRIBE_SAMPLE_ID, id));
    Task failed = task(id);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals("uploaded image 0 is too large: 8000x8000 pixels, more than the 40 megapixels allowed",
        failed.failReason());
    assertTrue(images.head("uploads/admin/describe/" + id + "/0.png").isEmpty(), "the object was deleted");
  }

  @Test
  void aKeyOfAnotherTenantTouchesNoTaskAndIsDeleted() throws Exception {
    String id = (String) uploadUrl(Map.of("purpose", "describe")).result();
    String foreignKey = "uploads/intruder/describe/" + id + "/0.png";
    aws.s3().putObject(b -> b.bucket(aws.bucket()).key(foreignKey).contentType("image/png"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(png(8)));
    assertEquals("DELETED", fire("foreign-tenant-put.json", DESCRIBE_SAMPLE_ID, id));
    assertEquals(TaskStatus.NOT_START, task(id).status());
    assertTrue(task(id).inputs().isEmpty());
    assertTrue(images.head(foreignKey).isEmpty());
  }

  @Test
  void imagePromptUploadsAreLeftAloneAndStrayObjectsAreDeleted() throws Exception {
    String prompt = "uploads/admin/images/1763800000000000301.png";
    aws.s3().putObject(b -> b.bucket(aws.bucket()).key(prompt), software.amazon.awssdk.core.sync.RequestBody.fromBytes(png(8)));
    assertEquals("IGNORED", fire("image-prompt-put.json", "-", "-"));
    assertTrue(images.head(prompt).isPresent());
    String stray = "uploads/admin/notes/readme.txt";
    aws.s3().putObject(b -> b.bucket(aws.bucket()).key(stray), software.amazon.awssdk.core.sync.RequestBody.fromString("hi"));
    assertEquals("DELETED", fire("stray-object-put.json", "-", "-"));
    assertTrue(images.head(stray).isEmpty());
  }

  @Test
  void thePresignedUrlOnlyTakesTheContentTypeItWasSignedFor() throws Exception {
    SubmitResult r = uploadUrl(Map.of("purpose", "describe", "contentType", "image/jpeg"));
    String url = urls(r).get(0);
    assertTrue(url.contains("/0.jpg"), url);
    assertEquals(403, put(url, png(8), "text/plain"));
  }

  @Test
  void badUploadRequestsAreCode4() {
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(), Map.of("purpose", "paint"),
        Map.of("purpose", "describe", "count", 2), Map.of("purpose", "blend", "count", 6),
        Map.of("purpose", "blend", "contentType", "text/html"))) {
      try {
        uploadUrl(bad);
        throw new AssertionError("accepted " + bad);
      } catch (io.mjserverless.core.api.ValidationException e) {
        assertTrue(e.getMessage().contains(e.field()), e.getMessage());
      }
    }
  }

  @Test
  void ourOwnImageUrlsAreReadFromTheBucketAsImagePrompts() {
    String data = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png(8));
    SubmitResult uploaded = api.submits().uploadImages(admin, RequestBody.parse(Json.write(Map.of("base64Array", List.of(data)))));
    @SuppressWarnings("unchecked")
    String url = ((List<String>) uploaded.result()).get(0);
    SubmitResult imagine = api.submits().imagine(admin, RequestBody.parse(Json.write(Map.of("prompt", "a cat", "base64Array", List.of(url)))));
    Task task = task((String) imagine.result());
    assertTrue(task.inputs().get(0).startsWith("uploads/admin/images/"), task.inputs().toString());
  }
}
