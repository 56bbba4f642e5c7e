package io.mjserverless.core.uploads;

import io.mjserverless.core.api.TaskLauncher;
import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageDecoder;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What happens when an object lands under {@code uploads/}: checks it, and starts its task once all
 * the task's images are there. Every event looks at the bucket as it is now, so duplicate and
 * out-of-order events change nothing; when several events see the last image at once, the
 * conditional write lets one of them record the inputs, and the execution name (the task id) lets
 * Step Functions start the workflow once.
 */
public final class UploadArrivals {

  /** What one event led to; for logs and tests. */
  public record Outcome(String kind, String detail) {
    static Outcome of(String kind, String detail) {
      return new Outcome(kind, detail);
    }
  }

  private final TaskStore tasks;
  private final ImageStore images;
  private final TaskLauncher launcher;
  private final Clock clock;
  private final long maxBytes;

  public UploadArrivals(TaskStore tasks, ImageStore images, TaskLauncher launcher, Clock clock, long maxBytes) {
    this.tasks = tasks;
    this.images = images;
    this.launcher = launcher;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** Real clients for a function configured by {@code config} (in AWS, or the local runtime's environment). */
  public static UploadArrivals fromConfig(io.mjserverless.core.config.Config config) {
    return fromConfig(config, io.mjserverless.core.aws.AwsClients.from(config));
  }

  /** The arrivals of one Lambda container, with its SnapStart priming registered (SDK dry runs, no writes). */
  public static UploadArrivals forContainer() {
    io.mjserverless.core.config.Config config = io.mjserverless.core.config.Config.fromEnvironment();
    io.mjserverless.core.aws.AwsClients aws = io.mjserverless.core.aws.AwsClients.from(config);
    UploadArrivals arrivals = fromConfig(config, aws);
    io.mjserverless.core.snapstart.SnapStartPriming.register("UploadsFunction", () -> {
      io.mjserverless.core.aws.ClientPriming.dynamo(aws, config.tasksTable(), io.mjserverless.core.aws.ClientPriming.sampleTask());
      io.mjserverless.core.aws.ClientPriming.stepFunctions(aws, config.stateMachineArn());
      io.mjserverless.core.aws.ClientPriming.s3(aws, config.imagesBucket(), false);
    });
    return arrivals;
  }

  /** As {@link #fromConfig(io.mjserverless.core.config.Config)}, on the shared clients of {@code aws}. */
  public static UploadArrivals fromConfig(io.mjserverless.core.config.Config config, io.mjserverless.core.aws.AwsClients aws) {
    TaskStore tasks = io.mjserverless.core.task.ObservedTaskStore.of(
        new io.mjserverless.core.task.DynamoTaskStore(aws.dynamo(), config.tasksTable()), config.engines()::get);
    ImageStore images = new io.mjserverless.core.image.S3ImageStore(aws::s3, aws::presigner, config.imagesBucket(),
        config.publicImageBaseUrl().orElse(null), config.presignTtl());
    Clock clock = Clock.systemUTC();
    TaskLauncher launcher = new TaskLauncher(tasks, images,
        new io.mjserverless.core.workflow.StepFunctionsWorkflowStarter(aws::sfn, config.stateMachineArn()), clock,
        config.discordInstanceId());
    return new UploadArrivals(tasks, images, launcher, clock, config.maxImageBytes());
  }

  public Outcome objectCreated(String key) {
    if (key.startsWith("uploads/") && key.split("/").length > 2 && key.split("/")[2].equals("images")) {
      return Outcome.of("IGNORED", "an uploaded image prompt, not a task's upload");
    }
    Optional<UploadKeys.UploadKey> parsed = UploadKeys.parse(key);
    if (parsed.isEmpty()) {
      images.deleteAll(List.of(key));
      io.mjserverless.core.log.Log.info("upload.deleted", "key", key, "reason", "not an upload key of any task");
      return Outcome.of("DELETED", "not an upload key");
    }
    UploadKeys.UploadKey upload = parsed.get();
    Optional<Task> found = tasks.get(upload.taskId());
    if (found.isEmpty() || !found.get().tenant().equals(upload.tenant()) || !isWaiting(found.get(), upload.purpose())) {
      // No pending task of that tenant (or another tenant's task): the object goes, nothing else is touched.
      images.deleteAll(List.of(key));
      io.mjserverless.core.log.Log.info("upload.deleted", "key", key, "reason", "no pending " + upload.purpose() + " task " + upload.taskId()
          + " of tenant " + upload.tenant());
      return Outcome.of("DELETED", "no pending task");
    }
    Task task = found.get();
    int count = expectedCount(task);
    Optional<String> problem = check(key, upload.index(), count);
    if (problem.isPresent()) {
      images.deleteAll(List.of(key));
      fail(task, problem.get());
      return Outcome.of("REJECTED", problem.get());
    }
    Map<Integer, String> present = new TreeMap<>();
    for (String k : images.list(UploadKeys.prefix(upload.tenant(), upload.purpose(), upload.taskId()))) {
      UploadKeys.parse(k).filter(u -> u.index() < count).ifPresent(u -> present.put(u.index(), k));
    }
    if (present.size() < count) {
      return Outcome.of("WAITING", present.size() + " of " + count + " images");
    }
    List<String> inputs = new ArrayList<>(present.values());
    Task ready = task;
    if (task.inputs().isEmpty()) {
      try {
        ready = tasks.update(task, task.toBuilder().inputs(inputs).build());
      } catch (TaskConflictException e) {
        ready = tasks.get(task.id()).orElseThrow(); // another event recorded them first
      }
    }
    if (ready.status() != TaskStatus.NOT_START) {
      return Outcome.of("IGNORED", "task is " + ready.status());
    }
    launcher.start(ready);
    return Outcome.of("STARTED", inputs.size() + " images");
  }

  private static boolean isWaiting(Task task, String purpose) {
    return task.status() == TaskStatus.NOT_START && task.properties().get("upload") instanceof Map<?, ?>
        && task.action().name().equalsIgnoreCase(purpose);
  }

  private static int expectedCount(Task task) {
    Object count = ((Map<?, ?>) task.properties().get("upload")).get("count");
    return count instanceof Number n ? n.intValue() : 1;
  }

  /** Empty when the object is an acceptable image for its slot; else the reason a person reads. */
  private Optional<String> check(String key, int index, int count) {
    if (index >= count) {
      return Optional.of("uploaded image " + index + " is beyond the " + count + " images this task expects");
    }
    Optional<ImageStore.ObjectInfo> info = images.head(key);
    if (info.isEmpty()) {
      return Optional.of("uploaded image " + index + " is gone");
    }
    if (info.get().size() > maxBytes) {
      return Optional.of("uploaded image " + index + " is larger than " + maxBytes + " bytes (" + info.get().size() + ")");
    }
    byte[] bytes = images.read(key);
    Optional<ImageFormat> format = ImageFormat.sniff(bytes);
    if (format.isEmpty()) {
      return Optional.of("uploaded object " + index + " is not a PNG, JPEG, WebP or GIF image");
    }
    // A small file that declares a huge picture (a decompression bomb) goes like any other bad upload.
    try {
      ImageDecoder.requireWithinLimit(new DecodedImage(bytes, format.get()));
    } catch (ImageRefusedException e) {
      return Optional.of("uploaded image " + index + " " + e.reason());
    }
    return Optional.empty();
  }

  private void fail(Task task, String reason) {
    Task failed;
    try {
      failed = tasks.update(task, task.toBuilder().status(TaskStatus.FAILURE).failReason(reason).finishTime(clock.millis()).build());
    } catch (TaskConflictException e) {
      return; // It moved meanwhile (another object failed it first): the first reason stands.
    }
    launcher.deliverEnding(failed); // so a client with a notifyHook hears of the failure too
  }
}
