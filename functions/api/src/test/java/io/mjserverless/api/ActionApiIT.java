package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/** Buttons of finished tasks: action, the modal two-step, change and simple-change. */
@ExtendWith(LocalAwsExtension.class)
class ActionApiIT {
  private final ApiFixture api;
  private final TaskIds ids = new TaskIds(Clock.systemUTC());
  private String key;
  private String tenant;

  ActionApiIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  @BeforeEach
  void tenant() {
    tenant = "actions-" + System.nanoTime();
    key = api.userKey(tenant);
  }

  private String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst().orElseThrow();
  }

  private Task stored(String id) {
    return api.tasks.get(id).orElseThrow();
  }

  @Test
  void upscaleCreatesAChildTaskLinkedToItsParent() {
    Task parent = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    ApiFixture.Response r = api.post("/mj/submit/action", Map.of("taskId", parent.id(), "customId", button(parent, "MJ::JOB::upsample::2::")), key);
    assertEquals(1, r.code(), r.body());
    Task child = stored(r.result());
    assertEquals(TaskAction.UPSCALE, child.action());
    assertEquals(TaskStatus.NOT_START, child.status());
    assertEquals(parent.id(), child.parentId());
    assertEquals(Integer.valueOf(2), child.index());
    assertEquals("/up " + parent.id() + " U2", child.description());
    assertEquals(parent.prompt(), child.prompt());
    assertTrue(api.workflow.started.contains(child.id()));
  }

  @Test
  void childModeFollowsThePathPrefixElseTheParent() {
    Task parent = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    String v1 = button(parent, "MJ::JOB::variation::1::");
    assertEquals(Mode.FAST, stored(api.post("/mj/submit/action", Map.of("taskId", parent.id(), "customId", v1), key).result()).mode());
    Task relaxed = stored(api.post("/mj-relax/mj/submit/action", Map.of("taskId", parent.id(), "customId", v1), key).result());
    assertEquals(Mode.RELAX, relaxed.mode());
    assertEquals(TaskAction.VARIATION, relaxed.action());
  }

  @Test
  void rerollOfAnUpscaleIsAnImagine() {
    Task upscale = api.seedSuccess(ids.next(), tenant, TaskAction.UPSCALE, null);
    Task grid = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    assertEquals(TaskAction.IMAGINE, stored(api.post("/mj/submit/action",
        Map.of("taskId", grid.id(), "customId", button(grid, "MJ::JOB::reroll::")), key).result()).action());
    assertEquals(TaskAction.ZOOM, stored(api.post("/mj/submit/action",
        Map.of("taskId", upscale.id(), "customId", button(upscale, "MJ::Outpaint::50::")), key).result()).action());
    assertEquals(TaskAction.PAN, stored(api.post("/mj/submit/action",
        Map.of("taskId", upscale.id(), "customId", button(upscale, "MJ::JOB::pan_left::")), key).result()).action());
    assertEquals(TaskAction.UPSCALE_HD, stored(api.post("/mj/submit/action",
        Map.of("taskId", upscale.id(), "customId", button(upscale, "MJ::JOB::upsample_v6_2x_subtle::")), key).result()).action());
  }

  @Test
  void actionsNeedAFinishedParentAndOneOfItsButtons() {
    Task parent = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    ApiFixture.Response foreignButton = api.post("/mj/submit/action",
        Map.of("taskId", parent.id(), "customId", "MJ::JOB::upsample::2::00000000-0000-0000-0000-000000000000"), key);
    assertEquals(4, foreignButton.code());
    assertTrue(foreignButton.description().contains("customId"), foreignButton.description());
    assertEquals(4, api.post("/mj/submit/action", Map.of("taskId", parent.id(), "customId", "garbage"), key).code());
    assertEquals(4, api.post("/mj/submit/action", Map.of("taskId", parent.id()), key).code());
    assertEquals(3, api.post("/mj/submit/action", Map.of("taskId", "1763800000000000404", "customId", "MJ::JOB::upsample::1::x"), key).code());

    String running = api.post("/mj/submit/imagine", Map.of("prompt", "a running cat"), key).result();
    ApiFixture.Response notDone = api.post("/mj/submit/action", Map.of("taskId", running, "customId", button(parent, "MJ::JOB::upsample::1::")), key);
    assertEquals(4, notDone.code());
    assertTrue(notDone.description().contains("NOT_START"), notDone.description());
  }

  @Test
  void customZoomIsAModalCompletedWithAZoomPrompt() {
    Task upscale = api.seedSuccess(ids.next(), tenant, TaskAction.UPSCALE, null);
    ApiFixture.Response modal = api.post("/mj/submit/action", Map.of("taskId", upscale.id(), "customId", button(upscale, "MJ::CustomZoom::")), key);
    assertEquals(21, modal.code(), modal.body());
    assertEquals("Waiting for window confirm", modal.description());
    assertTrue(modal.json().get("properties").get("remix").asBoolean());
    assertTrue(modal.json().get("properties").get("finalPrompt").asText().contains("--zoom 2"));
    String id = modal.result();
    assertEquals(TaskStatus.MODAL, stored(id).status());
    assertTrue(!api.workflow.started.contains(id), "a MODAL task waits for /submit/modal");

    ApiFixture.Response noZoom = api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a lighthouse"), key);
    assertEquals(4, noZoom.code());
    assertTrue(noZoom.description().contains("--zoom"));
    assertEquals(4, api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a lighthouse --zoom 3"), key).code());

    ApiFixture.Response done = api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a lighthouse --zoom 1.5"), key);
    assertEquals(1, done.code(), done.body());
    assertEquals(id, done.result());
    Task task = stored(id);
    assertEquals(TaskStatus.NOT_START, task.status());
    assertEquals(TaskAction.ZOOM, task.action());
    assertEquals("a lighthouse --zoom 1.5", task.prompt());
    assertTrue(api.workflow.started.contains(id));
    assertEquals(4, api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "again --zoom 1.5"), key).code());
  }

  @Test
  void varyRegionNeedsAMaskWhichIsStored() {
    Task upscale = api.seedSuccess(ids.next(), tenant, TaskAction.UPSCALE, null);
    String id = api.post("/mj/submit/action", Map.of("taskId", upscale.id(), "customId", button(upscale, "MJ::Inpaint::")), key).result();
    ApiFixture.Response noMask = api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a red door"), key);
    assertEquals(4, noMask.code());
    assertTrue(noMask.description().contains("maskBase64"), noMask.description());
    String mask = ApiFixture.event("submit-modal.json").getBody();
    String maskUri = io.mjserverless.core.json.Json.tree(mask).get("maskBase64").asText();
    ApiFixture.Response ok = api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a red door", "maskBase64", maskUri), key);
    assertEquals(1, ok.code(), ok.body());
    Task task = stored(id);
    assertEquals(TaskAction.VARIATION, task.action());
    assertNotNull(task.maskKey());
    assertNotNull(api.aws.s3().headObject(HeadObjectRequest.builder().bucket(api.aws.bucket()).key(task.maskKey()).build()));
  }

  @Test
  void picReaderAndPromptAnalyzerPrefillThePickedPrompt() {
    String described = NumberedPrompts.format(List.of("a red fox --ar 4:3", "a fox in snow --ar 4:3", "fox watercolor", "fox at dusk"));
    Task describe = api.seedSuccess(ids.next(), tenant, TaskAction.DESCRIBE, described);
    ApiFixture.Response pick = api.post("/mj/submit/action", Map.of("taskId", describe.id(), "customId", "MJ::Job::PicReader::2"), key);
    assertEquals(21, pick.code(), pick.body());
    assertEquals("a fox in snow --ar 4:3", pick.json().get("properties").get("finalPrompt").asText());
    ApiFixture.Response confirmed = api.post("/mj/submit/modal", Map.of("taskId", pick.result()), key);
    assertEquals(1, confirmed.code(), confirmed.body());
    Task imagine = stored(pick.result());
    assertEquals(TaskAction.IMAGINE, imagine.action());
    assertEquals("a fox in snow --ar 4:3", imagine.prompt());

    String shortened = "## Important tokens\nred **fox**\n## Shortened prompts\n" + NumberedPrompts.format(List.of("red fox", "fox", "a fox", "red", "fox red"));
    Task shorten = api.seedSuccess(ids.next(), tenant, TaskAction.SHORTEN, shortened);
    ApiFixture.Response analyzer = api.post("/mj/submit/action", Map.of("taskId", shorten.id(), "customId", "MJ::Job::PromptAnalyzer::5"), key);
    assertEquals(21, analyzer.code());
    assertEquals("fox red", analyzer.json().get("properties").get("finalPrompt").asText());

    ApiFixture.Response retry = api.post("/mj/submit/action", Map.of("taskId", describe.id(), "customId", "MJ::Picread::Retry"), key);
    assertEquals(1, retry.code());
    assertEquals(TaskAction.DESCRIBE, stored(retry.result()).action());
  }

  @Test
  void legacyChangeAndSimpleChangeMapToTheGridButtons() {
    Task parent = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    Task u3 = stored(api.post("/mj/submit/change", Map.of("taskId", parent.id(), "action", "UPSCALE", "index", 3), key).result());
    assertEquals(TaskAction.UPSCALE, u3.action());
    assertEquals(Integer.valueOf(3), u3.index());
    Task v4 = stored(api.post("/mj/submit/simple-change", Map.of("content", parent.id() + " v4"), key).result());
    assertEquals(TaskAction.VARIATION, v4.action());
    assertEquals(Integer.valueOf(4), v4.index());
    assertEquals(TaskAction.IMAGINE, stored(api.post("/mj/submit/simple-change", Map.of("content", parent.id() + " R"), key).result()).action());
    assertEquals(4, api.post("/mj/submit/change", Map.of("taskId", parent.id(), "action", "UPSCALE", "index", 5), key).code());
    assertEquals(4, api.post("/mj/submit/simple-change", Map.of("content", parent.id() + " U5"), key).code());
    assertEquals(4, api.post("/mj/submit/simple-change", Map.of("content", "nonsense"), key).code());
    Task upscale = api.seedSuccess(ids.next(), tenant, TaskAction.UPSCALE, null);
    assertEquals(4, api.post("/mj/submit/change", Map.of("taskId", upscale.id(), "action", "VARIATION", "index", 1), key).code());
  }

  @Test
  void aBannedPromptInAModalIsCode24() {
    String described = NumberedPrompts.format(List.of("a", "b", "c", "d"));
    Task describe = api.seedSuccess(ids.next(), tenant, TaskAction.DESCRIBE, described);
    String id = api.post("/mj/submit/action", Map.of("taskId", describe.id(), "customId", "MJ::Job::PicReader::1"), key).result();
    ApiFixture.Response r = api.post("/mj/submit/modal", Map.of("taskId", id, "prompt", "a nude statue"), key);
    assertEquals(24, r.code());
    assertEquals(TaskStatus.MODAL, stored(id).status());
  }

}
