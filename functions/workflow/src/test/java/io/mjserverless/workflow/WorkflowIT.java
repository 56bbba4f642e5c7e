package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.engine.simulator.SimulatorPictures;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.notify.CallbackSigner;
import io.mjserverless.core.notify.WebhookSecrets;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tasks carried through the workflow's step handlers, with real pictures in the bucket and signed callbacks. */
@ExtendWith(LocalAwsExtension.class)
class WorkflowIT {
  private final WorkflowFixture wf;
  private final CallbackReceiver receiver;

  WorkflowIT(LocalAws aws) throws IOException {
    wf = new WorkflowFixture(aws);
    receiver = new CallbackReceiver();
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  private String imagine(String prompt) {
    return wf.submit("imagine", Json.write(Map.of("prompt", prompt, "notifyHook", receiver.url()))).result().toString();
  }

  private BufferedImage stored(String key) {
    return ImageOps.decode(wf.images.read(key));
  }

  private String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static double meanDiff(BufferedImage a, BufferedImage b) {
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight(), b.getHeight());
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  @Test
  void imagineRunsToSuccessWithItsGridAndSplitsInTheBucket() {
    String id = imagine("a red lighthouse over a calm sea --ar 16:9");
    Task done = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, done.status(), done.failReason());
    assertEquals("100%", done.progress());
    assertEquals(ResultKeys.grid(id), done.imageUrl());
    assertEquals(4, done.imageUrls().size());
    assertEquals(9, done.buttons().size());
    assertNotNull(done.finishTime());
    assertEquals("a red lighthouse over a calm sea --ar 16:9", done.property("finalPrompt"));
    BufferedImage grid = stored(done.imageUrl());
    assertTrue(grid.getWidth() > grid.getHeight(), "--ar 16:9 gives a wide grid");
    assertEquals(grid.getWidth(), done.width().intValue());
    List<BufferedImage> parts = done.imageUrls().stream().map(this::stored).toList();
    assertEquals(0.0, meanDiff(SimulatorPictures.assemble(parts), grid), "the four split images reassemble the grid");
    assertNotNull(wf.images.read(ResultKeys.thumbnail(id)));
  }

  @Test
  void callbacksArriveSignedInOrderEndingWithTheFinalStatus() {
    String id = imagine("a quiet forest at dawn");
    wf.run(id);
    List<String> statuses = receiver.statuses();
    // A task with a notifyHook is polled at each step of its progress, so its client hears of each one.
    assertTrue(statuses.size() >= 3, statuses.toString());
    assertEquals("SUBMITTED:0%", statuses.get(0));
    assertEquals("SUCCESS:100%", statuses.get(statuses.size() - 1));
    int last = -1;
    for (String s : statuses.subList(1, statuses.size() - 1)) {
      assertTrue(s.startsWith("IN_PROGRESS:"), s);
      int progress = Integer.parseInt(s.substring(s.indexOf(':') + 1, s.length() - 1));
      assertTrue(progress > last, "progress only grows: " + statuses);
      last = progress;
    }
    String secret = WebhookSecrets.derivedFromAdminKey(WorkflowFixture.ADMIN_KEY);
    Set<String> deliveries = new HashSet<>();
    for (CallbackReceiver.Received r : receiver.received) {
      assertTrue(CallbackSigner.verify(secret, r.signature(), r.body(), wf.clock.millis() / 1000, 3600), r.signature());
      assertFalse(CallbackSigner.verify("whsec_wrong", r.signature(), r.body(), wf.clock.millis() / 1000, 3600));
      deliveries.add(r.delivery());
      assertEquals(id, r.json().get("id").asText());
    }
    assertEquals(receiver.received.size(), deliveries.size(), "each callback has its own delivery id");
    JsonNode last2 = receiver.received.get(receiver.received.size() - 1).json();
    assertTrue(last2.get("imageUrl").asText().startsWith("http"), "callbacks carry URLs a client can open");
  }

