package io.mjserverless.core.testing;

import static io.mjserverless.core.json.Json.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.testing.FakeMjProxy.Answer;
import io.mjserverless.core.testing.FakeMjProxy.Recorded;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeMjProxyTest {
  private static final long JOB = 4000; // the fake's default jobMillis
  private final AtomicLong now = new AtomicLong(1_760_000_000_000L);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private FakeMjProxy fake;

  @BeforeEach
  void start() {
    fake = FakeMjProxy.start().clock(now::get);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void imagineRunsThroughProgressToAGridWithButtons() throws Exception {
    long t0 = now.get();
    JsonNode submitted = post("/mj/submit/imagine", Map.of("prompt", "a red fox", "state", "s1"));
    assertEquals(1, submitted.get("code").asInt());
    assertEquals("提交成功", submitted.get("description").asText());
    assertEquals("fake-instance", submitted.at("/properties/discordInstanceId").asText());
    String id = submitted.get("result").asText();
    assertTrue(id.matches("\\d{19}"), id);

    JsonNode task = fetch(id);
    assertEquals("SUBMITTED", task.get("status").asText());
    assertEquals("0%", task.get("progress").asText());
    assertEquals("IMAGINE", task.get("action").asText());
    assertEquals("s1", task.get("state").asText());
    assertEquals(0, task.get("buttons").size());
    assertTrue(task.get("imageUrl").isNull());

    String[] steps = {"15%", "31%", "46%", "62%", "78%", "93%"};
    Set<String> previews = new HashSet<>();
    for (int k = 1; k <= 6; k++) {
      now.set(t0 + (k * JOB + 6) / 7);
      task = fetch(id);
      assertEquals("IN_PROGRESS", task.get("status").asText());
      assertEquals(steps[k - 1], task.get("progress").asText());
      previews.add(task.get("imageUrl").asText());
    }
    assertEquals(6, previews.size());
    BufferedImage preview = png(previews.iterator().next());
    assertEquals(128, preview.getWidth());

    now.set(t0 + JOB);
    task = fetch(id);
    assertEquals("SUCCESS", task.get("status").asText());
    assertEquals("100%", task.get("progress").asText());
    assertEquals(t0 + JOB, task.get("finishTime").asLong());
    assertEquals("a red fox", task.at("/properties/finalPrompt").asText());
    String hash = task.at("/properties/messageHash").asText();
    assertTrue(hash.matches("[0-9a-f-]{36}"), hash);
    List<String> customIds = customIds(task);
    assertEquals(List.of("MJ::JOB::upsample::1::" + hash, "MJ::JOB::upsample::2::" + hash, "MJ::JOB::upsample::3::" + hash,
        "MJ::JOB::upsample::4::" + hash, "MJ::JOB::reroll::0::" + hash + "::SOLO", "MJ::JOB::variation::1::" + hash,
        "MJ::JOB::variation::2::" + hash, "MJ::JOB::variation::3::" + hash, "MJ::JOB::variation::4::" + hash), customIds);
    assertEquals("U1", task.at("/buttons/0/label").asText());
    assertEquals(2, task.at("/buttons/0/type").asInt());

    HttpResponse<byte[]> image = get(task.get("imageUrl").asText());
    assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(image.body()));
    assertEquals(512, grid.getWidth());
    assertEquals(512, grid.getHeight());
    int[] quadrants = quadrantColours(grid);
    assertEquals(4, Set.of(quadrants[0], quadrants[1], quadrants[2], quadrants[3]).size());
    assertEquals(quadrants[0], grid.getRGB(1, 1)); // solid: a corner matches the quadrant's centre
    assertEquals(quadrants[3], grid.getRGB(510, 510));
    assertEquals(task, fake.task(id).orElseThrow());
    assertEquals(1, fake.taskCount());
  }

  @Test
  void upscaleThenVaryRegionGoesThroughTheModal() throws Exception {
    String gridId = finished(imagine("a lighthouse"));
    JsonNode grid = fetch(gridId);
    int topRight = quadrantColours(png(grid.get("imageUrl").asText()))[1];

    JsonNode u2 = post("/mj/submit/action", Map.of("taskId", gridId, "customId", customIds(grid).get(1)));
    assertEquals(1, u2.get("code").asInt());
    JsonNode upscale = fetch(finished(u2.get("result").asText()));
    assertEquals("UPSCALE", upscale.get("action").asText());
    assertEquals("SUCCESS", upscale.get("status").asText());
    BufferedImage single = png(upscale.get("imageUrl").asText());
    assertEquals(256, single.getWidth());
    assertEquals(topRight, single.getRGB(128, 128)); // U2 is the top-right quadrant
    String hash = upscale.at("/properties/messageHash").asText();
    assertNotEquals(grid.at("/properties/messageHash").asText(), hash);
    String region = "MJ::Inpaint::1::" + hash + "::SOLO";
    assertTrue(customIds(upscale).containsAll(List.of(region, "MJ::JOB::upsample_v6_2x_subtle::1::" + hash + "::SOLO",
        "MJ::JOB::high_variation::1::" + hash + "::SOLO", "MJ::Outpaint::75::1::" + hash + "::SOLO",
        "MJ::CustomZoom::" + hash, "MJ::JOB::pan_left::1::" + hash + "::SOLO", "MJ::BOOKMARK::" + hash)), customIds(upscale).toString());

    JsonNode liked = post("/mj/submit/action", Map.of("taskId", upscale.get("id").asText(), "customId", "MJ::BOOKMARK::" + hash));
    assertEquals(upscale.get("id").asText(), liked.get("result").asText()); // no new task for a bookmark
    JsonNode opened = post("/mj/submit/action", Map.of("taskId", upscale.get("id").asText(), "customId", region));
    assertEquals(21, opened.get("code").asInt());
    assertEquals("Waiting for window confirm", opened.get("description").asText());
    assertTrue(opened.at("/properties/remix").asBoolean());
    assertEquals("a lighthouse", opened.at("/properties/finalPrompt").asText());
    String modalId = opened.get("result").asText();
    assertEquals("MODAL", fetch(modalId).get("status").asText());

    JsonNode noMask = post("/mj/submit/modal", Map.of("taskId", modalId, "prompt", "a lighthouse at night"));
    assertEquals(4, noMask.get("code").asInt());
    assertEquals("maskBase64不能为空", noMask.get("description").asText());
    JsonNode confirmed = post("/mj/submit/modal", Map.of("taskId", modalId, "prompt", "a lighthouse at night", "maskBase64", dataUri()));
    assertEquals(1, confirmed.get("code").asInt());
    assertEquals(modalId, confirmed.get("result").asText());
    assertEquals(4, post("/mj/submit/modal", Map.of("taskId", modalId, "maskBase64", dataUri())).get("code").asInt()); // not MODAL any more

    JsonNode varied = fetch(finished(modalId));
    assertEquals("VARIATION", varied.get("action").asText());
    assertEquals("a lighthouse at night", varied.at("/properties/finalPrompt").asText());
    assertEquals("U1", varied.at("/buttons/0/label").asText());
    assertEquals(512, png(varied.get("imageUrl").asText()).getWidth());
  }

  @Test
  void submitsAndActionsAreValidated() throws Exception {
    assertEquals("prompt不能为空", post("/mj/submit/imagine", Map.of("prompt", "  ")).get("description").asText());
    assertEquals(4, post("/mj/submit/blend", Map.of("base64Array", List.of(dataUri()))).get("code").asInt());
    assertEquals(4, post("/mj/insight-face/swap", Map.of("sourceBase64", dataUri())).get("code").asInt());
    JsonNode missing = post("/mj/submit/action", Map.of("taskId", "42", "customId", "MJ::JOB::upsample::1::x"));
    assertEquals(3, missing.get("code").asInt());
    assertEquals("关联任务不存在或已失效", missing.get("description").asText());
    String running = imagine("a cat");
    JsonNode early = post("/mj/submit/action", Map.of("taskId", running, "customId", "MJ::JOB::upsample::1::x"));
    assertEquals("关联任务状态错误", early.get("description").asText());
    finished(running);
    JsonNode unknown = post("/mj/submit/action", Map.of("taskId", running, "customId", "MJ::JOB::upsample::1::not-its-hash"));
    assertEquals(4, unknown.get("code").asInt());
    assertEquals("未知的 Action 类型", unknown.get("description").asText());
    assertEquals(1, fake.taskCount()); // none of the rejected submits made a task
    assertEquals(400, send("POST", "/mj/submit/imagine", "{not json").statusCode());
    assertEquals(200, send("GET", "/mj/task/999/fetch", null).statusCode());
    assertEquals("", send("GET", "/mj/task/999/fetch", null).body());
  }

  @Test
  void describeShortenBlendAndRemix() throws Exception {
    JsonNode described = fetch(finished(post("/mj/submit/describe", Map.of("base64", dataUri())).get("result").asText()));
    String four = described.at("/properties/finalPrompt").asText();
    assertTrue(four.startsWith("1️⃣ ") && four.contains("\n\n4️⃣ "), four);
    assertEquals(four, described.get("prompt").asText());
    assertEquals(2, png(described.get("imageUrl").asText()).getWidth()); // the client's own 2x2 picture
    assertEquals(List.of("MJ::Job::PicReader::1", "MJ::Job::PicReader::2", "MJ::Job::PicReader::3", "MJ::Job::PicReader::4",
        "MJ::Picread::Retry", "MJ::Job::PicReader::all"), customIds(described));
    JsonNode pick = post("/mj/submit/action", Map.of("taskId", described.get("id").asText(), "customId", "MJ::Job::PicReader::2"));
    assertEquals(21, pick.get("code").asInt());
    assertEquals(FakeMjProxy.DESCRIBED_PROMPTS.get(1), pick.at("/properties/finalPrompt").asText());
    assertEquals(1, post("/mj/submit/modal", Map.of("taskId", pick.get("result").asText())).get("code").asInt());
    assertEquals("IMAGINE", fetch(pick.get("result").asText()).get("action").asText());
    JsonNode retry = post("/mj/submit/action", Map.of("taskId", described.get("id").asText(), "customId", "MJ::Picread::Retry"));
    assertEquals("DESCRIBE", fetch(retry.get("result").asText()).get("action").asText());
    JsonNode all = post("/mj/submit/action", Map.of("taskId", described.get("id").asText(), "customId", "MJ::Job::PicReader::all"));
    String[] started = all.get("result").asText().split(",");
    assertEquals(4, started.length);
    assertEquals(FakeMjProxy.DESCRIBED_PROMPTS.get(3), fetch(started[3]).get("prompt").asText());

    JsonNode shortened = fetch(finished(post("/mj/submit/shorten", Map.of("prompt", "a very old stone bridge --ar 3:2")).get("result").asText()));
    assertEquals("## Important tokens\na very old stone bridge --ar 3:2\n## Shortened prompts\n1️⃣ a very old stone bridge\n\n"
        + "2️⃣ a very old stone\n\n3️⃣ a very old\n\n4️⃣ a very\n\n5️⃣ a", shortened.at("/properties/finalPrompt").asText());
    assertTrue(shortened.get("imageUrl").isNull());
    assertEquals(5, shortened.get("buttons").size());

    String blend = finished(post("/mj/submit/blend", Map.of("base64Array", List.of(dataUri(), dataUri()), "dimensions", "PORTRAIT")).get("result").asText());
    JsonNode blended = fetch(blend);
    assertEquals("BLEND", blended.get("action").asText());
    String u1 = finished(post("/mj/submit/action", Map.of("taskId", blend, "customId", customIds(blended).get(0))).get("result").asText());
    String zoomId = "MJ::CustomZoom::" + fetch(u1).at("/properties/messageHash").asText();
    JsonNode zoom = post("/mj/submit/action", Map.of("taskId", u1, "customId", zoomId));
    assertEquals(21, zoom.get("code").asInt());
    assertTrue(zoom.at("/properties/finalPrompt").asText().endsWith("--zoom 2"));
    assertEquals(4, post("/mj/submit/modal", Map.of("taskId", zoom.get("result").asText(), "prompt", "wider")).get("code").asInt());

    fake.remix(true);
    JsonNode v1 = post("/mj/submit/action", Map.of("taskId", blend, "customId", customIds(blended).get(5)));
    assertEquals(21, v1.get("code").asInt());
    assertEquals("MODAL", fetch(v1.get("result").asText()).get("status").asText());
  }

  @Test
  void secretIsRequiredInAnyOfTheThreeHeaderForms() throws Exception {
    fake.secret("s3cret");
    String body = "{\"prompt\":\"x\"}";
    HttpResponse<String> denied = send("POST", "/mj/submit/imagine", body);
    assertEquals(401, denied.statusCode());
    assertEquals("", denied.body());
    assertEquals(401, send("POST", "/mj/submit/imagine", body, "mj-api-secret", "wrong").statusCode());
    assertEquals(200, send("POST", "/mj/submit/imagine", body, "mj-api-secret", "s3cret").statusCode());
    assertEquals(200, send("POST", "/mj/submit/imagine", body, "Authorization", "Bearer s3cret").statusCode());
    HttpResponse<String> raw = send("POST", "/mj/submit/imagine", body, "Authorization", "s3cret");
    assertEquals(200, raw.statusCode());
    String id = MAPPER.readTree(raw.body()).get("result").asText();
    now.addAndGet(JOB);
    String image = fake.task(id).orElseThrow().get("imageUrl").asText();
    assertEquals(200, get(image).statusCode()); // images need no secret
    assertEquals(3, fake.taskCount());
  }

  @Test
  void speedPrefixesAreServedAndRecorded() throws Exception {
    HttpResponse<String> relax = send("POST", "/mj-relax/mj/submit/imagine", "{\"prompt\":\"x\"}", "X-Trace", "t1");
    String id = MAPPER.readTree(relax.body()).get("result").asText();
    assertEquals("SUBMITTED", MAPPER.readTree(send("GET", "/mj-turbo/mj/task/" + id + "/fetch", null).body()).get("status").asText());
    fetch(id);
    assertEquals(404, send("GET", "/mj-slow/mj/task/" + id + "/fetch", null).statusCode());

    Recorded submit = fake.requests("submit/imagine").get(0);
    assertEquals("/mj-relax", submit.prefix());
    assertEquals("/mj-relax/mj/submit/imagine", submit.path());
    assertEquals("POST", submit.method());
    assertEquals("t1", submit.headers().get("x-trace"));
    assertEquals("{\"prompt\":\"x\"}", submit.body());
    List<String> fetchPrefixes = fake.requests("task/fetch").stream().map(Recorded::prefix).toList();
    assertEquals(List.of("/mj-turbo", ""), fetchPrefixes);
    assertEquals(4, fake.requests().size());
  }

  @Test
  void scriptedAnswersComeFirstAndInOrder() throws Exception {
    fake.script("submit/imagine", Answer.code(23, "队列已满，请稍后尝试"), Answer.code(24, null), Answer.http(500, "Internal Server Error"),
        Answer.malformed(), Answer.html(), Answer.code(22, null));
    String body = "{\"prompt\":\"a bad idea\"}";
    JsonNode full = MAPPER.readTree(send("POST", "/mj/submit/imagine", body).body());
    assertEquals(23, full.get("code").asInt());
    assertEquals("队列已满，请稍后尝试", full.get("description").asText());
    assertTrue(full.get("result").isNull());
    JsonNode banned = MAPPER.readTree(send("POST", "/mj/submit/imagine", body).body());
    assertEquals(24, banned.get("code").asInt());
    assertEquals("a bad idea", banned.at("/properties/promptEn").asText());
    assertEquals("nsfwword", banned.at("/properties/bannedWord").asText());
    HttpResponse<String> error = send("POST", "/mj/submit/imagine", body);
    assertEquals(500, error.statusCode());
    assertEquals("Internal Server Error", error.body());
    HttpResponse<String> cut = send("POST", "/mj/submit/imagine", body);
    assertEquals("{\"code\":1,\"descr", cut.body());
    assertEquals("application/json", cut.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<String> html = send("POST", "/mj/submit/imagine", body);
    assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertEquals(0, fake.taskCount());

    long t0 = now.get();
    JsonNode queued = MAPPER.readTree(send("POST", "/mj/submit/imagine", body).body());
    assertEquals(22, queued.get("code").asInt());
    assertEquals("排队中，前面还有2个任务", queued.get("description").asText());
    assertEquals(2, queued.at("/properties/numberOfQueues").asInt());
    String id = queued.get("result").asText();
    assertEquals("NOT_START", fetch(id).get("status").asText());
    assertTrue(fetch(id).get("progress").isNull());
    now.set(t0 + 999);
    assertEquals("NOT_START", fetch(id).get("status").asText());
    now.set(t0 + 1000);
    assertEquals("SUBMITTED", fetch(id).get("status").asText());
    now.set(t0 + 1000 + JOB);
    assertEquals("SUCCESS", fetch(id).get("status").asText());
    assertEquals(1, post("/mj/submit/imagine", Map.of("prompt", "normal again")).get("code").asInt());
  }

  @Test
  void aSlowAnswerOutlastsAShortClientTimeout() throws Exception {
    String id = imagine("slowly");
    fake.script("task/fetch", Answer.slow(Duration.ofMillis(1000)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/mj/task/" + id + "/fetch"))
        .timeout(Duration.ofMillis(200)).build();
    long started = System.nanoTime();
    assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    assertTrue(System.nanoTime() - started < 900_000_000L); // gave up before the answer came
    assertEquals("SUBMITTED", fetch(id).get("status").asText()); // the script is used up: normal again
  }

  @Test
  void imagesExpireByTtlOrOnDemand() throws Exception {
    fake.imageTtlMillis(10_000).gridSide(64);
    String first = finished(imagine("first"));
    String url = fetch(first).get("imageUrl").asText();
    assertEquals(64, png(url).getWidth());
    now.addAndGet(9_999);
    assertEquals(200, get(url).statusCode());
    now.addAndGet(1);
    HttpResponse<byte[]> gone = get(url);
    assertEquals(403, gone.statusCode());
    assertEquals(FakeMjProxy.IMAGE_GONE, new String(gone.body(), java.nio.charset.StandardCharsets.UTF_8));

    fake.imageTtlMillis(Long.MAX_VALUE);
    String second = finished(imagine("second"));
    String secondUrl = fetch(second).get("imageUrl").asText();
    assertNotEquals(url, secondUrl);
    assertEquals(200, get(secondUrl).statusCode());
    fake.expireImages();
    assertEquals(403, get(secondUrl).statusCode());
    String third = finished(imagine("third"));
    assertEquals(200, get(fetch(third).get("imageUrl").asText()).statusCode()); // made after the expiry
    assertEquals(404, get(fake.baseUrl() + "/images/123_nothing.png").statusCode());
  }

  @Test
  void cancelSeedAndFailingJobs() throws Exception {
    String running = imagine("to be cancelled");
    now.addAndGet(JOB / 2);
    HttpResponse<String> cancelled = send("POST", "/mj/task/" + running + "/cancel", null);
    assertEquals(200, cancelled.statusCode());
    assertEquals("", cancelled.body());
    JsonNode task = fetch(running);
    assertEquals("FAILURE", task.get("status").asText());
    assertEquals("取消任务", task.get("failReason").asText());
    assertEquals("", task.get("progress").asText());
    now.addAndGet(JOB);
    assertEquals("FAILURE", fetch(running).get("status").asText());

    String done = imagine("seeded");
    HttpResponse<String> early = send("GET", "/mj/task/" + done + "/image-seed", null);
    assertEquals(4, MAPPER.readTree(early.body()).get("code").asInt());
    finished(done);
    JsonNode seed = MAPPER.readTree(send("GET", "/mj/task/" + done + "/image-seed", null).body());
    assertEquals(1, seed.get("code").asInt());
    assertTrue(seed.get("result").asText().matches("\\d{9}"));
    assertEquals(seed, MAPPER.readTree(send("GET", "/mj/task/" + done + "/image-seed", null).body()));
    HttpResponse<String> unknown = send("GET", "/mj/task/123/image-seed", null);
    assertEquals(404, unknown.statusCode());
    assertEquals(3, MAPPER.readTree(unknown.body()).get("code").asInt());
    send("POST", "/mj/task/" + done + "/cancel", null);
    assertEquals("SUCCESS", fetch(done).get("status").asText()); // final tasks ignore cancel

    String upstream = finished(imagine("an upstreamfail prompt"));
    assertEquals(FakeMjProxy.UPSTREAM_FAIL_REASON, fetch(upstream).get("failReason").asText());
    fake.failJobs("Banned prompt detected");
    JsonNode failed = fetch(finished(imagine("fine prompt")));
    assertEquals("FAILURE", failed.get("status").asText());
    assertEquals("Banned prompt detected", failed.get("failReason").asText());
    assertEquals("", failed.get("progress").asText());
    assertEquals(0, failed.get("buttons").size());
    fake.failJobs(null);
    assertEquals("SUCCESS", fetch(finished(imagine("fine again"))).get("status").asText());
  }

  // ---------------------------------------------------------------- helpers

  private String imagine(String prompt) throws Exception {
    return post("/mj/submit/imagine", Map.of("prompt", prompt)).get("result").asText();
  }

  /** Moves the clock past the job's end; returns the id for chaining. */
  private String finished(String id) {
    now.addAndGet(JOB);
    return id;
  }

  @Test
  void theTaskJsonIsPostedToTheNotifyHookOnEveryChangeUnlessTheProviderIsSilent() throws Exception {
    List<JsonNode> received = java.util.Collections.synchronizedList(new ArrayList<>());
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      received.add(MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    try {
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      long t0 = now.get();
      String id = post("/mj/submit/imagine", Map.of("prompt", "a heron", "notifyHook", hook)).get("result").asText();
      for (int k = 1; k <= 7; k++) {
        awaitPosts(k);
        now.set(t0 + (k * JOB + 6) / 7);
      }
      awaitPosts(8);
      List<String> seen = received.stream().map(t -> t.get("status").asText() + " " + t.get("progress").asText()).toList();
      assertEquals(List.of("SUBMITTED 0%", "IN_PROGRESS 15%", "IN_PROGRESS 31%", "IN_PROGRESS 46%", "IN_PROGRESS 62%",
          "IN_PROGRESS 78%", "IN_PROGRESS 93%", "SUCCESS 100%"), seen);
      assertEquals(id, received.get(7).get("id").asText());
      assertEquals(9, received.get(7).get("buttons").size(), "the final post is the task as fetch shows it");
      assertTrue(fake.hookPosts().stream().allMatch(p -> p.httpStatus() == 204), fake.hookPosts().toString());

      fake.silentHooks(true);
      post("/mj/submit/imagine", Map.of("prompt", "a quiet heron", "notifyHook", hook));
      now.addAndGet(JOB);
      Thread.sleep(200);
      assertEquals(8, received.size(), "a silent provider posts nothing");
    } finally {
      receiver.stop(0);
    }
  }

  private void awaitPosts(int count) throws InterruptedException {
    for (int i = 0; i < 250 && fake.hookPosts().size() < count; i++) {
      Thread.sleep(10);
    }
    assertEquals(count, fake.hookPosts().size(), fake.hookPosts().toString());
  }

  private JsonNode post(String path, Map<String, ?> body) throws Exception {
    HttpResponse<String> response = send("POST", path, MAPPER.writeValueAsString(body));
    assertEquals(200, response.statusCode(), response.body());
    return MAPPER.readTree(response.body());
  }

  private JsonNode fetch(String id) throws Exception {
    HttpResponse<String> response = send("GET", "/mj/task/" + id + "/fetch", null);
    assertEquals(200, response.statusCode());
    return MAPPER.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(Duration.ofSeconds(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private BufferedImage png(String url) throws Exception {
    HttpResponse<byte[]> response = get(url);
    assertEquals(200, response.statusCode());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
    assertNotNull(image, "not a decodable image: " + url);
    return image;
  }

  private static int[] quadrantColours(BufferedImage grid) {
    int q = grid.getWidth() / 4;
    return new int[] {grid.getRGB(q, q), grid.getRGB(3 * q, q), grid.getRGB(q, 3 * q), grid.getRGB(3 * q, 3 * q)};
  }

  private static List<String> customIds(JsonNode task) {
    List<String> ids = new ArrayList<>();
    task.get("buttons").forEach(b -> ids.add(b.get("customId").asText()));
    return ids;
  }

  /** A real 2x2 PNG as a data URI, as clients send images. */
  private static String dataUri() throws Exception {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
