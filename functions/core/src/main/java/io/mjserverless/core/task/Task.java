package io.mjserverless.core.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task as stored. The wire fields of API.md plus what only we need: the owning tenant and key,
 * the button that created it, input images, the engine's job id and an optimistic-lock version.
 * {@link TaskView} turns it into the JSON clients see. Immutable: change it through {@link #toBuilder()}.
 */
public record Task(
    String id,
    String tenant,
    String keyId,
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
    List<String> imageUrls,
    String failReason,
    List<Button> buttons,
    String parentId,
    Map<String, Object> properties,
    String customId,
    Integer index,
    Long seed,
    List<String> inputs,
    String maskKey,
    String dimensions,
    String jobId,
    Integer width,
    Integer height,
    long version,
    Long updatedAt) {

  public Task {
    imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy of properties with one entry set (or removed when value is null). */
  public Map<String, Object> propertiesWith(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return copy;
  }

  public String property(String key) {
    Object v = properties.get(key);
    return v == null ? null : v.toString();
  }

  /** The mode the task runs in: FAST for a task stored without one. */
  public Mode modeOrFast() {
    return mode == null ? Mode.FAST : mode;
  }

  /** Mutable companion used to derive a changed copy. */
  public static final class Builder {
    private String id;
    private String tenant;
    private String keyId;
    private TaskAction action;
    private TaskStatus status = TaskStatus.NOT_START;
    private Mode mode;
    private BotType botType = BotType.MID_JOURNEY;
    private String prompt;
    private String promptEn;
    private String description;
    private String state;
    private Long submitTime;
    private Long startTime;
    private Long finishTime;
    private String progress;
    private String imageUrl;
    private List<String> imageUrls;
    private String failReason;
    private List<Button> buttons;
    private String parentId;
    private Map<String, Object> properties;
    private String customId;
    private Integer index;
    private Long seed;
    private List<String> inputs;
    private String maskKey;
    private String dimensions;
    private String jobId;
    private Integer width;
    private Integer height;
    private long version;
    private Long updatedAt;

    private Builder() {}

    private Builder(Task t) {
      id = t.id; tenant = t.tenant; keyId = t.keyId; action = t.action; status = t.status; mode = t.mode;
      botType = t.botType; prompt = t.prompt; promptEn = t.promptEn; description = t.description;
      state = t.state; submitTime = t.submitTime; startTime = t.startTime; finishTime = t.finishTime;
      progress = t.progress; imageUrl = t.imageUrl; imageUrls = t.imageUrls; failReason = t.failReason;
      buttons = t.buttons; parentId = t.parentId; properties = t.properties; customId = t.customId;
      index = t.index; seed = t.seed; inputs = t.inputs; maskKey = t.maskKey; dimensions = t.dimensions;
      jobId = t.jobId; width = t.width; height = t.height; version = t.version; updatedAt = t.updatedAt;
    }

    public Builder id(String v) { id = v; return this; }
    public Builder tenant(String v) { tenant = v; return this; }
    public Builder keyId(String v) { keyId = v; return this; }
    public Builder action(TaskAction v) { action = v; return this; }
    public Builder status(TaskStatus v) { status = v; return this; }
    public Builder mode(Mode v) { mode = v; return this; }
    public Builder botType(BotType v) { botType = v; return this; }
    public Builder prompt(String v) { prompt = v; return this; }
    public Builder promptEn(String v) { promptEn = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder state(String v) { state = v; return this; }
    public Builder submitTime(Long v) { submitTime = v; return this; }
    public Builder startTime(Long v) { startTime = v; return this; }
    public Builder finishTime(Long v) { finishTime = v; return this; }
    public Builder progress(String v) { progress = v; return this; }
    public Builder imageUrl(String v) { imageUrl = v; return this; }
    public Builder imageUrls(List<String> v) { imageUrls = v; return this; }
    /** Cleaned of internals on the way in: whatever code path sets it, a client never reads a class name. */
    public Builder failReason(String v) { failReason = ReasonText.clean(v); return this; }
    public Builder buttons(List<Button> v) { buttons = v; return this; }
    public Builder parentId(String v) { parentId = v; return this; }
    public Builder properties(Map<String, Object> v) { properties = v; return this; }
    public Builder customId(String v) { customId = v; return this; }
    public Builder index(Integer v) { index = v; return this; }
    public Builder seed(Long v) { seed = v; return this; }
    public Builder inputs(List<String> v) { inputs = v; return this; }
    public Builder maskKey(String v) { maskKey = v; return this; }
    public Builder dimensions(String v) { dimensions = v; return this; }
    public Builder jobId(String v) { jobId = v; return this; }
    public Builder width(Integer v) { width = v; return this; }
    public Builder height(Integer v) { height = v; return this; }
    public Builder version(long v) { version = v; return this; }
    public Builder updatedAt(Long v) { updatedAt = v; return this; }

    public Task build() {
      return new Task(id, tenant, keyId, action, status, mode, botType, prompt, promptEn, description, state,
          submitTime, startTime, finishTime, progress, imageUrl, imageUrls, failReason, buttons, parentId,
          properties, customId, index, seed, inputs, maskKey, dimensions, jobId, width, height, version, updatedAt);
    }
  }
}
