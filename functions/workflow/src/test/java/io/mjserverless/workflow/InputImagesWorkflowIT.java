package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.core.testing.ImageBombs;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.testing.SampleEventData;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workflow checks input images again where it reads them, whatever submit let through (a task
 * stored before the checks existed, or edited in the table): another tenant's object reads like a
 * missing one, and a picture that declares too many pixels is refused before it is decoded or sent
 * to a provider. Either way the task ends FAILURE with a plain reason.
 */
@ExtendWith(LocalAwsExtension.class)
class InputImagesWorkflowIT {
  private static final String NOT_FOUND = "input image 1 points to an image that does not exist";
  private static final String TOO_LARGE = " is too large: 16000x16000 pixels, more than the 40 megapixels allowed";

  private final LocalAws aws;
  private final WorkflowFixture wf;
  private final String other = "other-" + System.nanoTime();

  InputImagesWorkflowIT(LocalAws aws) {
    this.aws = aws;
    this.wf = new WorkflowFixture(aws);
  }

  private static String dataUri(byte[] bytes) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] png(int side) {
    return ImageOps.png(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB));
  }

  private static String id() {
    return new TaskIds(Clock.systemUTC()).next();
  }

  /** Submits through the real service, then points the stored task's inputs elsewhere, as an old task could. */
  private static String withInputs(WorkflowFixture fixture, String operation, String json, List<String> inputs) {
    SubmitResult r = fixture.submit(operation, json);
    assertEquals(1, r.code(), r.description());
    Task task = fixture.task(r.result().toString());
    fixture.tasks.update(task, task.toBuilder().inputs(inputs).build());
    return task.id();
  }

  private static String describeOf(WorkflowFixture fixture, String input) {
    return withInputs(fixture, "describe", Json.write(Map.of("base64", dataUri(png(8)))), List.of(input));
  }

  private static void assertPlain(String reason) {
    for (String internal : List.of("Exception", "java.", "S3", "Request ID", "specified key")) {
      assertFalse(reason.contains(internal), reason);
    }
  }

  @Test
  void anotherTenantsObjectsReadLikeMissingOnesAndFailTheTask() {
    String upload = wf.images.putUpload(other, id(), new io.mjserverless.core.image.DecodedImage(png(8),
        io.mjserverless.core.image.ImageFormat.PNG));
    Task othersTask = SampleEventData.success(id(), other, io.mjserverless.core.task.TaskAction.IMAGINE, "h");
    wf.tasks.create(othersTask);
    wf.images.put(ResultKeys.grid(othersTask.id()), ImageSource.ofBytes(png(16), "image/png"));
    List<String> refused = new ArrayList<>(List.of(
        upload,                                                              // another tenant's upload
        ResultKeys.grid(othersTask.id()),                                    // another tenant's result
        wf.images.url(ResultKeys.grid(othersTask.id())),                     // the same as a signed link
        "uploads/" + Authenticator.ADMIN_TENANT + "/images/1763800000000000999.png", // our own, but missing
        ResultKeys.grid(id()),                                               // a task that does not exist
        "secrets/config.json"));                                            // no layout of ours
    for (String input : refused) {
      Task done = wf.run(describeOf(wf, input));
      assertEquals(TaskStatus.FAILURE, done.status(), input);
      assertEquals(NOT_FOUND, done.failReason(), input);
    }
    String blend = withInputs(wf, "blend", Json.write(Map.of("base64Array", List.of(dataUri(png(8)), dataUri(png(9))))),
        List.of(ResultKeys.grid(othersTask.id()), upload));
    assertEquals(NOT_FOUND, wf.run(blend).failReason());
  }

  @Test
  void ourOwnUploadsAndResultsStillWork() {
    String upload = wf.images.putUpload(Authenticator.ADMIN_TENANT, id(),
        new io.mjserverless.core.image.DecodedImage(png(8), io.mjserverless.core.image.ImageFormat.PNG));
    Task done = wf.run(describeOf(wf, upload));
    assertEquals(TaskStatus.SUCCESS, done.status(), done.failReason());
    Task byLink = wf.run(describeOf(wf, wf.images.url(upload)));
    assertEquals(TaskStatus.SUCCESS, byLink.status(), byLink.failReason());
  }

  /** Submits through the real service, then replaces stored input {@code n} with a bomb. */
  private static String withBomb(WorkflowFixture fixture, String operation, String json, int n) {
    SubmitResult r = fixture.submit(operation, json);
    assertEquals(1, r.code(), r.description());
    Task task = fixture.task(r.result().toString());
    fixture.images.put(task.inputs().get(n), ImageSource.ofBytes(ImageBombs.png(16000, 16000), "image/png"));
    return task.id();
  }

  @Test
  void aBombIsRefusedBeforeTheSimulatorDecodesIt() {
    Task bombed = wf.run(withBomb(wf, "describe", Json.write(Map.of("base64", dataUri(png(8)))), 0));
    assertEquals(TaskStatus.FAILURE, bombed.status());
    assertEquals("input image 1" + TOO_LARGE, bombed.failReason());
    assertPlain(bombed.failReason());
    // A blend's previews already need its pictures, so the refusal comes while polling.
    String blend = withBomb(wf, "blend", Json.write(Map.of("base64Array", List.of(dataUri(png(8)), dataUri(png(9))))), 1);
    Task failed = wf.run(blend);
    assertEquals(TaskStatus.FAILURE, failed.status());
    assertEquals("input image 2" + TOO_LARGE, failed.failReason());
    String imagine = withBomb(wf, "imagine", Json.write(Map.of("prompt", "a cat", "base64Array", List.of(dataUri(png(8))))), 0);
    assertEquals("input image 1" + TOO_LARGE, wf.run(imagine).failReason());
  }

  @Test
  void theMjproxyEngineSendsNeitherAnotherTenantsImageNorABomb() {
    FakeMjProxy provider = FakeMjProxy.start().secret("sk").jobMillis(5_000).gridSide(64);
    try {
      WorkflowFixture mj = new WorkflowFixture(aws, Map.of("FAST_ENGINE", "mjproxy", "FAST_MJPROXY_URL", provider.baseUrl(),
          "FAST_MJPROXY_KEY", "sk", "FAST_MJPROXY_TIMEOUT_SECONDS", "1"));
      provider.clock(mj.clock::millis);
      Task othersTask = SampleEventData.success(id(), other, io.mjserverless.core.task.TaskAction.IMAGINE, "h");
      mj.tasks.create(othersTask);
      mj.images.put(ResultKeys.grid(othersTask.id()), ImageSource.ofBytes(png(16), "image/png"));
      // imagine hands its image prompts to the provider as links we sign: never one of another tenant's.
      String imagine = withInputs(mj, "imagine", Json.write(Map.of("prompt", "a cat --fast")),
          List.of(ResultKeys.grid(othersTask.id())));
      Task refused = mj.run(imagine);
      assertEquals(TaskStatus.FAILURE, refused.status());
      assertEquals(NOT_FOUND, refused.failReason());
      Task bombed = mj.run(withBomb(mj, "describe", Json.write(Map.of("base64", dataUri(png(8)))), 0));
      assertEquals(TaskStatus.FAILURE, bombed.status());
      assertEquals("input image 1" + TOO_LARGE, bombed.failReason());
      assertTrue(provider.requests("submit/imagine").isEmpty(), "nothing was sent for the imagine");
      assertTrue(provider.requests("submit/describe").isEmpty(), "nothing was sent for the describe");
    } finally {
      provider.close();
    }
  }
}
