package io.mjserverless.core.uploads;

import io.mjserverless.core.api.CommonFields;
import io.mjserverless.core.api.RequestBody;
import io.mjserverless.core.api.RequestContext;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.api.SubmitService;
import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /mj/submit/upload-url}: a describe or blend task whose images the client PUTs straight
 * into the bucket, so megabytes of base64 never pass API Gateway (10 MB limit). The task is created
 * NOT_START with the request's settings; the S3-triggered uploads function starts it when its images
 * have arrived.
 */
public final class UploadService {
  public static final Duration URL_TTL = Duration.ofMinutes(15);

  private final TaskStore tasks;
  private final ImageStore images;
  private final TaskIds ids;
  private final Clock clock;
  private final HookAddressGuard hooks;
  private final Mode defaultMode;
  private final long maxImageBytes;

  public UploadService(TaskStore tasks, ImageStore images, TaskIds ids, Clock clock, HookAddressGuard hooks,
      Mode defaultMode, long maxImageBytes) {
    this.tasks = tasks;
    this.images = images;
    this.ids = ids;
    this.clock = clock;
    this.hooks = hooks;
    this.defaultMode = defaultMode;
    this.maxImageBytes = maxImageBytes;
  }

  /** The upload purposes and the task each becomes. */
  public enum Purpose { DESCRIBE, BLEND }

  public SubmitResult uploadUrl(RequestContext ctx, RequestBody body) {
    Purpose purpose = body.enumValue("purpose", Purpose.class)
        .orElseThrow(() -> new ValidationException("purpose", "purpose is required: describe or blend"));
    int count = body.integer("count").orElse(purpose == Purpose.DESCRIBE ? 1 : 2);
    if (purpose == Purpose.DESCRIBE && count != 1) {
      throw new ValidationException("count", "count must be 1 for describe, got " + count);
    }
    if (purpose == Purpose.BLEND && (count < 2 || count > 5)) {
      throw new ValidationException("count", "count must be 2 to 5 for blend, got " + count);
    }
    ImageFormat format = contentType(body.text("contentType").orElse("image/png"));
    SubmitService.BlendDimensions dimensions = body.enumValue("dimensions", SubmitService.BlendDimensions.class)
        .orElse(SubmitService.BlendDimensions.SQUARE);
    CommonFields common = CommonFields.read(body, hooks);
    String id = ids.next();
    String tenant = ctx.caller().tenant();
    String purposeName = purpose.name().toLowerCase();
    Map<String, Object> props = new LinkedHashMap<>(common.properties());
    props.put("upload", Map.of("count", count, "contentType", format.mimeType(), "maxBytes", maxImageBytes));
    long now = clock.millis();
    Task task = Task.builder()
        .id(id).tenant(tenant).keyId(ctx.caller().keyId())
        .action(purpose == Purpose.DESCRIBE ? TaskAction.DESCRIBE : TaskAction.BLEND)
        .status(TaskStatus.NOT_START)
        .mode(ctx.pathMode().or(body::accountFilterMode).orElse(defaultMode))
        .botType(common.botType())
        .prompt("").promptEn("")
        .description(purpose == Purpose.DESCRIBE ? "/describe" : "/blend " + id + " " + count)
        .dimensions(purpose == Purpose.BLEND ? dimensions.name() : null)
        .seed(SubmitService.seedOf("upload:" + id))
        .state(common.state().orElse(null))
        .submitTime(now).updatedAt(now)
        .properties(props)
        .build();
    List<Map<String, Object>> urls = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      String key = UploadKeys.key(tenant, purposeName, id, n, format.extension());
      Map<String, Object> url = new LinkedHashMap<>();
      url.put("url", images.presignPut(key, format.mimeType(), URL_TTL));
      url.put("method", "PUT");
      url.put("headers", Map.of("Content-Type", format.mimeType()));
      url.put("key", key);
      urls.add(url);
    }
    tasks.create(task);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uploadUrls", urls);
    out.put("expiresAt", now + URL_TTL.toMillis());
    out.put("maxBytes", maxImageBytes);
    return new SubmitResult(SubmitResult.SUCCESS, "Upload the images to the URLs; the task starts when they arrive", id, out);
  }

  private static ImageFormat contentType(String value) {
    for (ImageFormat f : ImageFormat.values()) {
      if (f.mimeType().equalsIgnoreCase(value.trim())) {
        return f;
      }
    }
    throw new ValidationException("contentType", "contentType must be image/png, image/jpeg, image/webp or image/gif, got '" + value + "'");
  }
}