  @Test
  void theSimulatorsJobIsWaitedForOnceAndFetchShowsItsProgressMeanwhile() {
    // no notifyHook: nobody waits for progress callbacks, so one wait covers the whole job
    String id = wf.submit("imagine", Json.write(Map.of("prompt", "a windmill in a field of tulips"))).result().toString();
    JsonNode dispatched = wf.step(wf.dispatch, "dispatch.json", id);
    int waitSeconds = dispatched.get("waitSeconds").asInt();
    assertEquals(30, waitSeconds, "one wait for the whole FAST job (30 s at time scale 1)");
    RequestContext ctx = new RequestContext(wf.admin, java.util.Optional.empty());
    int last = -1;
    String lastPreview = null;
    for (int second = 5; second < waitSeconds; second += 5) {
      wf.clock.advance(Duration.ofSeconds(5));
      io.mjserverless.core.task.TaskView view = wf.api.queries().fetch(ctx, id);
      JsonNode shown = Json.MAPPER.valueToTree(view);
      assertEquals("IN_PROGRESS", shown.get("status").asText(), shown.toString());
      int progress = Integer.parseInt(shown.get("progress").asText().replace("%", ""));
      assertTrue(progress > last, "progress moves without any poll: " + progress + " after " + last);
      last = progress;
      String preview = ResultKeys.preview(id, progress);
      assertTrue(shown.get("imageUrl").asText().contains(preview), shown.get("imageUrl").asText());
      assertTrue(wf.images.read(preview).length > 0, "Dispatch stored the preview " + preview);
      lastPreview = preview;
    }
    assertNotNull(lastPreview);
    assertEquals(TaskStatus.SUBMITTED, wf.task(id).status(), "nothing was written while the workflow waited");
    wf.clock.advance(Duration.ofSeconds(waitSeconds - 25));
    JsonNode polled = wf.step(wf.poll, "poll.json", id, Map.of("polls", 0));
    assertEquals("SUCCEEDED", polled.get("outcome").asText(), "the one poll after the wait finds the job done");
  }

  @Test
  void aFinalCallbackAnswered500TwiceIsDeliveredOnTheThirdAttempt() {
    receiver.answer = task -> task.get("status").asText().equals("SUCCESS") && receiver.finalAttempts.incrementAndGet() <= 2 ? 500 : 200;
    String id = imagine("a lantern in the rain");
    Task done = wf.run(id);
    List<CallbackReceiver.Received> finals = receiver.received.stream()
        .filter(r -> r.json().get("status").asText().equals("SUCCESS")).toList();
    assertEquals(3, finals.size());
    assertEquals(1, finals.stream().map(CallbackReceiver.Received::delivery).distinct().count(), "retries keep the delivery id");
    @SuppressWarnings("unchecked")
    Map<String, Object> outcome = (Map<String, Object>) done.properties().get("callback");
    assertEquals(true, outcome.get("delivered"));
    assertEquals(3, ((Number) outcome.get("attempts")).intValue());
  }

  @Test
  void storeResultRunAgainAfterItsCallbackWentOutNeitherStoresNorPostsTwice() {
    String id = imagine("a kite over dunes");
    Task done = wf.run(id);
    long version = done.version();
    JsonNode again = wf.step(wf.storeResult, "store-result.json", id);
    assertTrue(again.get("delivered").asBoolean(), again.toString());
    assertEquals(1, receiver.received.stream().filter(r -> r.json().get("status").asText().equals("SUCCESS")).count());
    assertEquals(version, wf.task(id).version(), "nothing written again");
  }

