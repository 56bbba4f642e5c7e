package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.engine.openai.OpenAiEngine;
import io.mjserverless.core.engine.openai.OpenAiJobs;
import io.mjserverless.core.engine.simulator.Grids;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.FakeOpenAi;
import io.mjserverless.core.testing.FakeOpenAi.Answer;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.workflow.DispatchStep;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FAST mode on the openai engine with a fake OpenAI-compatible provider behind it, through the real
 * submit and action services and the workflow steps: every action of the contract, base64 and URL
 * results, refusals, 429 with Retry-After, 5xx, slow answers and a wrong key.
 */
@ExtendWith(LocalAwsExtension.class)
class OpenAiWorkflowIT {
  static final String KEY = "sk-openai-test-key";

  private final LocalAws aws;
  private final FakeOpenAi provider = FakeOpenAi.start().secret(KEY);
  private WorkflowFixture wf;

  OpenAiWorkflowIT(LocalAws aws) {
    this.aws = aws;
    this.wf = fixture(Map.of());
  }

  private WorkflowFixture fixture(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("FAST_ENGINE", "openai");
    settings.put("FAST_OPENAI_URL", provider.baseUrl());
    settings.put("FAST_OPENAI_KEY", KEY);
    settings.put("FAST_OPENAI_SIZES", "64x64,96x64,64x96");
    settings.put("FAST_OPENAI_TIMEOUT_SECONDS", "2");
    settings.putAll(extra);
    return new WorkflowFixture(aws, settings);
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private String submit(String operation, Map<String, Object> body) {
    SubmitResult r = wf.submit(operation, Json.write(body));
    assertEquals(1, r.code(), r.description());
    return r.result().toString();
  }

  private Task succeeded(String id) {
    Task task = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    return task;
  }

  private static String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no button " + prefix + " in " + task.buttons()));
  }

  private String press(Task task, String prefix) {
    return submit("action", Map.of("taskId", task.id(), "customId", button(task, prefix)));
  }

  private BufferedImage stored(String key) {
    return ImageOps.decode(wf.images.read(key));
  }

