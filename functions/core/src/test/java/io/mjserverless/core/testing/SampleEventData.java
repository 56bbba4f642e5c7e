package io.mjserverless.core.testing;

import io.mjserverless.core.auth.ApiKey;
import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.ApiKeys;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.Role;
import io.mjserverless.core.button.Buttons;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.util.List;

/**
 * The tasks and key that the files in events/ name (they were written against these ids), so every
 * event can be run for real: by the handler tests and by the local runtime's `invoke` tests.
 */
public final class SampleEventData {
  public static final String PARENT_ID = "1763800000000000001";
  public static final String MODAL_ID = "1763800000000000002";
  public static final String RUNNING_ID = "1763800000000000003";
  public static final String UPSCALE_ID = "1763800000000000004";
  public static final String WORKFLOW_ID = "1763800000000000101";
  public static final String JOB_HASH = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
  public static final String KEY_ID = "abcdefghijkm";

  private SampleEventData() {}

  public static void seed(TaskStore tasks, ApiKeyStore keys) {
    String admin = Authenticator.ADMIN_TENANT;
    long now = System.currentTimeMillis();
    tasks.create(success(PARENT_ID, admin, TaskAction.IMAGINE, JOB_HASH));
    Task upscale = success(UPSCALE_ID, admin, TaskAction.UPSCALE, JOB_HASH);
    tasks.create(upscale);
    tasks.create(Task.builder().id(MODAL_ID).tenant(admin).keyId("test").action(TaskAction.VARIATION)
        .status(TaskStatus.MODAL).mode(Mode.FAST).botType(BotType.MID_JOURNEY).prompt(upscale.prompt())
        .promptEn(upscale.promptEn()).description("/up " + UPSCALE_ID + " Vary (Region)").submitTime(now)
        .parentId(UPSCALE_ID).customId("MJ::Inpaint::1::" + JOB_HASH + "::SOLO").index(1).updatedAt(now).build());
    tasks.create(Task.builder().id(RUNNING_ID).tenant(admin).keyId("test").action(TaskAction.IMAGINE)
        .status(TaskStatus.SUBMITTED).mode(Mode.RELAX).botType(BotType.MID_JOURNEY).prompt("slow").promptEn("slow")
        .description("/imagine slow").submitTime(now).progress("0%").updatedAt(now).build());
    tasks.create(Task.builder().id(WORKFLOW_ID).tenant(admin).keyId(Authenticator.BOOTSTRAP_KEY_ID).action(TaskAction.IMAGINE)
        .status(TaskStatus.NOT_START).mode(Mode.TURBO).botType(BotType.MID_JOURNEY).prompt("a paper crane --ar 1:1")
        .promptEn("a paper crane --ar 1:1").description("/imagine a paper crane --ar 1:1").submitTime(now).seed(42L)
        .updatedAt(now).build());
    keys.create(new ApiKey(KEY_ID, ApiKeys.hash("mj_" + KEY_ID + "_sample"), "sample", Role.USER, "whsec_sample", "sample", now, null));
  }

  /** A finished task with the buttons of its result and its images under our keys, as the workflow leaves it. */
  public static Task success(String id, String tenant, TaskAction action, String jobHash) {
    long now = System.currentTimeMillis();
    return Task.builder()
        .id(id).tenant(tenant).keyId("test").action(action).status(TaskStatus.SUCCESS).mode(Mode.FAST)
        .botType(BotType.MID_JOURNEY).prompt("a lighthouse on a cliff").promptEn("a lighthouse on a cliff")
        .description("/imagine a lighthouse on a cliff").submitTime(now - 5000).startTime(now - 4000).finishTime(now)
        .progress("100%").imageUrl("images/" + id + "/grid.png")
        .imageUrls(List.of("images/" + id + "/0.png", "images/" + id + "/1.png", "images/" + id + "/2.png", "images/" + id + "/3.png"))
        .buttons(Buttons.forResult(action, jobHash)).seed(1234567L).jobId(jobHash)
        .updatedAt(now)
        .build();
  }
}
