package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.engine.mjproxy.MjProxyEngine;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.core.testing.FakeMjProxy.Answer;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.workflow.DispatchStep;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FAST mode on the mjproxy engine with a fake provider behind it (statuses over time, Discord buttons,
 * codes 21/22/23/24/3/4, slow answers, 5xx, malformed JSON, expiring image links), through the real
 * submit and action services and the five workflow steps. RELAX and TURBO stay on the simulator.
 */
@ExtendWith(LocalAwsExtension.class)
class MjProxyWorkflowIT {
  static final String KEY = "sk-provider-key";

  private final LocalAws aws;
  private final FakeMjProxy provider = FakeMjProxy.start().secret(KEY).jobMillis(20_000).gridSide(64);
  private final WorkflowFixture wf;

  MjProxyWorkflowIT(LocalAws aws) {
    this.aws = aws;
    this.wf = fixture(provider.baseUrl(), 3);
  }

  private WorkflowFixture fixture(String url, int concurrency) {
    Map<String, String> settings = new HashMap<>();
    settings.put("FAST_ENGINE", "mjproxy");
    settings.put("FAST_MJPROXY_URL", url);
    settings.put("FAST_MJPROXY_KEY", KEY);
    settings.put("FAST_MJPROXY_TIMEOUT_SECONDS", "1");
    settings.put("FAST_MJPROXY_CONCURRENCY", String.valueOf(concurrency));
    WorkflowFixture fixture = new WorkflowFixture(aws, settings);
    provider.clock(fixture.clock::millis);
    return fixture;
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private String imagine(String prompt) {
    SubmitResult r = wf.submit("imagine", Json.write(Map.of("prompt", prompt)));
    assertEquals(1, r.code(), r.description());
    return r.result().toString();
  }

  private static String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no button " + prefix + " in " + task.buttons()));
  }

  /** U1 of {@code parent} asked under {@code /mj-fast}, whatever mode the parent ran in; runs the child. */
  private static Task upscaleInFastMode(WorkflowFixture fixture, Task parent) {
    SubmitResult u1 = fixture.api.actions().action(new RequestContext(fixture.admin, Optional.of(io.mjserverless.core.task.Mode.FAST)),
        io.mjserverless.core.api.RequestBody.parse(Json.write(Map.of("taskId", parent.id(),
            "customId", button(parent, "MJ::JOB::upsample::1::")))));
    return fixture.run(u1.result().toString());
  }

  private static JsonNode body(FakeMjProxy.Recorded request) {
    return Json.tree(request.body());
  }

