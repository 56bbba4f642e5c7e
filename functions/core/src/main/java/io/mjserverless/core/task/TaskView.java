package io.mjserverless.core.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The task JSON of API.md, field for field and in its order, nulls included. Images are stored as
 * bucket keys and turned into URLs here, at read time, so a link handed out is always fresh (a
 * presigned URL) or stable (a public base URL); an absolute URL (a running preview) passes through.
 *
 * <p>{@code imageUrls} lists the four pictures of a grid (imagine, variations, reroll, zoom, pan, vary
 * region, blend) and is {@code null} for everything else: a single picture (upscale, face swap), a text
 * result (describe, shorten) and a task still running. Web UIs test the field for presence, not length:
 * Dooy's chatgpt-web-midjourney-proxy draws any list, empty or of one entry, as a 2×2 grid instead of
 * showing {@code imageUrl}. See docs/api.md.
 */
public record TaskView(
    String id,
    TaskAction action,
    TaskStatus status,
    Mode mode,
    BotType botType,
    String prompt,
    String promptEn,
    String description,
    String state,
    Long submitTime,
    Long startTime,
    Long finishTime,
    String progress,
    String imageUrl,
    List<ImageUrl> imageUrls,
    String failReason,
    List<Button> buttons,
    String parentId,
    Map<String, Object> properties) {

  public record ImageUrl(String url) {}

  /** A grid has four parts; fewer is never a grid (an upscale stored with its one picture before this rule). */
  private static final int GRID_PARTS = 4;

  /** Renders {@code task}; {@code urlOfKey} turns a bucket key into a URL a client can open. */
  public static TaskView of(Task task, UnaryOperator<String> urlOfKey, String discordInstanceId) {
    UnaryOperator<String> resolve = ref -> ref == null ? null : isAbsolute(ref) ? ref : urlOfKey.apply(ref);
    Map<String, Object> properties = new LinkedHashMap<>(task.properties());
    properties.putIfAbsent("discordInstanceId", discordInstanceId);
    return new TaskView(
        task.id(), task.action(), task.status(), task.mode(), task.botType(), task.prompt(), task.promptEn(),
        task.description(), task.state(), task.submitTime(), task.startTime(), task.finishTime(), task.progress(),
        resolve.apply(task.imageUrl()),
        gridParts(task, resolve),
        task.failReason(), task.buttons(), task.parentId(), properties);
  }

  private static List<ImageUrl> gridParts(Task task, UnaryOperator<String> resolve) {
    if (task.imageUrls().size() < GRID_PARTS) {
      return null;
    }
    return task.imageUrls().stream().map(resolve).map(ImageUrl::new).toList();
  }

  static boolean isAbsolute(String ref) {
    return ref.startsWith("https://") || ref.startsWith("http://") || ref.startsWith("data:");
  }
}
