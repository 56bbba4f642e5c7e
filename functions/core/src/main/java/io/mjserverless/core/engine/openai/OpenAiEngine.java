package io.mjserverless.core.engine.openai;

import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.engine.mjproxy.ProviderSlots;
import io.mjserverless.core.engine.simulator.Grids;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the pictures of a mode with an OpenAI-compatible image model. The provider answers each request
 * synchronously (tens of seconds), so the work happens in Poll, whose Lambda timeout (420 s) allows a
 * request at the longest configured timeout (300 s) plus the bucket work; Dispatch only takes a
 * concurrency slot and names the job. The first poll shows the task IN_PROGRESS; the next one makes the
 * requests (in parallel when the model makes fewer than four pictures per request) and stages each
 * picture in our bucket the moment it arrives ({@code images/<taskId>/engine-<n>.png}), so a poll that
 * meets a 429 or a 5xx keeps what it got and the next poll asks only for what is missing, no sooner
 * than the provider's Retry-After. StoreResult then builds the grid from the staged pictures.
 */
public final class OpenAiEngine implements Engine {
  /** Task property naming the image model that made the task's pictures. */
  public static final String MODEL_PROPERTY = "openaiModel";
  static final int FIRST_LOOK_SECONDS = 1;

  private final OpenAiSettings settings;
  private final OpenAiClient client;
  private final OpenAiJobs jobs;
  private final ImageStore images;
  private final InputImages inputs;
  private final ProviderSlots slots;
  private final Clock clock;

  public OpenAiEngine(OpenAiSettings settings, OpenAiClient client, OpenAiJobs jobs, ImageStore images, InputImages inputs,
      ProviderSlots slots, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.jobs = jobs;
    this.images = images;
    this.inputs = inputs;
    this.slots = slots;
    this.clock = clock;
  }

  @Override
  public Submission submit(Task task) {
    slots.acquire(task.id());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(MODEL_PROPERTY, isText(task.action()) ? settings.chatModel() : settings.imageModel());
    return new Submission("openai-" + task.id(), props);
  }

  @Override
  public JobStatus poll(Task task) {
    Set<String> staged = Set.copyOf(images.list(prefix(task)));
    if (complete(task, staged)) {
      return new JobStatus.Succeeded();
    }
    if (task.status() == TaskStatus.SUBMITTED) {
      return new JobStatus.Running(0, Optional.empty(), FIRST_LOOK_SECONDS); // shown IN_PROGRESS before the long request
    }
    long now = clock.millis();
    // The provider's last "not now" and when it said to come back: asking sooner only earns another 429.
    Optional<String[]> retry = images.find(retryKey(task)).map(b -> new String(b, StandardCharsets.UTF_8).split("\n", 2));
    if (retry.isPresent() && now < Long.parseLong(retry.get()[0].trim())) {
      String said = retry.get().length > 1 ? retry.get()[1] : "the image provider asked us to wait";
      throw new EngineBusyException(said, (int) Math.max(1, (Long.parseLong(retry.get()[0].trim()) - now + 999) / 1000));
    }
    try {
      run(task, staged);
    } catch (EngineBusyException busy) {
      long at = now + busy.retryAfterSeconds() * 1000L;
      images.put(retryKey(task), ImageSource.ofBytes((at + "\n" + busy.getMessage()).getBytes(StandardCharsets.UTF_8),
          "text/plain; charset=utf-8"));
      throw busy;
    } catch (JobRejectedException | ImageRefusedException refused) {
      slots.release(task.id());
      return new JobStatus.Failed(refused.getMessage());
    }
    return new JobStatus.Succeeded();
  }

