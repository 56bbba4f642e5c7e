package io.mjserverless.local;

import static io.mjserverless.local.E2eTasks.accepted;
import static io.mjserverless.local.E2eTasks.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.notify.CallbackSigner;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product over real HTTP, as started by `serve`: template.yaml's functions in-process, the
 * real state machine in the local ASL executor, DynamoDB Local and s3proxy on disk. Clock compressed
 * by --time-scale so a task takes about a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRuntimeE2EIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  private Path dataDir;
  private LocalRuntime runtime;
  private ApiClient admin;
  private ApiClient user;
  private String userKey;
  private String webhookSecret;
  private HttpServer receiver;
  private final List<String[]> callbacks = new CopyOnWriteArrayList<>();
  private String imagineId;
  private String upscaleId;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("mj-e2e-");
    runtime = LocalRuntime.start(options(), true);
    admin = new ApiClient(runtime.baseUrl(), runtime.apiKey());
    JsonNode key = admin.post("/mj/admin/api-keys", Map.of("tenant", "e2e")).json();
    userKey = key.get("key").asText();
    user = new ApiClient(runtime.baseUrl(), userKey);
    webhookSecret = key.get("webhookSecret").asText();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      callbacks.add(new String[] {exchange.getRequestHeaders().getFirst("X-Mj-Signature"), body});
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  private RuntimeOptions options() {
    return new RuntimeOptions(Path.of("../template.yaml"), dataDir, "127.0.0.1", 0, 0.03, "e2e-admin-key");
  }

  @AfterAll
  void stop() throws Exception {
    receiver.stop(0);
    runtime.close();
  }

  private String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private JsonNode succeeded(String id) {
    JsonNode task = user.awaitFinal(id, WAIT, t -> { });
    assertEquals("SUCCESS", task.get("status").asText(), task.toString());
    assertEquals("100%", task.get("progress").asText());
    return task;
  }

  private static String pngUri(BufferedImage image) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageOps.png(image));
  }

  @Test
  @Order(1)
  void imagineThenUpscaleVariationAndZoom() {
    imagineId = accepted(user.post("/mj/submit/imagine", Map.of("prompt", "a lighthouse at dawn --ar 3:2", "notifyHook", hook())));
    JsonNode grid = succeeded(imagineId);
    assertEquals(4, grid.get("imageUrls").size());
    BufferedImage picture = ImageOps.decode(user.download(grid.get("imageUrl").asText()));
    assertTrue(picture.getWidth() > picture.getHeight(), "--ar 3:2");

    upscaleId = accepted(user.post("/mj/submit/action", Map.of("taskId", imagineId, "customId", button(grid, "MJ::JOB::upsample::1::"))));
    JsonNode upscale = succeeded(upscaleId);
    assertEquals("UPSCALE", upscale.get("action").asText());
    String v1 = accepted(user.post("/mj/submit/action", Map.of("taskId", imagineId, "customId", button(grid, "MJ::JOB::variation::1::"))));
    assertEquals("VARIATION", succeeded(v1).get("action").asText());
    String zoom = accepted(user.post("/mj/submit/action", Map.of("taskId", upscaleId, "customId", button(upscale, "MJ::Outpaint::50::"))));
    assertEquals("ZOOM", succeeded(zoom).get("action").asText());
  }

  @Test
  @Order(2)
  void customZoomAndVaryRegionGoThroughTheModal() {
    JsonNode upscale = user.get("/mj/task/" + upscaleId + "/fetch").json();
    ApiClient.Answer modal = user.post("/mj/submit/action", Map.of("taskId", upscaleId, "customId", button(upscale, "MJ::CustomZoom::")));
    assertEquals(21, modal.json().get("code").asInt(), modal.body());
    String zoomId = modal.json().get("result").asText();
    assertEquals("MODAL", user.get("/mj/task/" + zoomId + "/fetch").json().get("status").asText());
    accepted(user.post("/mj/submit/modal", Map.of("taskId", zoomId, "prompt", "a lighthouse at dawn --zoom 1.5")));
    succeeded(zoomId);

    BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 10; y < 40; y++) {
      for (int x = 10; x < 40; x++) {
        mask.setRGB(x, y, 0xffffff);
      }
    }
    String regionId = user.post("/mj/submit/action", Map.of("taskId", upscaleId, "customId", button(upscale, "MJ::Inpaint::")))
        .json().get("result").asText();
    accepted(user.post("/mj/submit/modal", Map.of("taskId", regionId, "prompt", "a red door", "maskBase64", pngUri(mask))));
    assertEquals("VARIATION", succeeded(regionId).get("action").asText());
  }

  @Test
  @Order(3)
  void describeBlendAndShorten() {
    BufferedImage img = new BufferedImage(80, 45, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(new java.awt.Color(30, 80, 200));
    g.fillRect(0, 0, 80, 45);
    g.dispose();
    JsonNode describe = succeeded(accepted(user.post("/mj/submit/describe", Map.of("base64", pngUri(img)))));
    assertTrue(describe.get("properties").get("finalPrompt").asText().contains("--ar 16:9"));
    JsonNode blend = succeeded(accepted(user.post("/mj/submit/blend", Map.of("base64Array", List.of(pngUri(img), pngUri(img))))));
    assertEquals("BLEND", blend.get("action").asText());
    JsonNode shorten = succeeded(accepted(user.post("/mj/submit/shorten", Map.of("prompt", "a very detailed red fox in the snow"))));
    assertTrue(shorten.get("properties").get("finalPrompt").asText().contains("## Shortened prompts"));
  }

  /** issue 11, items 3 and 4: imageUrls lists the four pictures of a grid; anything else has null (docs/api.md). */
  @Test
  @Order(3)
  void theTaskJsonOfEveryActionListsImageUrlsOnlyForAGrid() {
    JsonNode grid = user.get("/mj/task/" + imagineId + "/fetch").json();
    JsonNode upscale = user.get("/mj/task/" + upscaleId + "/fetch").json();
    BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    BufferedImage face = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    face.setRGB(20, 20, 0xffcc99);

    String running = accepted(user.post("/mj-relax/mj/submit/imagine", Map.of("prompt", "a slow heron")));
    // Every answer while it runs (previews in imageUrl) has no list; the finished grid has its four.
    JsonNode ran = user.awaitFinal(running, WAIT, t -> {
      if (!t.get("status").asText().equals("SUCCESS")) {
        assertNullField("a running task (" + t.get("status").asText() + ")", t, "imageUrls");
      }
    });
    assertGrid("the imagine that was running", ran);

    Map<String, String> grids = new LinkedHashMap<>();
    grids.put("reroll", accepted(action(imagineId, button(grid, "MJ::JOB::reroll::0::"))));
    grids.put("V2", accepted(action(imagineId, button(grid, "MJ::JOB::variation::2::"))));
    grids.put("Vary (Subtle)", accepted(action(upscaleId, button(upscale, "MJ::JOB::low_variation::1::"))));
    grids.put("Vary (Strong)", accepted(action(upscaleId, button(upscale, "MJ::JOB::high_variation::1::"))));
    grids.put("Zoom Out 1.5x", accepted(action(upscaleId, button(upscale, "MJ::Outpaint::75::"))));
    grids.put("Pan left", accepted(action(upscaleId, button(upscale, "MJ::JOB::pan_left::1::"))));
    grids.put("blend", accepted(user.post("/mj/submit/blend", Map.of("base64Array", List.of(pngUri(picture), pngUri(face))))));
    String customZoom = user.post("/mj/submit/action", Map.of("taskId", upscaleId, "customId", button(upscale, "MJ::CustomZoom::")))
        .json().get("result").asText();
    JsonNode waiting = user.get("/mj/task/" + customZoom + "/fetch").json();
    assertEquals("MODAL", waiting.get("status").asText());
    assertNullField("a task waiting for its modal", waiting, "imageUrls");
    grids.put("Custom Zoom", accepted(user.post("/mj/submit/modal", Map.of("taskId", customZoom, "prompt", "a lighthouse --zoom 1.2"))));
    String region = user.post("/mj/submit/action", Map.of("taskId", upscaleId, "customId", button(upscale, "MJ::Inpaint::")))
        .json().get("result").asText();
    BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 8; y < 24; y++) {
      for (int x = 8; x < 24; x++) {
        mask.setRGB(x, y, 0xffffff);
      }
    }
    grids.put("Vary (Region)", accepted(user.post("/mj/submit/modal", Map.of("taskId", region, "prompt", "a red door",
        "maskBase64", pngUri(mask)))));

    Map<String, String> singles = new LinkedHashMap<>();
    singles.put("U3", accepted(action(imagineId, button(grid, "MJ::JOB::upsample::3::"))));
    singles.put("Upscale (Subtle)", accepted(action(upscaleId, button(upscale, "MJ::JOB::upsample_v6_2x_subtle::"))));
    singles.put("face swap", accepted(user.post("/mj/insight-face/swap",
        Map.of("sourceBase64", pngUri(face), "targetBase64", pngUri(picture)))));
    singles.put("describe", accepted(user.post("/mj/submit/describe", Map.of("base64", pngUri(picture)))));
    String shorten = accepted(user.post("/mj/submit/shorten", Map.of("prompt", "a very detailed heron in the reeds")));

    assertGrid("imagine", grid);
    for (Map.Entry<String, String> g : grids.entrySet()) {
      assertGrid(g.getKey(), succeeded(g.getValue()));
    }
    assertNullField("upscale U1", upscale, "imageUrls");
    for (Map.Entry<String, String> one : singles.entrySet()) {
      JsonNode task = succeeded(one.getValue());
      assertNullField(one.getKey(), task, "imageUrls");
      assertTrue(ImageOps.decode(user.download(task.get("imageUrl").asText())).getWidth() > 0, one.getKey());
    }
    JsonNode shortened = succeeded(shorten);
    assertNullField("shorten", shortened, "imageUrls");
    assertNullField("shorten", shortened, "imageUrl");
  }

  /** issue 11, item 1: a new version is accepted, a malformed one refused; issue 10, item 5: ranges and unknown names. */
  @Test
  @Order(3)
  void newVersionsAreAcceptedAndMalformedOrUnknownParametersRefused() {
    List<String> ids = new ArrayList<>();
    for (String prompt : List.of("a fox --v 7.0", "a fox --v 7.1", "a fox --niji 7", "a fox \u2014ar 16:9 \u2014v 7.0 --r 2")) {
      ids.add(accepted(user.post("/mj/submit/imagine", Map.of("prompt", prompt))));
    }
    for (String id : ids) {
      succeeded(id);
    }
    JsonNode phone = user.get("/mj/task/" + ids.get(3) + "/fetch").json();
    assertEquals("a fox --ar 16:9 --v 7.0 --r 2", phone.get("promptEn").asText());
    BufferedImage wide = ImageOps.decode(user.download(phone.get("imageUrl").asText()));
    assertTrue(wide.getWidth() > wide.getHeight(), "\u2014ar 16:9 read as --ar 16:9");

    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("a fox --v seven", "--v must be a version number such as 6.1 or 7, got seven");
    refused.put("a fox --xxxx", "Unrecognized parameter(s): --xxxx");
    refused.put("a fox --repeat 41", "--repeat must be an integer from 1 to 40, got 41");
    refused.put("a fox --stop 5", "--stop must be an integer from 10 to 100, got 5");
    refused.put("a fox --cref https://x.example/c.png --cw 101", "--cw must be an integer from 0 to 100, got 101");
    for (Map.Entry<String, String> r : refused.entrySet()) {
      ApiClient.Answer answer = user.post("/mj/submit/imagine", Map.of("prompt", r.getKey()));
      assertEquals(200, answer.status(), answer.body());
      assertEquals(4, answer.json().get("code").asInt(), answer.body());
      assertEquals(r.getValue(), answer.json().get("description").asText());
    }
  }

  private ApiClient.Answer action(String taskId, String customId) {
    return user.post("/mj/submit/action", Map.of("taskId", taskId, "customId", customId));
  }

  private static void assertGrid(String what, JsonNode task) {
    assertTrue(task.get("imageUrl").isTextual(), what + ": " + task);
    assertEquals(4, task.get("imageUrls").size(), what + ": " + task.get("imageUrls"));
    for (JsonNode part : task.get("imageUrls")) {
      assertTrue(part.get("url").isTextual(), what);
    }
  }

  /** Present and null: the task JSON keeps every field, and Dooy's UI reads any list as a grid. */
  private static void assertNullField(String what, JsonNode task, String field) {
    assertTrue(task.has(field), what + " has no " + field);
    assertTrue(task.get(field).isNull(), what + ": " + field + " = " + task.get(field));
  }

  @Test
  @Order(4)
  void aDirectUploadStartsItsTaskWhenTheImageLands() throws Exception {
    ApiClient.Answer answer = user.post("/mj/submit/upload-url", Map.of("purpose", "describe", "contentType", "image/png"));
    String id = accepted(answer);
    assertEquals("NOT_START", user.get("/mj/task/" + id + "/fetch").json().get("status").asText());
    String url = answer.json().get("properties").get("uploadUrls").get(0).get("url").asText();
    BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    java.net.http.HttpResponse<Void> put = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "image/png")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(ImageOps.png(img))).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(200, put.statusCode());
    JsonNode describe = succeeded(id);
    assertEquals("DESCRIBE", describe.get("action").asText());
    assertTrue(describe.get("properties").get("finalPrompt").asText().contains("--ar 1:1"));
  }

  @Test
  @Order(4)
  void listByConditionLeavesOutUnknownAndForeignIds() {
    String foreign = accepted(admin.post("/mj/submit/shorten", Map.of("prompt", "an admin's own task")));
    JsonNode list = user.post("/mj/task/list-by-condition", Map.of("ids", List.of(imagineId, "1763800000000000404", foreign, upscaleId))).json();
    assertEquals(2, list.size());
    assertEquals(404, user.get("/mj/task/" + foreign + "/fetch").status());
  }

  @Test
  @Order(5)
  void callbacksWereSignedWithTheKeysSecretAndEndedWithSuccess() {
    long deadline = System.currentTimeMillis() + 10_000;
    while (callbacks.stream().noneMatch(c -> c[1].contains("\"SUCCESS\"")) && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertFalse(callbacks.isEmpty());
    for (String[] c : callbacks) {
      assertTrue(CallbackSigner.verify(webhookSecret, c[0], c[1], System.currentTimeMillis() / 1000, 600), c[0]);
    }
    assertTrue(callbacks.get(callbacks.size() - 1)[1].contains("\"status\":\"SUCCESS\""));
  }

  @Test
  @Order(6)
  void cancelEndsARunningTask() {
    String id = accepted(user.post("/mj-relax/mj/submit/imagine", Map.of("prompt", "a slow relaxed cat")));
    ApiClient.Answer cancel = user.post("/mj/task/" + id + "/cancel", "");
    assertEquals(1, cancel.json().get("code").asInt(), cancel.body());
    JsonNode task = user.awaitFinal(id, WAIT, t -> { });
    assertEquals("CANCEL", task.get("status").asText());
    assertFalse(task.get("failReason").asText().isBlank());
  }

  @Test
  @Order(7)
  void aRestartKeepsFinishedTasksAndTheirImages() throws Exception {
    runtime.close();
    runtime = LocalRuntime.start(options(), true);
    ApiClient again = new ApiClient(runtime.baseUrl(), userKey);
    JsonNode task = again.get("/mj/task/" + imagineId + "/fetch").json();
    assertEquals("SUCCESS", task.get("status").asText());
    byte[] png = again.download(task.get("imageUrl").asText());
    assertEquals('P', png[1]);
  }

  @Test
  @Order(99)
  void theSweeperRunsOnItsScheduleWhileServing() {
    // rate(5 minutes) at --time-scale 0.03: every 9 s.
    long deadline = System.currentTimeMillis() + 30_000;
    while (runtime.schedules().runs("SweepFunction") < 1 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(runtime.schedules().runs("SweepFunction") >= 1, "the scheduled sweep ran");
  }
}
