package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.testing.ImageBombs;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A link into our own bucket is read with our credentials, so it works only for the caller's own
 * uploads and tasks. Another tenant's image, by every field that takes a link and with or without its
 * signature, answers exactly like a link to an object that does not exist, and nothing is stored.
 */
@ExtendWith(LocalAwsExtension.class)
class ImageLinksTenancyIT {
  private final ApiFixture api;
  private final S3ImageStore images;
  private final String aliceTenant = "alice-" + System.nanoTime();
  private final String bobTenant = "bob-" + System.nanoTime();
  private final String alice;
  private final String bob;

  ImageLinksTenancyIT(LocalAws aws) {
    api = new ApiFixture(aws);
    images = new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofHours(1));
    alice = api.userKey(aliceTenant);
    bob = api.userKey(bobTenant);
  }

  private static String dataUri(byte[] bytes) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] png(int side) {
    return ImageOps.png(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB));
  }

  /** Uploads a picture as {@code key}'s tenant through upload-discord-images; returns its presigned URL. */
  private String upload(String key) {
    ApiFixture.Response r = api.post("/mj/submit/upload-discord-images", Map.of("base64Array", List.of(dataUri(png(8)))), key);
    assertEquals(1, r.code(), r.body());
    return r.json().get("result").get(0).asText();
  }

  /** A finished imagine of {@code tenant} with its grid and first part in the bucket. */
  private Task finishedTask(String tenant) {
    Task task = api.seedSuccess(new TaskIds(Clock.systemUTC()).next(), tenant, TaskAction.IMAGINE, null);
    images.put(ResultKeys.grid(task.id()), ImageSource.ofBytes(png(16), "image/png"));
    images.put(ResultKeys.part(task.id(), 0), ImageSource.ofBytes(png(8), "image/png"));
    return task;
  }

  private static String unsigned(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** The routes and fields that take a link; each puts {@code link} where the field is named. */
  private static Map<String, Map.Entry<String, Object>> submissions(String link, String ownLink) {
    Map<String, Map.Entry<String, Object>> out = new LinkedHashMap<>();
    out.put("link", Map.entry("/mj/submit/describe", Map.of("link", link)));
    out.put("base64Array[0]", Map.entry("/mj/submit/imagine", Map.of("prompt", "a cat", "base64Array", List.of(link))));
    out.put("base64Array[1]", Map.entry("/mj/submit/blend", Map.of("base64Array", List.of(ownLink, link))));
    out.put("sourceUrl", Map.entry("/mj/insight-face/swap", Map.of("sourceUrl", link, "targetUrl", ownLink)));
    out.put("targetBase64", Map.entry("/mj/insight-face/swap", Map.of("sourceBase64", ownLink, "targetBase64", link)));
    return out;
  }

  @Test
  void anotherTenantsImagesAnswerExactlyLikeMissingOnesByEveryField() {
    String aliceUpload = upload(alice);
    Task aliceTask = finishedTask(aliceTenant);
    String bobOwn = upload(bob);
    List<String> aliceLinks = List.of(aliceUpload, unsigned(aliceUpload),
        images.url(ResultKeys.grid(aliceTask.id())), unsigned(images.url(ResultKeys.part(aliceTask.id(), 0))));
    String missingTask = new TaskIds(Clock.systemUTC()).next();
    List<String> missingLinks = List.of(
        unsigned(images.url("uploads/" + bobTenant + "/images/1763800000000000999.png")),
        images.url("uploads/" + aliceTenant + "/images/1763800000000000999.png"),
        images.url(ResultKeys.grid(missingTask)),
        images.url("secrets/not-an-image-of-ours.txt"));
    int objectsBefore = images.list("inputs/").size();
    int startedBefore = api.workflow.started.size();

    for (String link : concat(aliceLinks, missingLinks)) {
      submissions(link, bobOwn).forEach((field, route) -> {
        ApiFixture.Response r = api.post(route.getKey(), route.getValue(), bob);
        assertEquals(4, r.code(), field + " with " + link + ": " + r.body());
        assertEquals(field + " points to an image that does not exist", r.description(), link);
        assertTrue(!r.body().contains("specified key"), r.body());
      });
    }
    // The whole answers, not only their codes, are the same for an existing foreign object and a missing one.
    for (int i = 0; i < aliceLinks.size(); i++) {
      for (Map.Entry<String, Map.Entry<String, Object>> e : submissions(aliceLinks.get(i), bobOwn).entrySet()) {
        JsonNode foreign = answer(e.getValue());
        JsonNode missing = answer(submissions(missingLinks.get(i), bobOwn).get(e.getKey()));
        assertEquals(missing, foreign, e.getKey());
      }
    }
    assertEquals(0, api.get("/mj/task/list", bob).json().size(), "no task of bob's was stored");
    assertEquals(startedBefore, api.workflow.started.size(), "no workflow started");
    assertEquals(objectsBefore, images.list("inputs/").size(), "no input image was stored");
  }

  private JsonNode answer(Map.Entry<String, Object> route) {
    return api.post(route.getKey(), route.getValue(), bob).json();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void aTenantUsesItsOwnUploadsAndResultsByEveryField() {
    String own = upload(alice);
    Task task = finishedTask(aliceTenant);
    String grid = unsigned(images.url(ResultKeys.grid(task.id())));
    for (Map.Entry<String, Map.Entry<String, Object>> e : submissions(own, grid).entrySet()) {
      ApiFixture.Response r = api.post(e.getValue().getKey(), e.getValue().getValue(), alice);
      assertEquals(1, r.code(), e.getKey() + ": " + r.body());
      Task created = api.tasks.get(r.result()).orElseThrow();
      assertTrue(created.inputs().stream().noneMatch(in -> in.startsWith("http")),
          "our own links are kept as keys of the bucket: " + created.inputs());
    }
  }

  @Test
  void aPictureThatDeclaresTooManyPixelsIsRefusedAtSubmitNamingTheField() {
    String bomb = dataUri(ImageBombs.png(16000, 16000));
    int objectsBefore = images.list("inputs/").size();
    Map<String, Map.Entry<String, Object>> routes = new LinkedHashMap<>();
    routes.put("base64Array[1]", Map.entry("/mj/submit/imagine", Map.of("prompt", "a cat", "base64Array", List.of(dataUri(png(8)), bomb))));
    routes.put("base64Array[0]", Map.entry("/mj/submit/blend", Map.of("base64Array", List.of(bomb, dataUri(png(9))))));
    routes.put("base64", Map.entry("/mj/submit/describe", Map.of("base64", bomb)));
    routes.put("targetBase64", Map.entry("/mj/insight-face/swap", Map.of("sourceBase64", dataUri(png(8)), "targetBase64", bomb)));
    routes.put("base64Array[0] ", Map.entry("/mj/submit/upload-discord-images", Map.of("base64Array", List.of(bomb))));
    routes.forEach((field, route) -> {
      ApiFixture.Response r = api.post(route.getKey(), route.getValue(), bob);
      assertEquals(4, r.code(), r.body());
      assertEquals(field.strip() + " is too large: 16000x16000 pixels, more than the 40 megapixels allowed",
          r.description());
    });
    assertEquals(0, api.get("/mj/task/list", bob).json().size(), "no task was stored");
    assertEquals(objectsBefore, images.list("inputs/").size(), "no input image was stored");
    assertTrue(images.list("uploads/" + bobTenant + "/").isEmpty(), "no upload was stored");
  }
}
