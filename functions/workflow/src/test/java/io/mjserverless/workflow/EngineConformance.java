package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.workflow.StepState;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every engine owes the contract, written once and run against each engine in FAST mode
 * ({@code SimulatorConformanceIT}, {@code MjProxyConformanceIT}, {@code OpenAiConformanceIT},
 * {@code DiscordConformanceIT}) through
 * the real submit and action services and the workflow steps. An engine that cannot do a thing says so
 * by overriding its hook with {@link #cannot}: the test is reported as aborted, with the reason.
 */
@ExtendWith(LocalAwsExtension.class)
abstract class EngineConformance {
  private static final List<TaskStatus> FORWARD = List.of(TaskStatus.NOT_START, TaskStatus.SUBMITTED,
      TaskStatus.IN_PROGRESS, TaskStatus.SUCCESS);

  private final LocalAws aws;
  protected WorkflowFixture wf;

  EngineConformance(LocalAws aws) {
    this.aws = aws;
  }

  /** FAST mode's settings for the engine under test (empty: the simulator). */
  protected abstract Map<String, String> settings();

  /** An engine the test builds itself for FAST mode instead of the one {@link #settings} configure; null: none. */
  protected WorkflowFixture.FastEngine fastEngine() {
    return null;
  }

  /** Called once the fixture exists (a fake provider that follows the fixture's clock). */
  protected void attach(WorkflowFixture fixture) {}

  protected abstract void stopProvider();

  /** Makes the engine refuse the next imagine for good (a banned prompt at the provider). */
  protected abstract void refuseNextImagine();

  /** Makes the engine never finish the next imagine (a provider that stays busy). */
  protected abstract void stallNextImagine();

  /** Aborts the calling test, naming what this engine cannot do and why. */
  protected static void cannot(String what, String why) {
    Assumptions.abort("this engine cannot " + what + ": " + why);
  }

  @BeforeEach
  void startFixture() {
    wf = new WorkflowFixture(aws, settings(), fastEngine());
    attach(wf);
  }

  @AfterEach
  void stop() {
    stopProvider();
  }

  protected String submit(String operation, Map<String, Object> body) {
    SubmitResult r = wf.submit(operation, Json.write(body));
    assertEquals(1, r.code(), r.description());
    return r.result().toString();
  }

  protected Task succeeded(String id) {
    Task task = wf.run(id);
    assertEquals(TaskStatus.SUCCESS, task.status(), task.failReason());
    return task;
  }

  protected static String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no button " + prefix + " in " + task.buttons()));
  }

  protected String press(Task task, String prefix) {
    return submit("action", Map.of("taskId", task.id(), "customId", button(task, prefix)));
  }

  /** The task as a client's fetch shows it. */
  private io.mjserverless.core.task.TaskView view(String id) {
    return wf.api.queries().fetch(new RequestContext(wf.admin, Optional.empty()), id);
  }

  private static String mask() {
    BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        mask.setRGB(x, y, 0xffffff);
      }
    }
    return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(mask));
  }

  @Test
  void anImagineMovesForwardOnlyShowsProgressAndEndsAsAGridOfFourEqualPictures() {
    String id = submit("imagine", Map.of("prompt", "a lighthouse at dawn"));
    // What a polling client sees (fetch), sampled between the workflow's steps and halfway through each wait.
    List<io.mjserverless.core.task.TaskView> seen = new ArrayList<>();
    seen.add(view(id));
    JsonNode state = wf.step(wf.dispatch, "dispatch.json", id);
    seen.add(view(id));
    while (state.path("outcome").asText().equals(StepState.RUNNING)) {
      assertTrue(state.path("polls").asInt() < 500, "the job ends");
      int waitSeconds = state.path("waitSeconds").asInt();
      wf.clock.advance(Duration.ofSeconds(waitSeconds / 2));
      seen.add(view(id));
      wf.clock.advance(Duration.ofSeconds(waitSeconds - waitSeconds / 2));
      state = wf.step(wf.poll, "poll.json", id, Map.of("polls", state.path("polls").asInt()));
      seen.add(view(id));
    }
    assertEquals(StepState.SUCCEEDED, state.path("outcome").asText(), state.toString());
    wf.step(wf.storeResult, "store-result.json", id);
    wf.deliver(id);
    Task done = wf.task(id);
    seen.add(view(id));
    int lastStatus = 0;
    int lastProgress = 0;
    for (io.mjserverless.core.task.TaskView t : seen) {
      int s = FORWARD.indexOf(t.status());
      assertTrue(s >= lastStatus, "statuses move forward only: " + seen.stream().map(io.mjserverless.core.task.TaskView::status).toList());
      lastStatus = s;
      if (t.progress() != null && t.progress().endsWith("%")) {
        int p = Integer.parseInt(t.progress().replace("%", ""));
        assertTrue(p >= lastProgress, "progress moves forward only: " + seen.stream().map(io.mjserverless.core.task.TaskView::progress).toList());
        lastProgress = p;
      }
    }
    assertTrue(seen.stream().anyMatch(t -> t.status() == TaskStatus.IN_PROGRESS), "the task was shown IN_PROGRESS");
    assertEquals("100%", done.progress());
    BufferedImage grid = ImageOps.decode(wf.images.read(ResultKeys.grid(id)));
    assertEquals(4, done.imageUrls().size());
    for (int n = 0; n < 4; n++) {
      BufferedImage part = ImageOps.decode(wf.images.read(ResultKeys.part(id, n)));
      assertEquals(grid.getWidth() / 2, part.getWidth());
      assertEquals(grid.getHeight() / 2, part.getHeight());
    }
    assertEquals(grid.getWidth(), done.width());
    assertTrue(done.buttons().size() >= 9, "U1-U4, V1-V4 and reroll: " + done.buttons());
  }

  @Test
  void theButtonsOfAGridAndOfAnUpscaleWork() {
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a red barn")));
    BufferedImage gridImage = ImageOps.decode(wf.images.read(ResultKeys.grid(grid.id())));
    Task u1 = succeeded(press(grid, "MJ::JOB::upsample::1::"));
    assertEquals(TaskAction.UPSCALE, u1.action());
    assertTrue(u1.width() >= gridImage.getWidth() / 2, "U1 is at least the quadrant's size");
    assertEquals(TaskAction.VARIATION, succeeded(press(grid, "MJ::JOB::variation::2::")).action());
    assertTrue(succeeded(press(grid, "MJ::JOB::reroll::")).imageUrls().size() == 4);
    for (String prefix : List.of("MJ::JOB::low_variation::", "MJ::Outpaint::50::", "MJ::JOB::pan_left::")) {
      Task child = succeeded(press(u1, prefix));
      assertEquals(4, child.imageUrls().size(), prefix + " makes a grid");
    }
    Task hd = succeeded(press(u1, "MJ::JOB::upsample_v6_2x_subtle::"));
    assertTrue(hd.width() >= u1.width(), "an upscale of an upscale is not smaller");
  }

  @Test
  void varyRegionWaitsForItsModalThenRuns() {
    Task grid = succeeded(submit("imagine", Map.of("prompt", "a quiet harbour")));
    Task u2 = succeeded(press(grid, "MJ::JOB::upsample::2::"));
    SubmitResult modal = wf.submit("action", Json.write(Map.of("taskId", u2.id(), "customId", button(u2, "MJ::Inpaint::"))));
    assertEquals(21, modal.code(), modal.description());
    String region = modal.result().toString();
    assertEquals(TaskStatus.MODAL, wf.task(region).status());
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", region, "prompt", "a red boat", "maskBase64", mask()))).code());
    assertEquals(4, succeeded(region).imageUrls().size());
  }

  @Test
  void describeAnswersFourPromptsAndShortenFiveThatTheirButtonsUse() {
    BufferedImage picture = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
    Task described = succeeded(submit("describe", Map.of("base64",
        "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(ImageOps.png(picture)))));
    for (int n = 1; n <= 4; n++) {
      assertTrue(NumberedPrompts.entry(described.property("finalPrompt"), n, null).isPresent(),
          "prompt " + n + " of " + described.property("finalPrompt"));
    }
    SubmitResult pick = wf.submit("action", Json.write(Map.of("taskId", described.id(),
        "customId", button(described, "MJ::Job::PicReader::1"))));
    assertEquals(21, pick.code(), "a pick opens the prompt's modal: " + pick.description());
    String picked = pick.result().toString();
    String prefilled = String.valueOf(pick.properties().get("finalPrompt"));
    assertEquals(NumberedPrompts.entry(described.property("finalPrompt"), 1, null).orElseThrow(), prefilled);
    assertEquals(1, wf.submit("modal", Json.write(Map.of("taskId", picked, "prompt", prefilled))).code());
    assertEquals(TaskAction.IMAGINE, succeeded(picked).action());
    Task shortened = succeeded(submit("shorten", Map.of("prompt", "a very detailed old lighthouse at dawn with golden light")));
    for (int n = 1; n <= 5; n++) {
      assertTrue(NumberedPrompts.entry(shortened.property("finalPrompt"), n, "Shortened prompts").isPresent(),
          "prompt " + n + " of " + shortened.property("finalPrompt"));
    }
  }

  @Test
  void aRefusedJobFailsWithAPlainReason() {
    refuseNextImagine();
    Task failed = wf.run(submit("imagine", Map.of("prompt", "a harmless fox")));
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertFalse(failed.failReason().isBlank());
    assertFalse(failed.failReason().contains("Exception") || failed.failReason().contains("internal error"), failed.failReason());
  }

  @Test
  void aJobThatNeverFinishesFailsAtTheModesDeadlineSayingSo() {
    stallNextImagine();
    Task failed = wf.run(submit("imagine", Map.of("prompt", "a fox nobody draws")));
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertTrue(failed.failReason().contains("deadline"), failed.failReason());
  }

  @Test
  void aCancelledTaskEndsCancelledAndStaysSo() {
    String id = submit("imagine", Map.of("prompt", "a fox to cancel"));
    wf.step(wf.dispatch, "dispatch.json", id);
    RequestContext ctx = new RequestContext(wf.admin, Optional.empty());
    assertEquals(1, wf.api.queries().cancel(ctx, id).code());
    JsonNode state = wf.step(wf.poll, "poll.json", id, Map.of("polls", 0));
    assertEquals(StepState.CANCELLED, state.path("outcome").asText());
    Task cancelled = wf.task(id);
    assertEquals(TaskStatus.CANCEL, cancelled.status());
    assertEquals("cancelled by the client", cancelled.failReason());
    // A second task is not held up by the cancelled one (a slot freed, nothing stuck).
    succeeded(submit("imagine", Map.of("prompt", "a fox after the cancel")));
  }

  @Test
  void aFinishedTaskAnswersItsImageSeed() {
    Task done = succeeded(submit("imagine", Map.of("prompt", "a seeded fox --seed 1234")));
    SubmitResult seed = wf.api.queries().imageSeed(new RequestContext(wf.admin, Optional.empty()), done.id());
    assertEquals(1, seed.code(), seed.description());
    assertFalse(String.valueOf(seed.result()).isBlank());
  }
}