  @Test
  void aReceiverThatNeverAcceptsIsGivenUpOnAndTheTaskStaysSuccessful() {
    receiver.answer = task -> task.get("status").asText().equals("SUCCESS") ? 500 : 200;
    Task done = wf.run(imagine("a boat that nobody hears about"));
    assertEquals(TaskStatus.SUCCESS, done.status());
    @SuppressWarnings("unchecked")
    Map<String, Object> outcome = (Map<String, Object>) done.properties().get("callback");
    assertEquals(false, outcome.get("delivered"));
    assertEquals(true, outcome.get("gaveUp"));
    assertEquals(WorkflowFixture.MAX_CALLBACK_ATTEMPTS, ((Number) outcome.get("attempts")).intValue());
    assertEquals(500, ((Number) outcome.get("lastStatus")).intValue());
  }

  @Test
  void upscaleIsTheRealQuadrantAndFollowUpsRunOnIt() {
    Task grid = wf.run(imagine("mountains under a violet sky"));
    String u2 = wf.submit("action", Json.write(Map.of("taskId", grid.id(), "customId", button(grid, "MJ::JOB::upsample::2::")))).result().toString();
    Task upscaled = wf.run(u2);
    assertEquals(TaskStatus.SUCCESS, upscaled.status(), upscaled.failReason());
    BufferedImage expected = SimulatorPictures.upscale(stored(grid.imageUrl()), 2);
    assertTrue(meanDiff(expected, stored(upscaled.imageUrl())) < 2.0, "U2 is quadrant 2 of the grid, upscaled");
    assertEquals(12, upscaled.buttons().size());

    for (String prefix : List.of("MJ::Outpaint::50::", "MJ::JOB::pan_left::", "MJ::JOB::high_variation::", "MJ::JOB::upsample_v6_2x_creative::")) {
      String child = wf.submit("action", Json.write(Map.of("taskId", upscaled.id(), "customId", button(upscaled, prefix)))).result().toString();
      Task result = wf.run(child);
      assertEquals(TaskStatus.SUCCESS, result.status(), prefix + ": " + result.failReason());
    }

    String region = wf.submit("action", Json.write(Map.of("taskId", upscaled.id(), "customId", button(upscaled, "MJ::Inpaint::")))).result().toString();
    BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 16; y < 48; y++) {
      for (int x = 16; x < 48; x++) {
        mask.setRGB(x, y, 0xffffff);
      }
    }
    String maskUri = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(mask));
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", region, "prompt", "a red door", "maskBase64", maskUri))).code());
    Task varied = wf.run(region);
    assertEquals(TaskStatus.SUCCESS, varied.status(), varied.failReason());
    assertEquals(TaskAction.VARIATION, varied.action());
  }

  @Test
  void describeShortenBlendAndSwapProduceTheirResults() {
    String uri = dataUri(solid(96, 54, new java.awt.Color(20, 60, 220)));

    Task describe = wf.run(wf.submit("describe", Json.write(Map.of("base64", uri))).result().toString());
    assertEquals(TaskStatus.SUCCESS, describe.status(), describe.failReason());
    assertTrue(describe.prompt().startsWith("1\uFE0F\u20E3 "), describe.prompt());
    assertTrue(describe.prompt().contains("--ar 16:9"), describe.prompt());
    assertEquals(describe.prompt(), describe.property("finalPrompt"));
    assertEquals(describe.inputs().get(0), describe.imageUrl());
    assertEquals(4, describe.buttons().stream().filter(b -> b.customId().startsWith("MJ::Job::PicReader::")).count());

    Task shorten = wf.run(wf.submit("shorten", Json.write(Map.of("prompt", "a very beautiful and extremely detailed red fox in tall grass --ar 4:3"))).result().toString());
    assertEquals(TaskStatus.SUCCESS, shorten.status(), shorten.failReason());
    assertTrue(shorten.property("finalPrompt").startsWith("## Important tokens\n"));
    assertTrue(shorten.property("finalPrompt").contains("## Shortened prompts\n1\uFE0F\u20E3 "));

    Task blend = wf.run(wf.submit("blend", Json.write(Map.of("base64Array", List.of(uri, uri), "dimensions", "PORTRAIT"))).result().toString());
    assertEquals(TaskStatus.SUCCESS, blend.status(), blend.failReason());
    assertTrue(blend.height() > blend.width(), "PORTRAIT is taller than wide");

    BufferedImage face = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    String faceUri = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(face));
    Task swap = wf.run(wf.submit("swap", Json.write(Map.of("sourceBase64", faceUri, "targetBase64", uri))).result().toString());
    assertEquals(TaskStatus.SUCCESS, swap.status(), swap.failReason());
    assertNotNull(swap.imageUrl());
    assertEquals(List.of(), swap.imageUrls(), "one picture: no grid parts");
  }

  @Test
  void anUnknownParameterFailsTheJobLikeMidjourney() {
    // Submit refuses it first (code 4, same words); a task stored before a rule existed meets it at run time.
    ValidationException refused = assertThrows(ValidationException.class, () -> imagine("a cat --foo 3"));
    assertEquals("Unrecognized parameter(s): --foo", refused.getMessage());
    String id = imagine("a cat");
    Task stored = wf.task(id);
    wf.tasks.update(stored, stored.toBuilder().prompt("a cat --foo 3").promptEn("a cat --foo 3").build());

    Task failed = wf.run(id);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertTrue(failed.failReason().contains("Unrecognized parameter(s): --foo"), failed.failReason());
    assertEquals("FAILURE", receiver.received.get(receiver.received.size() - 1).json().get("status").asText());
  }

  @Test
  void anInternalFaultEndsTheTaskWithAPlainReasonNotTheExceptionsWords() {
    Task grid = wf.run(imagine("a lighthouse that breaks the engine"));
    String u2 = wf.submit("action", Json.write(Map.of("taskId", grid.id(), "customId", button(grid, "MJ::JOB::upsample::2::"),
        "notifyHook", receiver.url()))).result().toString();
    Task stored = wf.task(u2);
    wf.tasks.update(stored, stored.toBuilder().index(9).build()); // a quadrant the simulator's code refuses with an exception
    Task failed = wf.run(u2);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals(io.mjserverless.core.workflow.StepFailedException.INTERNAL, failed.failReason());
    String callback = receiver.received.get(receiver.received.size() - 1).json().get("failReason").asText();
    assertEquals(failed.failReason(), callback, "the callback carries the same plain reason");
  }

  @Test
  void aJobPastItsModesDeadlineFailsWithAReasonThatSaysSo() {
    String id = wf.submit("imagine", Json.write(Map.of("prompt", "a slow snail --turbo", "notifyHook", receiver.url()))).result().toString();
    wf.step(wf.dispatch, "dispatch.json", id);
    wf.clock.advance(Duration.ofMinutes(11));
    JsonNode state = wf.step(wf.poll, "poll.json", id);
    assertEquals("DEADLINE_PASSED", state.get("outcome").asText());
    wf.step(wf.recordFailure, "record-failure.json", id, Map.of("error", Map.of("Error", "DeadlinePassed", "Cause", state.get("reason").asText())));
    Task failed = wf.task(id);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertTrue(failed.failReason().contains("TURBO mode's deadline of 10 minutes"), failed.failReason());
  }

  @Test
  void aCancelledTaskEndsItsWorkflowWithACancelCallback() {
    String id = imagine("a task nobody wants");
    wf.step(wf.dispatch, "dispatch.json", id);
    assertEquals(1, wf.api.queries().cancel(new io.mjserverless.core.api.RequestContext(wf.admin, java.util.Optional.empty()), id).code());
    JsonNode state = wf.step(wf.poll, "poll.json", id);
    assertEquals("CANCELLED", state.get("outcome").asText());
    wf.deliver(id);
    assertEquals(TaskStatus.CANCEL, wf.task(id).status());
    assertEquals("CANCEL", receiver.received.get(receiver.received.size() - 1).json().get("status").asText());
  }

  @Test
  void aTaskThatEndedBeforeItsWorkflowOnlyGetsItsFinalCallback() {
    String id = imagine("an upload that was refused");
    wf.step(wf.recordFailure, "record-failure.json", id);
    Task failed = wf.run(id);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals("the engine answered 503 three times", failed.failReason());
    assertEquals(List.of("FAILURE:null"), receiver.statuses());
    assertEquals(null, failed.jobId(), "nothing was submitted to the engine");
  }

  @Test
  void aRetriedDispatchSubmitsNothingTwice() {
    String id = imagine("a twice-dispatched moon");
    wf.step(wf.dispatch, "dispatch.json", id);
    Task first = wf.task(id);
    wf.clock.advance(Duration.ofSeconds(1));
    wf.step(wf.dispatch, "dispatch.json", id);
    Task second = wf.task(id);
    assertEquals(TaskStatus.SUBMITTED, second.status());
    assertEquals(first.jobId(), second.jobId());
    assertEquals(first.startTime(), second.startTime());
    assertEquals(first.version(), second.version(), "nothing was written the second time");
  }

  @Test
  void recordFailureReadsTheLambdaErrorMessageAndLeavesFinishedTasksAlone() {
    String id = imagine("a doomed kite");
    wf.step(wf.recordFailure, "record-failure.json", id);
    Task failed = wf.task(id);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals("the engine answered 503 three times", failed.failReason());
    wf.step(wf.recordFailure, "record-failure-deadline.json", id);
    assertEquals("the engine answered 503 three times", wf.task(id).failReason(), "a final task keeps its first reason");
  }

  @Test
  void aDescribeOfALinkKeepsACopyOfThePictureNotTheLink() throws Exception {
    byte[] png = ImageOps.png(solid(90, 60, new java.awt.Color(200, 60, 30)));
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sunset.png", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, png.length);
      exchange.getResponseBody().write(png);
      exchange.close();
    });
    server.start();
    try {
      String link = "http://127.0.0.1:" + server.getAddress().getPort() + "/sunset.png";
      Task describe = wf.run(wf.submit("describe", Json.write(Map.of("link", link))).result().toString());
      assertEquals(TaskStatus.SUCCESS, describe.status(), describe.failReason());
      assertEquals(ResultKeys.image(describe.id()), describe.imageUrl(), "our copy, not the client's link");
      BufferedImage copy = ImageOps.decode(wf.images.read(describe.imageUrl()));
      assertEquals(90, copy.getWidth());
      assertEquals(60, describe.height());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void imagineFollowsItsImagePrompts() {
    String uri = dataUri(solid(40, 40, new java.awt.Color(225, 20, 20)));
    Task plain = wf.run(wf.submit("imagine", Json.write(Map.of("prompt", "a calm blue lake --seed 7"))).result().toString());
    Task guided = wf.run(wf.submit("imagine", Json.write(Map.of("prompt", "a calm blue lake --seed 7 --iw 2",
        "base64Array", List.of(uri)))).result().toString());
    assertEquals(TaskStatus.SUCCESS, guided.status(), guided.failReason());
    double plainRed = meanRedShare(ImageOps.decode(wf.images.read(plain.imageUrl())));
    double guidedRed = meanRedShare(ImageOps.decode(wf.images.read(guided.imageUrl())));
    assertTrue(guidedRed > plainRed + 0.15, "the red reference shows: " + plainRed + " -> " + guidedRed);
  }

  private static BufferedImage solid(int width, int height, java.awt.Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static String dataUri(BufferedImage image) {
    return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(image));
  }

  /** How much of a picture's brightness is in its red channel, 0..1. */
  private static double meanRedShare(BufferedImage image) {
    double red = 0;
    double all = 1e-9;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        red += (p >> 16) & 0xFF;
        all += ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
      }
    }
    return red / all;
  }
}
