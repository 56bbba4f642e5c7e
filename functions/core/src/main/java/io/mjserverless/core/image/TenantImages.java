package io.mjserverless.core.image;

import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which objects of our bucket a tenant may use as an input image. We read the bucket with our own
 * credentials, so a link into it (presigned, or with its signature cut off) must not let one tenant
 * use another's pictures: a tenant reads its own uploads and the images of its own tasks, nothing
 * else. Another tenant's object, a key that does not exist and a key in none of our layouts all answer
 * alike ({@link #DOES_NOT_EXIST}), so no answer tells whether an object is there.
 */
public final class TenantImages {
  /** What a link to an image the caller may not read answers, whatever the reason. */
  public static final String DOES_NOT_EXIST = "points to an image that does not exist";

  private static final String EXTENSION = "\\.(?:png|jpg|webp|gif)";
  /** Uploaded image prompts ({@code images}) and the direct uploads of describe and blend tasks. */
  private static final Pattern UPLOAD = Pattern.compile(
      "uploads/([A-Za-z0-9._-]{1,64})/(?:images/[A-Za-z0-9_-]{1,64}|(?:describe|blend)/\\d{1,40}/\\d)" + EXTENSION);
  /** A task's results and previews ({@link ResultKeys}) and its stored inline inputs. */
  private static final Pattern OF_TASK = Pattern.compile(
      "images/(\\d{1,40})/(?:grid|image|thumbnail|[0-3]|preview-\\d{1,3})\\.png|inputs/(\\d{1,40})/\\d{1,2}" + EXTENSION);

  private final ImageStore images;
  private final TaskStore tasks;

  public TenantImages(ImageStore images, TaskStore tasks) {
    this.images = images;
    this.tasks = tasks;
  }

  /** The key of our bucket behind a link, when it points into our bucket (those are never fetched over HTTP). */
  public Optional<String> keyOf(String link) {
    return images.keyOf(link);
  }

  /** Whether {@code tenant} may use {@code key} as an input and the object is there (a HEAD, no read). */
  public boolean readable(String tenant, String key) {
    return ownedBy(tenant, key) && images.head(key).isPresent();
  }

  /** The object's bytes when {@code tenant} may read it and it exists; empty in every other case alike. */
  public Optional<byte[]> read(String tenant, String key) {
    return ownedBy(tenant, key) ? images.find(key) : Optional.empty();
  }

  /** Whether the key lies in one of our layouts and belongs to the tenant (by its path, or by its task's owner). */
  boolean ownedBy(String tenant, String key) {
    if (tenant == null || tenant.isEmpty() || tenant.equals(".") || tenant.equals("..") || key == null) {
      return false;
    }
    Matcher upload = UPLOAD.matcher(key);
    if (upload.matches()) {
      return upload.group(1).equals(tenant);
    }
    Matcher ofTask = OF_TASK.matcher(key);
    if (ofTask.matches()) {
      String taskId = ofTask.group(1) != null ? ofTask.group(1) : ofTask.group(2);
      return tasks.get(taskId).map(Task::tenant).filter(tenant::equals).isPresent();
    }
    return false;
  }
}
