package io.mjserverless.core.workflow;

import io.mjserverless.core.button.Buttons;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Copies a finished job's output into our bucket and sets SUCCESS with durable image references,
 * buttons, size and final prompt in one conditional write. The image is streamed to the bucket
 * first, then decoded once to split the grid and make the thumbnail. A second run finds the task
 * finished and writes nothing.
 */
public final class StoreResultStep {
  public static final int THUMBNAIL_SIDE = 256;

  private final TaskUpdates updates;
  private final Engines engines;
  private final ImageStore images;
  private final Clock clock;

  public StoreResultStep(TaskUpdates updates, Engines engines, ImageStore images, Clock clock) {
    this.updates = updates;
    this.engines = engines;
    this.images = images;
    this.clock = clock;
  }

  public StepState run(String taskId) {
    Task task = updates.load(taskId);
    if (task.status().isFinal()) {
      return StepState.ended(taskId, 0, task.status() == TaskStatus.SUCCESS ? StepState.SUCCEEDED : StepState.FAILED, task.failReason());
    }
    JobResult result;
    try {
      result = engines.forTask(task).result(task);
    } catch (EngineBusyException busy) {
      io.mjserverless.core.log.Log.warn("engine.busy", null, "at", "result", "reason", busy.getMessage());
      io.mjserverless.core.log.Metrics.engineError(io.mjserverless.core.log.LogContext.get(io.mjserverless.core.log.LogContext.ENGINE), "busy");
      throw new TransientStepException(busy.getMessage(), busy); // the state machine runs StoreResult again
    }
    Stored stored = switch (result.kind()) {
      case GRID -> storeGrid(taskId, result.image().orElseThrow());
      case IMAGE -> storeImage(taskId, result.image().orElseThrow());
      case TEXT -> result.image().isPresent() ? storeDescribed(taskId, result.image().get())
          : new Stored(task.action() == TaskAction.DESCRIBE && !task.inputs().isEmpty() ? task.inputs().get(0) : null,
              List.of(), null, null);
    };
    String hash = result.properties().getOrDefault("messageHash", jobHash(task));
    long now = clock.millis();
    Task after = updates.apply(taskId, t -> {
      if (t.status().isFinal()) {
        return Optional.empty();
      }
      Map<String, Object> props = new java.util.LinkedHashMap<>(t.properties());
      props.remove(DispatchStep.WAITING_PROPERTY);
      props.putAll(result.properties());
      props.put("messageHash", hash);
      String finalPrompt = result.text().orElse(result.properties().getOrDefault("finalPrompt", t.promptEn()));
      props.put("finalPrompt", finalPrompt == null ? "" : finalPrompt);
      Task.Builder b = t.toBuilder()
          .status(TaskStatus.SUCCESS)
          .progress("100%")
          .finishTime(now)
          .failReason(null)
          .imageUrl(stored.imageKey())
          .imageUrls(stored.imageKeys())
          .buttons(result.buttons().orElseGet(() -> Buttons.forResult(t.action(), hash)))
          .width(stored.width())
          .height(stored.height())
          .seed(result.seed() != null ? result.seed() : t.seed())
          .properties(props);
      if (t.action() == TaskAction.DESCRIBE) {
        b.prompt(finalPrompt).promptEn(finalPrompt);
      }
      return Optional.of(b.build());
    });
    return StepState.ended(taskId, 0, after.status() == TaskStatus.SUCCESS ? StepState.SUCCEEDED : StepState.FAILED, after.failReason());
  }

  /** What was written to the bucket for a result. */
  private record Stored(String imageKey, List<String> imageKeys, Integer width, Integer height) {}

  private Stored storeGrid(String taskId, ImageSource source) {
    images.put(ResultKeys.grid(taskId), source);
    BufferedImage grid = decode(source);
    List<String> parts = new ArrayList<>(4);
    List<BufferedImage> split = ImageOps.split(grid);
    for (int n = 0; n < split.size(); n++) {
      parts.add(images.put(ResultKeys.part(taskId, n), ImageOps.pngSource(split.get(n))));
    }
    images.put(ResultKeys.thumbnail(taskId), ImageOps.pngSource(ImageOps.thumbnail(grid, THUMBNAIL_SIDE)));
    return new Stored(ResultKeys.grid(taskId), parts, grid.getWidth(), grid.getHeight());
  }

  private Stored storeImage(String taskId, ImageSource source) {
    String key = images.put(ResultKeys.image(taskId), source);
    BufferedImage image = decode(source);
    images.put(ResultKeys.thumbnail(taskId), ImageOps.pngSource(ImageOps.thumbnail(image, THUMBNAIL_SIDE)));
    // One picture, no grid parts: imageUrls is for the four pictures of a grid only (TaskView, docs/api.md).
    return new Stored(key, List.of(), image.getWidth(), image.getHeight());
  }

  /**
   * The picture a describe read from a client's link: copied like any result, so the task never shows
   * a link that may expire or change (a picture from our own bucket needs no copy and comes without one).
   */
  private Stored storeDescribed(String taskId, ImageSource source) {
    BufferedImage image = decode(source);
    String key = images.put(ResultKeys.image(taskId), ImageOps.pngSource(image));
    images.put(ResultKeys.thumbnail(taskId), ImageOps.pngSource(ImageOps.thumbnail(image, THUMBNAIL_SIDE)));
    return new Stored(key, List.of(), image.getWidth(), image.getHeight());
  }

  /** Through the guarded decoder: a result above the pixel cap fails the task instead of the function. */
  private static BufferedImage decode(ImageSource source) {
    try (InputStream in = source.open()) {
      return ImageOps.decode(in);
    } catch (ImageRefusedException e) {
      throw new io.mjserverless.core.engine.JobRejectedException("the result image " + e.reason(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("the result image cannot be read: " + e.getMessage(), e);
    }
  }

  /** The id buttons carry: the engine's job id when it is one, else a stable id derived from the task. */
  static String jobHash(Task task) {
    String job = task.jobId();
    if (job != null && job.matches("[A-Za-z0-9_-]{1,64}")) {
      return job;
    }
    return UUID.nameUUIDFromBytes(("job:" + task.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }
}