  private static String dataUri(Color color) {
    BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 40, 40);
    g.setColor(Color.WHITE);
    g.fillOval(10, 10, 20, 20);
    g.dispose();
    return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(image));
  }

  @Test
  void imagineThenU2ThenVaryRegionRunAtTheProviderWithItsOwnIdsAndButtons() {
    String id = imagine("a lighthouse at dawn");
    Task grid = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, grid.status(), grid.failReason());
    JsonNode upstream = provider.task(grid.jobId()).orElseThrow();
    assertEquals("SUCCESS", upstream.path("status").asText());
    assertEquals(grid.jobId(), grid.property(MjProxyEngine.PROVIDER_TASK_PROPERTY));
    assertEquals(upstream.path("properties").path("messageHash").asText(), grid.property("messageHash"));
    List<String> upstreamButtons = upstream.path("buttons").findValuesAsText("customId");
    assertEquals(upstreamButtons, grid.buttons().stream().map(Button::customId).toList(), "the provider's customIds, in its order");
    // The grid and its four parts are ours now, and the progress previews were mirrored into our bucket.
    BufferedImage stored = ImageOps.decode(wf.images.read(ResultKeys.grid(id)));
    assertEquals(64, stored.getWidth());
    assertEquals(4, grid.imageUrls().size());
    assertTrue(wf.images.list("images/" + id + "/").stream().anyMatch(k -> k.contains("preview-")),
        "previews: " + wf.images.list("images/" + id + "/"));

    String u2 = wf.submit("action", Json.write(Map.of("taskId", id, "customId", button(grid, "MJ::JOB::upsample::2::"))))
        .result().toString();
    Task upscaled = wf.run(u2);
    assertEquals(TaskStatus.SUCCESS, upscaled.status(), upscaled.failReason());
    JsonNode action = body(provider.requests("submit/action").get(0));
    assertEquals(grid.jobId(), action.path("taskId").asText(), "the action names the parent's provider task");
    assertEquals(button(grid, "MJ::JOB::upsample::2::"), action.path("customId").asText());
    assertEquals(32, ImageOps.decode(wf.images.read(ResultKeys.image(u2))).getWidth());

    SubmitResult modal = wf.submit("action", Json.write(Map.of("taskId", u2, "customId", button(upscaled, "MJ::Inpaint::"))));
    assertEquals(21, modal.code(), "Vary Region waits for the modal with our own task id");
    String region = modal.result().toString();
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", region, "prompt", "a red door",
        "maskBase64", dataUri(Color.BLACK)))).code());
    Task varied = wf.run(region);
    assertEquals(TaskStatus.SUCCESS, varied.status(), varied.failReason());
    List<FakeMjProxy.Recorded> modals = provider.requests("submit/modal");
    assertEquals(1, modals.size());
    assertEquals("a red door", body(modals.get(0)).path("prompt").asText());
    assertTrue(body(modals.get(0)).path("maskBase64").asText().startsWith("data:image/png;base64,"));
    assertEquals(varied.jobId(), body(modals.get(0)).path("taskId").asText(), "the modal confirms the provider's MODAL task");
    assertTrue(provider.requests().stream().allMatch(r -> r.path().startsWith("/images/") || KEY.equals(r.headers().get("mj-api-secret"))));
  }

  @Test
  void aQueuedSubmitIsShownAndAFullQueueOr5xxIsRetriedUntilTheProviderTakesIt() {
    provider.script("submit/imagine", Answer.code(22));
    provider.queuedMillis(30_000);
    String queuedId = imagine("a queued fox");
    JsonNode dispatched = wf.step(wf.dispatch, "dispatch.json", queuedId);
    wf.clock.advance(Duration.ofSeconds(dispatched.path("waitSeconds").asInt()));
    wf.step(wf.poll, "poll.json", queuedId, Map.of("polls", 0));
    assertEquals(TaskStatus.SUBMITTED, wf.task(queuedId).status(), "still in the provider's queue");
    assertEquals("2", wf.task(queuedId).property("numberOfQueues"));
    Task queued = wf.run(queuedId);
    provider.queuedMillis(1000);
    assertEquals(TaskStatus.SUCCESS, queued.status(), queued.failReason());
    assertEquals(null, queued.property("numberOfQueues"), "gone once the provider ran the job");

    provider.script("submit/imagine", Answer.code(23), Answer.http(502, ""), Answer.slow(Duration.ofSeconds(3)));
    String id = imagine("a patient fox");
    JsonNode first = wf.step(wf.dispatch, "dispatch.json", id);
    assertEquals("RUNNING", first.path("outcome").asText());
    Task waiting = wf.task(id);
    assertEquals(TaskStatus.NOT_START, waiting.status());
    assertTrue(waiting.property(DispatchStep.WAITING_PROPERTY).contains("queue is full"), waiting.properties().toString());
    Task done = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, done.status(), done.failReason());
    assertEquals(null, done.property(DispatchStep.WAITING_PROPERTY), "the note goes once the provider took the job");
  }

  @Test
  void aQueueThatStaysFullEndsTheTaskAtTheModesDeadlineSayingWhy() {
    Answer[] full = new Answer[200];
    java.util.Arrays.fill(full, Answer.code(23));
    provider.script("submit/imagine", full);
    Task task = wf.run(imagine("a fox nobody draws"));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().contains("deadline") && task.failReason().contains("queue is full"), task.failReason());
  }

  @Test
  void refusalsFailTheTaskWithTheProvidersOwnWords() {
    provider.script("submit/imagine", Answer.code(24), Answer.code(4, "Invalid parameter --foo"), Answer.code(3, "no account"),
        Answer.malformed(), Answer.html());
    Task banned = wf.run(imagine("a fox"));
    assertTrue(banned.failReason().contains("banned") && banned.failReason().contains(FakeMjProxy.BANNED_WORD), banned.failReason());
    Task invalid = wf.run(imagine("a fox"));
    assertTrue(invalid.failReason().contains("Invalid parameter --foo"), invalid.failReason());
    Task notFound = wf.run(imagine("a fox"));
    assertTrue(notFound.failReason().contains("code 3") && notFound.failReason().contains("no account"), notFound.failReason());
    Task malformed = wf.run(imagine("a fox"));
    assertTrue(malformed.failReason().contains("{\"code\":1,\"descr"), malformed.failReason());
    Task html = wf.run(imagine("a fox"));
    assertTrue(html.failReason().contains("<html>gateway</html>"), html.failReason());
    for (Task t : List.of(banned, invalid, notFound, malformed, html)) {
      assertEquals(TaskStatus.FAILURE, t.status());
    }
  }

  @Test
  void pollingRidesOutSlowAndBrokenAnswersAndAFailedJobKeepsTheProvidersReason() {
    provider.script("task/fetch", Answer.http(500, "boom"), Answer.malformed(), Answer.slow(Duration.ofSeconds(3)), Answer.html());
    Task ok = wf.run(imagine("a sturdy fox"));
    assertEquals(TaskStatus.SUCCESS, ok.status(), ok.failReason());

    Task failed = wf.run(imagine("a fox with upstreamfail"));
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals(FakeMjProxy.UPSTREAM_FAIL_REASON, failed.failReason());
  }

  @Test
  void anImageLinkThatExpiredBeforeTheCopyFailsTheTaskQuotingTheProvider() {
    provider.imageTtlMillis(1);
    Task task = wf.run(imagine("a fleeting fox"));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().contains("403") && task.failReason().contains(FakeMjProxy.IMAGE_GONE), task.failReason());
  }

  @Test
  void copiedImagesOutliveTheProvidersLinks() throws Exception {
    provider.imageTtlMillis(60_000);
    Task task = wf.run(imagine("a lasting fox"));
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    wf.clock.advance(Duration.ofMinutes(5));
    String providerLink = provider.task(task.jobId()).orElseThrow().path("imageUrl").asText();
    HttpResponse<Void> expired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(providerLink)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(403, expired.statusCode());
    assertEquals(64, ImageOps.decode(wf.images.read(task.imageUrl())).getWidth());
  }

  @Test
  void cancellingATaskCancelsTheProvidersJob() {
    String id = imagine("a fox to cancel");
    wf.step(wf.dispatch, "dispatch.json", id);
    String providerId = wf.task(id).jobId();
    assertNotNull(providerId);
    assertEquals(1, wf.api.queries().cancel(new RequestContext(wf.admin, Optional.empty()), id).code());
    Task cancelled = wf.run(id);
    assertEquals(TaskStatus.CANCEL, cancelled.status());
    assertEquals(1, provider.requests("task/cancel").size());
    assertEquals("FAILURE", provider.task(providerId).orElseThrow().path("status").asText());
  }

  @Test
  void noMoreJobsThanTheProvidersConcurrencyAreInFlight() {
    WorkflowFixture one = fixture(provider.baseUrl().replace("127.0.0.1", "localhost"), 1);
    String first = one.submit("imagine", Json.write(Map.of("prompt", "the first fox"))).result().toString();
    String second = one.submit("imagine", Json.write(Map.of("prompt", "the second fox"))).result().toString();
    one.step(one.dispatch, "dispatch.json", first);
    one.step(one.dispatch, "dispatch.json", second);
    assertEquals(TaskStatus.SUBMITTED, one.task(first).status());
    Task held = one.task(second);
    assertEquals(TaskStatus.NOT_START, held.status());
    assertTrue(held.property(DispatchStep.WAITING_PROPERTY).contains("slots"), held.properties().toString());
    assertEquals(1, provider.taskCount());
    assertEquals(TaskStatus.SUCCESS, one.run(first).status());
    Task later = one.run(second);
    assertEquals(TaskStatus.SUCCESS, later.status(), later.failReason());
  }

  @Test
  void imageSeedIsAskedOfTheProvider() {
    Task task = wf.run(imagine("a seeded fox"));
    SubmitResult seed = wf.api.queries().imageSeed(new RequestContext(wf.admin, Optional.empty()), task.id());
    assertEquals(1, seed.code(), seed.description());
    assertTrue(seed.result().toString().matches("\\d+"), String.valueOf(seed.result()));
    assertEquals(1, provider.requests("task/image-seed").size());
  }

  @Test
  void withRemixOnAVariationIsConfirmedAtOnceWithThePrompt() {
    provider.remix(true);
    Task grid = wf.run(imagine("a remixed fox"));
    String v1 = wf.submit("action", Json.write(Map.of("taskId", grid.id(), "customId", button(grid, "MJ::JOB::variation::1::"))))
        .result().toString();
    Task varied = wf.run(v1);
    assertEquals(TaskStatus.SUCCESS, varied.status(), varied.failReason());
    assertEquals("a remixed fox", body(provider.requests("submit/modal").get(0)).path("prompt").asText());
  }

  @Test
  void describeShortenBlendAndFaceSwapSendTheirImagesAsDataUris() {
    Task describe = wf.run(wf.submit("describe", Json.write(Map.of("base64", dataUri(Color.BLUE)))).result().toString());
    assertEquals(TaskStatus.SUCCESS, describe.status(), describe.failReason());
    assertTrue(describe.promptEn().startsWith("1\uFE0F\u20E3"), describe.promptEn());
    assertTrue(body(provider.requests("submit/describe").get(0)).path("base64").asText().startsWith("data:image/png;base64,"));

    Task shorten = wf.run(wf.submit("shorten", Json.write(Map.of("prompt", "a very detailed red fox in tall grass"))).result().toString());
    assertEquals(TaskStatus.SUCCESS, shorten.status(), shorten.failReason());
    assertTrue(shorten.property("finalPrompt").contains("Shortened prompts"), shorten.property("finalPrompt"));

    Task blend = wf.run(wf.submit("blend", Json.write(Map.of("base64Array", List.of(dataUri(Color.RED), dataUri(Color.GREEN)),
        "dimensions", "PORTRAIT"))).result().toString());
    assertEquals(TaskStatus.SUCCESS, blend.status(), blend.failReason());
    JsonNode blendBody = body(provider.requests("submit/blend").get(0));
    assertEquals(2, blendBody.path("base64Array").size());
    assertEquals("PORTRAIT", blendBody.path("dimensions").asText());

    Task swap = wf.run(wf.submit("swap", Json.write(Map.of("sourceBase64", dataUri(Color.ORANGE), "targetBase64",
        dataUri(Color.CYAN)))).result().toString());
    assertEquals(TaskStatus.SUCCESS, swap.status(), swap.failReason());
    JsonNode swapBody = body(provider.requests("insight-face/swap").get(0));
    assertFalse(swapBody.path("sourceBase64").asText().equals(swapBody.path("targetBase64").asText()));
  }

  @Test
  void aButtonOfATaskMadeByAnotherEngineIsNotSentToTheProvider() {
    SubmitResult relax = wf.submit("imagine", Json.write(Map.of("prompt", "a simulated fox --relax")));
    Task grid = wf.run(relax.result().toString());
    assertEquals(TaskStatus.SUCCESS, grid.status(), grid.failReason());
    Task child = upscaleInFastMode(wf, grid);
    assertEquals(TaskStatus.FAILURE, child.status());
    assertTrue(child.failReason().contains("made by the simulator"), child.failReason());
    assertTrue(provider.requests("submit/action").isEmpty());
  }

  @Test
  void aJobTheProviderForgetsFailsOnceTheGracePeriodIsOver() {
    Answer[] unknown = new Answer[100];
    java.util.Arrays.fill(unknown, Answer.code(3, "task_no_found"));
    provider.script("task/fetch", unknown);
    Task task = wf.run(imagine("a forgotten fox"));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().contains("no longer knows"), task.failReason());
    assertTrue(wf.clock.millis() - task.startTime() >= Duration.ofMinutes(2).toMillis(), "not before the grace period");
  }

  private int slotsHeld() {
    return new io.mjserverless.core.engine.mjproxy.DynamoProviderSlots(aws.dynamo(), aws.idempotencyTable(),
        io.mjserverless.core.engine.mjproxy.MjProxyEngines.slotScope(wf.config.provider(io.mjserverless.core.task.Mode.FAST)
            .orElseThrow()), 3, Duration.ofMinutes(30), wf.clock).held();
  }

  @Test
  void aModalTheGatewayAnsweredAsAcceptedIsConfirmedAtThePoll() {
    provider.remix(true).modalsAnsweredAsAccepted(true);
    Task grid = wf.run(imagine("a fox behind a gateway"));
    String v2 = wf.submit("action", Json.write(Map.of("taskId", grid.id(), "customId", button(grid, "MJ::JOB::variation::2::"))))
        .result().toString();
    Task varied = wf.run(v2);
    assertEquals(TaskStatus.SUCCESS, varied.status(), varied.failReason());
    List<FakeMjProxy.Recorded> modals = provider.requests("submit/modal");
    assertEquals(1, modals.size(), "confirmed once");
    assertEquals(varied.jobId(), body(modals.get(0)).path("taskId").asText());
  }

  @Test
  void trueaiLimitAnswersWaitAndItsOtherRefusalsFailWithItsWords() {
    provider.script("submit/imagine", Answer.http(200, "{\"success\":false,\"code\":-1,\"message\":\"并发数已达上限\"}"));
    Task waited = wf.run(imagine("a fox at the limit"));
    assertEquals(TaskStatus.SUCCESS, waited.status(), waited.failReason());
    provider.script("submit/imagine", Answer.http(200, "{\"success\":false,\"code\":-1,\"message\":\"账号已被临时封锁\"}"));
    Task refused = wf.run(imagine("a banned fox"));
    assertEquals(TaskStatus.FAILURE, refused.status());
    assertTrue(refused.failReason().contains("账号已被临时封锁"), refused.failReason());
  }

  @Test
  void aRefusedKeyWhileTheJobRunsIsWaitedOutNotFailed() {
    provider.script("task/fetch", Answer.http(403, ""), Answer.http(401, ""));
    Task task = wf.run(imagine("a fox behind a firewall"));
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    assertEquals(null, task.property(DispatchStep.WAITING_PROPERTY));
  }

  @Test
  void aFetchThatNeverAnswersSensiblyEndsAtTheDeadlineQuotingIt() {
    Answer[] html = new Answer[300];
    java.util.Arrays.fill(html, Answer.html());
    provider.script("task/fetch", html);
    Task task = wf.run(imagine("a fox nobody can see"));
    assertEquals(TaskStatus.FAILURE, task.status());
    assertTrue(task.failReason().contains("deadline") && task.failReason().contains("<html>gateway</html>"), task.failReason());
    assertEquals(0, slotsHeld(), "the slot went back when the task failed");
  }

  @Test
  void imagineSendsReferenceImagesAsLinksToOurBucket() {
    SubmitResult r = wf.submit("imagine", Json.write(Map.of("prompt", "a fox like this one", "base64Array", List.of(dataUri(Color.RED)))));
    Task task = wf.run(r.result().toString());
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    String prompt = body(provider.requests("submit/imagine").get(0)).path("prompt").asText();
    assertTrue(prompt.startsWith("http") && prompt.contains("inputs/" + task.id() + "/") && prompt.endsWith(" a fox like this one"),
        prompt);
  }

  @Test
  void slotsGoBackWhenJobsEndFailOrAreCancelled() {
    wf.run(imagine("a finished fox"));
    wf.run(imagine("a fox with upstreamfail"));
    String cancelled = imagine("a cancelled fox");
    wf.step(wf.dispatch, "dispatch.json", cancelled);
    assertEquals(1, slotsHeld());
    wf.api.queries().cancel(new RequestContext(wf.admin, Optional.empty()), cancelled);
    wf.run(cancelled);
    assertEquals(0, slotsHeld());
  }

  @Test
  void aButtonOfAnotherProvidersTaskNamesTheModeToUse() {
    Map<String, String> settings = new HashMap<>();
    settings.put("FAST_ENGINE", "mjproxy");
    settings.put("FAST_MJPROXY_URL", provider.baseUrl());
    settings.put("FAST_MJPROXY_KEY", KEY);
    settings.put("TURBO_ENGINE", "mjproxy");
    settings.put("TURBO_MJPROXY_URL", provider.baseUrl().replace("127.0.0.1", "localhost")); // another account, as far as we know
    settings.put("TURBO_MJPROXY_KEY", KEY);
    WorkflowFixture two = new WorkflowFixture(aws, settings);
    provider.clock(two.clock::millis);
    Task turbo = two.run(two.submit("imagine", Json.write(Map.of("prompt", "a quick fox --turbo"))).result().toString());
    assertEquals(TaskStatus.SUCCESS, turbo.status(), turbo.failReason());
    Task child = upscaleInFastMode(two, turbo);
    assertEquals(TaskStatus.FAILURE, child.status());
    assertTrue(child.failReason().contains("press its buttons in TURBO mode"), child.failReason());
    assertTrue(provider.requests("submit/action").isEmpty());
  }

  @Test
  void aDescribeOfALinkKeepsACopyOfThePictureNotTheLink() {
    Task grid = wf.run(imagine("a fox to describe"));
    String link = provider.task(grid.jobId()).orElseThrow().path("imageUrl").asText();
    Task describe = wf.run(wf.submit("describe", Json.write(Map.of("link", link))).result().toString());
    assertEquals(TaskStatus.SUCCESS, describe.status(), describe.failReason());
    assertEquals(ResultKeys.image(describe.id()), describe.imageUrl());
    assertTrue(ImageOps.decode(wf.images.read(describe.imageUrl())).getWidth() > 0);
    assertTrue(body(provider.requests("submit/describe").get(0)).path("base64").asText().startsWith("data:image/png;base64,"),
        "the provider gets the picture, not a link it may not reach");
  }

  @Test
  void aLinkThatStoppedWorkingGetsOneFreshLookAtTheTask() {
    provider.freshLinks(true);
    provider.script("images/final", Answer.http(403, "link expired"));
    Task task = wf.run(imagine("a fox with a fresh link"));
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    List<String> finals = provider.requests("images").stream().map(FakeMjProxy.Recorded::path)
        .filter(p -> !p.contains("preview")).toList();
    assertEquals(2, finals.size(), "the refused link, then the fresh one: " + finals);

    provider.freshLinks(false);
    provider.script("images/final", Answer.http(403, "link expired"));
    Task stale = wf.run(imagine("a fox with a stale link"));
    assertEquals(TaskStatus.FAILURE, stale.status(), "the same link again is not tried twice");
    assertTrue(stale.failReason().contains("HTTP 403") && stale.failReason().contains("link expired"), stale.failReason());
  }
}