  @Override
  public JobResult result(Task task) {
    Map<String, String> props = new LinkedHashMap<>();
    images.find(propertiesKey(task)).ifPresent(b -> Json.tree(new String(b, StandardCharsets.UTF_8)).fields()
        .forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText())));
    JobResult result;
    if (isText(task.action())) {
      String text = new String(staged(task, textKey(task)), StandardCharsets.UTF_8);
      // A describe of a client's link hands the picture back, for StoreResult to keep our own copy.
      Optional<ImageSource> linked = task.action() == TaskAction.DESCRIBE && !task.inputs().isEmpty()
          && InputImages.isLink(task.inputs().get(0))
          ? Optional.of(ImageSource.ofBytes(inputs.read(task, 0), "application/octet-stream")) : Optional.empty();
      result = new JobResult(JobResult.Kind.TEXT, linked, Optional.of(text), null, Optional.empty(), props);
    } else if (pictures(task.action()) == 1) {
      result = new JobResult(JobResult.Kind.IMAGE, Optional.of(ImageSource.ofBytes(staged(task, pictureKey(task, 0)), "image/png")),
          Optional.empty(), task.seed(), Optional.empty(), props);
    } else {
      List<BufferedImage> parts = new ArrayList<>();
      for (int n = 0; n < OpenAiJobs.GRID; n++) {
        BufferedImage part = ImageOps.decode(staged(task, pictureKey(task, n)));
        // The model may answer another size than asked for one picture: the grid needs four alike.
        parts.add(n == 0 || part.getWidth() == parts.get(0).getWidth() && part.getHeight() == parts.get(0).getHeight()
            ? part : Canvases.cover(part, new OpenAiSettings.Size(parts.get(0).getWidth(), parts.get(0).getHeight())));
      }
      result = new JobResult(JobResult.Kind.GRID, Optional.of(ImageOps.pngSource(Grids.assemble(parts))), Optional.empty(),
          task.seed(), Optional.empty(), props);
    }
    slots.release(task.id());
    return result;
  }

  @Override
  public void cancel(Task task) {
    // A request in flight cannot be called back; the slot is freed so the next task may start.
    slots.release(task.id());
  }

  /** Makes whatever of the job is not staged yet; throws busy or rejected as the provider answered. */
  private void run(Task task, Set<String> staged) {
    OpenAiJob job = jobs.plan(task);
    Map<String, String> props = new LinkedHashMap<>(job.properties());
    if (job instanceof OpenAiJob.Local local) {
      images.put(pictureKey(task, 0), ImageOps.pngSource(local.picture()));
    } else if (job instanceof OpenAiJob.Chat chat) {
      String text = chat.answer().apply(client.chat(chat.body()));
      images.put(textKey(task), ImageSource.ofBytes(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8"));
    } else {
      makePictures(task, ((OpenAiJob.Pictures) job).request(), staged);
    }
    images.put(propertiesKey(task), ImageSource.ofBytes(Json.write(props).getBytes(StandardCharsets.UTF_8), "application/json"));
  }

  /** The pictures not staged yet, in requests of at most the model's pictures per request, all at once. */
  private void makePictures(Task task, PictureRequest request, Set<String> staged) {
    int per = Math.min(request.count(), settings.picturesPerRequest());
    List<Integer> starts = new ArrayList<>();
    for (int start = 0; start < request.count(); start += per) {
      for (int n = start; n < start + per; n++) {
        if (!staged.contains(pictureKey(task, n))) {
          starts.add(start);
          break;
        }
      }
    }
    if (starts.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(starts.size());
    try {
      List<Future<?>> shots = new ArrayList<>();
      for (int start : starts) {
        shots.add(pool.submit(() -> {
          List<byte[]> got = client.pictures(request.withCount(per));
          if (got.size() < per) {
            throw new JobRejectedException("the image model made " + got.size() + " picture(s) where " + per + " were asked;"
                + " set " + OpenAiSettings.variable(settings.mode(), "PICTURES_PER_REQUEST") + " to what it makes per request");
          }
          for (int i = 0; i < per; i++) {
            images.put(pictureKey(task, start + i), ImageSource.ofBytes(got.get(i), "image/png"));
          }
          return null;
        }));
      }
      RuntimeException rejected = null;
      EngineBusyException busy = null;
      for (Future<?> shot : shots) {
        try {
          shot.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ContentRefusedException c) {
            rejected = c; // the reason a client most needs to read
          } else if (cause instanceof JobRejectedException r) {
            rejected = rejected == null ? r : rejected;
          } else if (cause instanceof EngineBusyException b) {
            busy = busy == null || b.retryAfterSeconds() > busy.retryAfterSeconds() ? b : busy;
          } else if (cause instanceof RuntimeException r) {
            throw r;
          } else {
            throw new IllegalStateException(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EngineBusyException("interrupted while waiting for the image provider", OpenAiClient.RETRY_SECONDS, e);
        }
      }
      if (rejected != null) {
        throw rejected;
      }
      if (busy != null) {
        throw busy;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean complete(Task task, Set<String> staged) {
    if (isText(task.action())) {
      return staged.contains(textKey(task));
    }
    for (int n = 0; n < pictures(task.action()); n++) {
      if (!staged.contains(pictureKey(task, n))) {
        return false;
      }
    }
    return true;
  }

  private byte[] staged(Task task, String key) {
    return images.find(key).orElseThrow(() ->
        new JobRejectedException("the image provider's result for task " + task.id() + " is no longer in our bucket"));
  }

  static boolean isText(TaskAction action) {
    return action == TaskAction.DESCRIBE || action == TaskAction.SHORTEN;
  }

  static int pictures(TaskAction action) {
    return switch (action) {
      case UPSCALE, UPSCALE_HD, SWAP_FACE -> 1;
      default -> OpenAiJobs.GRID;
    };
  }

  static String prefix(Task task) {
    return "images/" + task.id() + "/engine-";
  }

  static String pictureKey(Task task, int n) {
    return prefix(task) + n + ".png";
  }

  static String textKey(Task task) {
    return prefix(task) + "text.txt";
  }

  static String propertiesKey(Task task) {
    return prefix(task) + "properties.json";
  }

  static String retryKey(Task task) {
    return prefix(task) + "retry-at.txt";
  }
}