  private static String dataUri(BufferedImage image) {
    return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(image));
  }

  private static BufferedImage filled(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static boolean samePixels(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void imagineMakesFourPicturesAtTheNearestSizeIntoOurGridAndUpscaleCutsTheChosenOne() {
    String id = submit("imagine", Map.of("prompt", "a lighthouse at dawn --ar 16:9 --no trees, cars"));
    Task grid = succeeded(id);
    List<FakeOpenAi.Recorded> calls = provider.requests("images/generations");
    assertEquals(1, calls.size(), "n=4 in one request");
    JsonNode asked = calls.get(0).json();
    assertEquals(4, asked.path("n").asInt());
    assertEquals("96x64", asked.path("size").asText(), "16:9 goes to the nearest supported size, 3:2");
    assertEquals("gpt-image-1", asked.path("model").asText());
    assertEquals("a lighthouse at dawn. Do not show: trees, cars.", asked.path("prompt").asText());
    assertTrue(asked.path("seed").isMissingNode(), "OpenAI's models take no seed unless configured");
    assertEquals("Bearer " + KEY, calls.get(0).headers().get("authorization"));
    assertEquals("96x64", grid.property(OpenAiJobs.SIZE_PROPERTY));
    assertEquals("gpt-image-1", grid.property(OpenAiEngine.MODEL_PROPERTY));
    assertTrue(grid.prompt().contains("--ar 16:9"), "the task keeps the asked ratio: " + grid.prompt());
    BufferedImage gridImage = stored(ResultKeys.grid(id));
    assertEquals(192, gridImage.getWidth());
    assertEquals(128, gridImage.getHeight());
    assertEquals(4, grid.imageUrls().size());
    assertEquals(List.of(), wf.images.list("images/" + id + "/engine-retry"), "no Retry-After was ever met");

    String u2 = press(grid, "MJ::JOB::upsample::2::");
    Task upscaled = succeeded(u2);
    assertTrue(samePixels(Grids.quadrant(gridImage, 2), stored(ResultKeys.image(u2))), "U2 is quadrant 2 at full size");
    assertEquals(1, provider.requests().size(), "U1-U4 need no request");
    assertEquals(96, upscaled.width());

    String subtle = press(upscaled, "MJ::JOB::upsample_v6_2x_subtle::");
    Task hd = succeeded(subtle);
    assertEquals(192, stored(ResultKeys.image(subtle)).getWidth());
    assertEquals(OpenAiJobs.RESAMPLED, hd.property(OpenAiJobs.UPSCALER_PROPERTY), "said in the task");
  }

  @Test
  void variationsZoomPanAndVaryRegionAreEditsWithTheRightPicturesAndMasks() {
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a red barn")));
    BufferedImage quadrant3 = Grids.quadrant(stored(ResultKeys.grid(grid.id())), 3);

    Task v3 = succeeded(press(grid, "MJ::JOB::variation::3::"));
    FakeOpenAi.Recorded variation = provider.requests("images/edits").get(0);
    assertEquals(1, variation.files().size());
    assertEquals("image", variation.files().get(0).name());
    assertTrue(samePixels(quadrant3, variation.files().get(0).image()), "V3 edits quadrant 3 itself");
    assertTrue(variation.fields().get("prompt").endsWith("a red barn"), variation.fields().toString());
    assertEquals("4", variation.fields().get("n"));
    assertEquals(128, stored(ResultKeys.grid(v3.id())).getWidth());

    Task u1 = succeeded(press(grid, "MJ::JOB::upsample::1::"));
    succeeded(press(u1, "MJ::JOB::high_variation::"));
    assertTrue(last("images/edits").fields().get("prompt").startsWith("Make a strong variation"));

    Task zoomed = succeeded(press(u1, "MJ::Outpaint::50::"));
    FakeOpenAi.Recorded zoom = last("images/edits");
    BufferedImage mask = zoom.files().stream().filter(p -> p.name().equals("mask")).findFirst().orElseThrow().image();
    assertEquals(0, mask.getRGB(0, 0) >>> 24, "the new border is transparent: the model paints it");
    assertEquals(255, mask.getRGB(32, 32) >>> 24, "the shrunk picture in the middle is kept");
    BufferedImage zoomGrid = stored(ResultKeys.grid(zoomed.id()));
    assertEquals(FakeOpenAi.REPAINT.getRGB(), zoomGrid.getRGB(1, 1) | 0xff000000, "the border was repainted");

    Task panned = succeeded(press(u1, "MJ::JOB::pan_left::"));
    FakeOpenAi.Recorded pan = last("images/edits");
    assertEquals("96x64", pan.fields().get("size"), "a larger canvas, widened to the left");
    BufferedImage panMask = pan.files().stream().filter(p -> p.name().equals("mask")).findFirst().orElseThrow().image();
    assertEquals(0, panMask.getRGB(2, 32) >>> 24, "the revealed left side is repainted");
    assertEquals(255, panMask.getRGB(93, 32) >>> 24, "the picture sits against the right side");
    assertEquals(192, stored(ResultKeys.grid(panned.id())).getWidth());

    SubmitResult modal = wf.submit("action", Json.write(Map.of("taskId", u1.id(), "customId", button(u1, "MJ::Inpaint::"))));
    assertEquals(21, modal.code(), modal.description());
    BufferedImage ourMask = filled(64, 64, Color.BLACK);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 64; x++) {
        ourMask.setRGB(x, y, 0xffffff); // white top half: repaint
      }
    }
    String region = modal.result().toString();
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", region, "prompt", "a blue sky",
        "maskBase64", dataUri(ourMask)))).code());
    succeeded(region);
    FakeOpenAi.Recorded vary = last("images/edits");
    BufferedImage converted = vary.files().stream().filter(p -> p.name().equals("mask")).findFirst().orElseThrow().image();
    assertEquals(0, converted.getRGB(10, 5) >>> 24, "our white became the model's transparent");
    assertEquals(255, converted.getRGB(10, 60) >>> 24, "our black stays");
    assertTrue(vary.fields().get("prompt").endsWith("a blue sky"), vary.fields().toString());
  }

  private FakeOpenAi.Recorded last(String route) {
    List<FakeOpenAi.Recorded> calls = provider.requests(route);
    return calls.get(calls.size() - 1);
  }

  @Test
  void oneRequestPerPictureWithUrlResultsIsCopiedIntoOurBucketAndRerollIsANewGeneration() {
    provider.urls(true);
    wf = fixture(Map.of("FAST_OPENAI_PICTURES_PER_REQUEST", "1"));
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a quiet harbour --ar 2:3")));
    List<FakeOpenAi.Recorded> calls = provider.requests("images/generations");
    assertEquals(4, calls.size(), "four parallel requests of n=1");
    assertTrue(calls.stream().allMatch(c -> c.json().path("n").asInt() == 1 && c.json().path("size").asText().equals("64x96")));
    assertEquals(192, stored(ResultKeys.grid(grid.id())).getHeight());
    succeeded(press(grid, "MJ::JOB::reroll::"));
    assertEquals(8, provider.requests("images/generations").size());
  }

  @Test
  void describeAndShortenUseTheChatModelAndAnswerInMidjourneysStyle() {
    String describe = submit("describe", Map.of("base64", dataUri(filled(60, 40, Color.PINK))));
    Task described = succeeded(describe);
    String text = described.property("finalPrompt");
    for (int n = 1; n <= 4; n++) {
      String entry = NumberedPrompts.entry(text, n, null).orElseThrow(() -> new AssertionError(text));
      assertTrue(entry.endsWith("--ar 3:2"), entry);
      assertFalse(entry.startsWith("\"") || entry.startsWith("-") || entry.startsWith("2."), entry);
    }
    JsonNode chat = provider.requests("chat/completions").get(0).json();
    assertEquals("gpt-4o-mini", chat.path("model").asText());
    assertTrue(chat.findValue("url").asText().startsWith("data:image/png;base64,"));

    Task shortened = succeeded(submit("shorten", Map.of("prompt", "a very detailed lighthouse at dawn with golden light --ar 3:2")));
    String answer = shortened.property("finalPrompt");
    assertEquals("lighthouse --ar 3:2", NumberedPrompts.entry(answer, 5, "Shortened prompts").orElseThrow());
    assertTrue(provider.requests("chat/completions").get(1).json().toString().contains("golden light"));
    assertFalse(provider.requests("chat/completions").get(1).json().toString().contains("--ar"), "parameters stay ours");
  }

  @Test
  void aDescribeOfAClientsLinkKeepsOurOwnCopyOfThePicture() {
    String link = provider.host(ImageOps.png(filled(40, 80, Color.CYAN)));
    Task described = succeeded(submit("describe", Map.of("link", link)));
    assertEquals(ResultKeys.image(described.id()), described.imageUrl(), "our copy, not the client's link");
    assertEquals(Color.CYAN.getRGB(), stored(ResultKeys.image(described.id())).getRGB(5, 5));
    assertTrue(NumberedPrompts.entry(described.property("finalPrompt"), 1, null).orElseThrow().endsWith("--ar 1:2"));

    Task gone = wf.run(submit("describe", Map.of("link", link.replace(".png", "-gone.png"))));
    assertEquals(TaskStatus.FAILURE, gone.status());
    assertTrue(gone.failReason().contains("HTTP 404"), gone.failReason());
  }

  @Test
  void blendAndFaceSwapSendEveryPictureToOneEdit() {
    Task blend = succeeded(submit("blend", Map.of("base64Array", List.of(dataUri(filled(40, 40, Color.RED)),
        dataUri(filled(40, 40, Color.BLUE))), "dimensions", "LANDSCAPE")));
    FakeOpenAi.Recorded edit = provider.requests("images/edits").get(0);
    assertEquals(2, edit.files().size());
    assertTrue(edit.files().stream().allMatch(f -> f.name().equals("image[]")));
    assertEquals("96x64", edit.fields().get("size"));
    assertEquals(192, stored(ResultKeys.grid(blend.id())).getWidth());

    Task swapped = succeeded(submit("swap", Map.of("sourceBase64", dataUri(filled(40, 40, Color.YELLOW)),
        "targetBase64", dataUri(filled(40, 60, Color.GREEN)))));
    FakeOpenAi.Recorded swap = provider.requests("images/edits").get(1);
    assertEquals("1", swap.fields().get("n"));
    assertEquals("64x96", swap.fields().get("size"), "the target's shape");
    assertEquals(64, stored(ResultKeys.image(swapped.id())).getWidth());
  }

  @Test
  void aSeedGoesToAModelThatTakesOneAndImagePromptsBecomeAnEditOfTheReferences() {
    wf = fixture(Map.of("FAST_OPENAI_SEED", "true"));
    succeeded(submit("imagine", Map.of("prompt", "a seeded fox --seed 4242")));
    assertEquals(4242, provider.requests("images/generations").get(0).json().path("seed").asLong());

    Task referenced = succeeded(submit("imagine", Map.of("prompt", "a fox in this style",
        "base64Array", List.of(dataUri(filled(50, 50, Color.ORANGE))))));
    FakeOpenAi.Recorded edit = provider.requests("images/edits").get(0);
    assertEquals(1, edit.files().size(), "the reference picture, as the edit's image");
    assertEquals(Color.ORANGE.getRGB(), edit.files().get(0).image().getRGB(10, 10));
    assertTrue(edit.fields().get("prompt").endsWith("a fox in this style"), edit.fields().toString());
    assertEquals(4, referenced.imageUrls().size());

    String link = provider.host(ImageOps.png(filled(30, 30, Color.MAGENTA)));
    succeeded(submit("imagine", Map.of("prompt", link + " a fox like this")));
    FakeOpenAi.Recorded linked = provider.requests("images/edits").get(1);
    assertEquals(Color.MAGENTA.getRGB(), linked.files().get(0).image().getRGB(10, 10), "the prompt's image link, fetched");
    assertEquals("Using the given picture as reference: a fox like this", linked.fields().get("prompt"));
  }

  @Test
  void customZoomTakesTheZoomOfItsModalPrompt() {
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a red barn")));
    Task u1 = succeeded(press(grid, "MJ::JOB::upsample::1::"));
    SubmitResult modal = wf.submit("action", Json.write(Map.of("taskId", u1.id(), "customId", button(u1, "MJ::CustomZoom::"))));
    assertEquals(21, modal.code(), modal.description());
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", modal.result().toString(),
        "prompt", "a red barn in a wide field --zoom 1.25"))).code());
    succeeded(modal.result().toString());
    BufferedImage mask = last("images/edits").files().stream().filter(p -> p.name().equals("mask")).findFirst().orElseThrow().image();
    assertEquals(0, mask.getRGB(5, 32) >>> 24, "the border of a 1.25 zoom is repainted");
    assertEquals(255, mask.getRGB(8, 32) >>> 24, "64 / 1.25 = 51 pixels kept from x = 6");
    assertTrue(last("images/edits").fields().get("prompt").endsWith("a red barn in a wide field"));
  }

  @Test
  void aContentRefusalFailsTheTaskAsBannedWithTheModelsWords() {
    provider.script("images/generations", Answer.refusal());
    Task task = wf.run(submit("imagine", Map.of("prompt", "a harmless fox")));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().startsWith("banned prompt") && task.failReason().contains(FakeOpenAi.REFUSAL_MESSAGE),
        task.failReason());
    provider.script("images/edits", Answer.moderationBlocked());
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a fox")));
    Task refused = wf.run(press(grid, "MJ::JOB::variation::1::"));
    assertTrue(refused.failReason().contains("moderation_blocked"), refused.failReason());
  }

  @Test
  void rateLimitsAnd5xxAreRiddenOutHonouringRetryAfterAndKeepingPicturesAlreadyMade() {
    wf = fixture(Map.of("FAST_OPENAI_PICTURES_PER_REQUEST", "2"));
    provider.script("images/generations", Answer.http(200, null), Answer.rateLimited(25));
    String id = submit("imagine", Map.of("prompt", "a patient fox"));
    JsonNode state = wf.step(wf.dispatch, "dispatch.json", id);
    state = wf.step(wf.poll, "poll.json", id, Map.of("polls", 0)); // IN_PROGRESS, nothing asked yet
    assertEquals(TaskStatus.IN_PROGRESS, wf.task(id).status());
    assertEquals(0, provider.requests().size());
    state = wf.step(wf.poll, "poll.json", id, Map.of("polls", 1));
    assertEquals("RUNNING", state.path("outcome").asText());
    assertEquals(2, provider.requests("images/generations").size());
    assertTrue(wf.task(id).property(DispatchStep.WAITING_PROPERTY).contains("HTTP 429"), wf.task(id).properties().toString());
    assertEquals(2, wf.images.list("images/" + id + "/engine-").stream().filter(k -> k.endsWith(".png")).count(),
        "the two pictures that came are kept");
    wf.clock.advance(Duration.ofSeconds(10));
    wf.step(wf.poll, "poll.json", id, Map.of("polls", 2));
    assertEquals(2, provider.requests("images/generations").size(), "not asked again before Retry-After passed");
    assertTrue(wf.task(id).property(DispatchStep.WAITING_PROPERTY).contains("HTTP 429"), "the note still quotes the provider");
    wf.clock.advance(Duration.ofSeconds(20));
    provider.script("images/generations", Answer.http(503, "{\"error\":{\"message\":\"overloaded\"}}"));
    wf.step(wf.poll, "poll.json", id, Map.of("polls", 3));
    assertTrue(wf.task(id).property(DispatchStep.WAITING_PROPERTY).contains("HTTP 503"));
    Task done = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, done.status(), done.failReason());
    assertEquals(4, provider.requests("images/generations").size(), "only the missing pair was asked for again");
    assertNull(done.property(DispatchStep.WAITING_PROPERTY));

    provider.script("images/generations", Answer.slow(Duration.ofSeconds(3)));
    Task slow = succeeded(submit("imagine", Map.of("prompt", "a slow fox")));
    assertEquals(7, provider.requests("images/generations").size(), "the timed-out pair was asked for again, the other kept");
    assertEquals(4, slow.imageUrls().size());
  }

  @Test
  void aWrongKeyFailsWithAPlainReasonNamingTheSetting() {
    wf = fixture(Map.of("FAST_OPENAI_KEY", "sk-wrong"));
    Task task = wf.run(submit("imagine", Map.of("prompt", "a fox")));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().contains("refused our key") && task.failReason().contains("FAST_OPENAI_KEY"), task.failReason());
    assertFalse(task.failReason().contains("sk-wrong"));
    assertEquals(1, provider.requests().size(), "a refused key is not retried");
  }
}
