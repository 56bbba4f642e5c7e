package io.mjserverless.core.api;

import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageInputs;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Follow-up work on a finished task: buttons ({@code /submit/action}), the legacy change forms, and
 * the second step of modal buttons ({@code /submit/modal}). A parent of another tenant is answered
 * exactly like a missing one (code 3).
 */
public final class ActionService {
  static final String SHORTENED_HEADING = "Shortened prompts";

  private final TaskStore tasks;
  private final TaskLauncher launcher;
  private final TaskIds ids;
  private final Clock clock;
  private final SubmitService submits;
  private final ImageInputs imageInputs;
  private final HookAddressGuard hooks;

  public ActionService(TaskStore tasks, TaskLauncher launcher, TaskIds ids, Clock clock, SubmitService submits,
      ImageInputs imageInputs, HookAddressGuard hooks) {
    this.tasks = tasks;
    this.launcher = launcher;
    this.ids = ids;
    this.clock = clock;
    this.submits = submits;
    this.imageInputs = imageInputs;
    this.hooks = hooks;
  }

  public SubmitResult action(RequestContext ctx, RequestBody body) {
    String taskId = body.requiredText("taskId");
    String customId = body.requiredText("customId");
    CommonFields common = CommonFields.read(body, hooks);
    Optional<Task> parent = owned(ctx, taskId);
    if (parent.isEmpty()) {
      return parentNotFound();
    }
    return act(ctx, body, common, parent.get(), customId);
  }

  /** Legacy {@code /submit/change}: {@code action} UPSCALE/VARIATION/REROLL with {@code index} 1-4. */
  public SubmitResult change(RequestContext ctx, RequestBody body) {
    String taskId = body.requiredText("taskId");
    if (body.isExplicitNull("action") || !body.has("action")) {
      throw new ValidationException("action", "action is required: UPSCALE, VARIATION or REROLL");
    }
    ChangeAction action = body.enumValue("action", ChangeAction.class).orElseThrow();
    Integer index = body.integer("index").orElse(null);
    CommonFields common = CommonFields.read(body, hooks);
    return changeTo(ctx, body, common, taskId, action, index);
  }

  /** Legacy {@code /submit/simple-change}: {@code content} = {@code "<taskId> U2"} (U1-4, V1-4, R). */
  public SubmitResult simpleChange(RequestContext ctx, RequestBody body) {
    String content = body.requiredText("content");
    String[] parts = content.trim().split("\\s+");
    if (parts.length != 2) {
      throw new ValidationException("content", "content must be '<taskId> <U1-U4|V1-V4|R>', got '" + content + "'");
    }
    String op = parts[1].toUpperCase(Locale.ROOT);
    ChangeAction action;
    Integer index = null;
    if (op.equals("R")) {
      action = ChangeAction.REROLL;
    } else if (op.length() == 2 && (op.charAt(0) == 'U' || op.charAt(0) == 'V') && op.charAt(1) >= '1' && op.charAt(1) <= '4') {
      action = op.charAt(0) == 'U' ? ChangeAction.UPSCALE : ChangeAction.VARIATION;
      index = op.charAt(1) - '0';
    } else {
      throw new ValidationException("content", "content must be '<taskId> <U1-U4|V1-V4|R>', got '" + content + "'");
    }
    CommonFields common = CommonFields.read(body, hooks);
    return changeTo(ctx, body, common, parts[0], action, index);
  }

  /** The legacy change actions. */
  public enum ChangeAction { UPSCALE, VARIATION, REROLL }

  private SubmitResult changeTo(RequestContext ctx, RequestBody body, CommonFields common, String taskId,
      ChangeAction action, Integer index) {
    if (action != ChangeAction.REROLL && (index == null || index < 1 || index > 4)) {
      throw new ValidationException("index", "index must be 1 to 4 for " + action);
    }
    Optional<Task> parent = owned(ctx, taskId);
    if (parent.isEmpty()) {
      return parentNotFound();
    }
    if (!parent.get().action().producesGrid()) {
      throw new ValidationException("action", "task " + taskId + " (" + parent.get().action() + ") has no U/V/reroll buttons");
    }
    ButtonKind wanted = switch (action) {
      case UPSCALE -> ButtonKind.UPSCALE;
      case VARIATION -> ButtonKind.VARIATION;
      case REROLL -> ButtonKind.REROLL;
    };
    Optional<String> customId = parent.get().buttons().stream().map(Button::customId)
        .filter(id -> CustomId.parse(id).filter(c -> c.kind() == wanted
            && (wanted == ButtonKind.REROLL || index.equals(c.index()))).isPresent())
        .findFirst();
    if (customId.isEmpty()) {
      String status = parent.get().status().name();
      throw new ValidationException("taskId", "task " + taskId + " (" + status + ") has no " + action + " button");
    }
    return act(ctx, body, common, parent.get(), customId.get());
  }

  private SubmitResult act(RequestContext ctx, RequestBody body, CommonFields common, Task parent, String raw) {
    if (parent.status() != TaskStatus.SUCCESS) {
      throw new ValidationException("taskId", "task " + parent.id() + " is " + parent.status() + "; actions need a SUCCESS task");
    }
    CustomId customId = CustomId.parse(raw)
        .orElseThrow(() -> new ValidationException("customId", "customId '" + raw + "' is not a known button"));
    if (parent.buttons().stream().noneMatch(b -> b.customId().equals(raw))) {
      throw new ValidationException("customId", "customId '" + raw + "' is not a button of task " + parent.id());
    }
    if (!customId.kind().supported()) {
      throw new ValidationException("customId", "the button '" + raw + "' is not supported by this service");
    }
    ButtonKind kind = customId.kind();
    String prompt = switch (kind) {
      case DESCRIBE_PICK -> NumberedPrompts.entry(parent.property("finalPrompt"), customId.index(), null)
          .orElseThrow(() -> new ValidationException("customId", "task " + parent.id() + " has no prompt " + customId.index()));
      case SHORTEN_PICK -> NumberedPrompts.entry(parent.property("finalPrompt"), customId.index(), SHORTENED_HEADING)
          .orElseThrow(() -> new ValidationException("customId", "task " + parent.id() + " has no shortened prompt " + customId.index()));
      case CUSTOM_ZOOM -> withZoom(parent.promptEn());
      case DESCRIBE_RETRY -> "";
      default -> parent.prompt();
    };
    Task.Builder child = Task.builder()
        .id(ids.next())
        .tenant(ctx.caller().tenant())
        .keyId(ctx.caller().keyId())
        .action(kind.childAction(parent.action()))
        .status(customId.modal() ? TaskStatus.MODAL : TaskStatus.NOT_START)
        .mode(ctx.pathMode().or(body::accountFilterMode).orElse(parent.mode()))
        .botType(parent.botType())
        .prompt(prompt)
        .promptEn(kind == ButtonKind.DESCRIBE_PICK || kind == ButtonKind.SHORTEN_PICK ? prompt : parent.promptEn())
        .description("/up " + parent.id() + " " + customId.label())
        .state(common.state().orElse(null))
        .submitTime(clock.millis())
        .parentId(parent.id())
        .customId(raw)
        .index(customId.index())
        .seed(parent.seed())
        .properties(common.properties());
    if (kind == ButtonKind.DESCRIBE_RETRY) {
      child.inputs(parent.inputs()).description("/describe");
    }
    if (customId.modal()) {
      Task modal = child.properties(withProperty(common.properties(), "finalPrompt", prompt)).build();
      // Ask the engine now whether it could ever run this modal (the discord engine cannot: the modal's id
      // comes only over the gateway), so the client is not sent through a window that can only be refused.
      // The place it reserves is given back at once; /submit/modal admits the task again when it starts.
      Admission trial = launcher.admit(modal, body.accountFilter());
      Optional<SubmitResult> refused = TaskLauncher.refusal(trial);
      if (refused.isEmpty()) {
        // With the trial's account on it, so the pool frees that place directly instead of searching for it.
        launcher.forget(TaskLauncher.withProperties(modal, trial));
      }
      if (refused.isPresent() && !(trial instanceof Admission.QueueFull)) {
        return refused.get();
      }
      launcher.create(modal, List.of());
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("finalPrompt", prompt);
      props.put("remix", true);
      return new SubmitResult(SubmitResult.MODAL, "Waiting for window confirm", modal.id(), props);
    }
    return launcher.create(child.build(), List.of(), body.accountFilter());
  }

  /** {@code /submit/modal}: completes a MODAL task (same id) with the final prompt and, for Vary Region, the mask. */
  public SubmitResult modal(RequestContext ctx, RequestBody body) {
    String taskId = body.requiredText("taskId");
    CommonFields common = CommonFields.read(body, hooks);
    Optional<Task> found = owned(ctx, taskId);
    if (found.isEmpty()) {
      return SubmitResult.notFound("task not found");
    }
    Task task = found.get();
    if (task.status() != TaskStatus.MODAL) {
      throw new ValidationException("taskId", "task " + taskId + " is " + task.status() + ", not waiting for a modal");
    }
    String prompt = body.text("prompt").orElseGet(() -> Optional.ofNullable(task.property("finalPrompt")).orElse(task.prompt()));
    if (prompt == null || prompt.isBlank()) {
      throw new ValidationException("prompt", "prompt is required");
    }
    if (prompt.length() > SubmitService.MAX_PROMPT_LENGTH) {
      throw new ValidationException("prompt", "prompt is longer than " + SubmitService.MAX_PROMPT_LENGTH + " characters");
    }
    PromptParameters params = PromptParameters.parse(prompt);
    Optional<SubmitResult> banned = submits.checkBanned(prompt, params.withoutModeFlags());
    if (banned.isPresent()) {
      return banned.get();
    }
    ButtonKind kind = CustomId.parse(task.customId()).map(CustomId::kind).orElseThrow();
    if (kind == ButtonKind.CUSTOM_ZOOM && params.zoom().isEmpty()) {
      throw new ValidationException("prompt", "prompt must contain --zoom with a value from 1 to 2 for Custom Zoom");
    }
    String maskKey = null;
    if (kind == ButtonKind.VARY_REGION) {
      DecodedImage mask = imageInputs.requireInline("maskBase64", body.text("maskBase64").orElse(null));
      maskKey = launcher.storeInput(task.id(), 0, mask);
    }
    Map<String, Object> props = new LinkedHashMap<>(task.properties());
    props.putAll(common.properties());
    props.put("finalPrompt", prompt);
    Task next = task.toBuilder()
        .status(TaskStatus.NOT_START)
        .prompt(prompt)
        .promptEn(params.withoutModeFlags())
        .maskKey(maskKey)
        .state(common.state().orElse(task.state()))
        .properties(props)
        .build();
    // The engine admits the task now, when it is about to start, not when its MODAL step was stored.
    io.mjserverless.core.engine.Admission admitted = launcher.admit(next, body.accountFilter());
    Optional<SubmitResult> refused = TaskLauncher.refusal(admitted);
    if (refused.isPresent()) {
      return refused.get(); // the task stays MODAL: the client may submit the modal again later
    }
    next = TaskLauncher.withProperties(next, admitted);
    Task stored;
    try {
      stored = tasks.update(task, next);
    } catch (TaskConflictException e) {
      launcher.forget(next);
      throw new ValidationException("taskId", "task " + taskId + " was submitted already");
    } catch (RuntimeException e) {
      launcher.forget(next);
      throw e;
    }
    return launcher.start(stored, admitted);
  }

  private Optional<Task> owned(RequestContext ctx, String taskId) {
    if (!TaskIds.looksValid(taskId)) {
      return Optional.empty();
    }
    return tasks.get(taskId).filter(ctx.caller()::owns);
  }

  private static SubmitResult parentNotFound() {
    return SubmitResult.notFound("parent task not found");
  }

  private static String withZoom(String prompt) {
    String base = prompt == null ? "" : prompt.replaceAll("\\s--zoom\\s+\\S+", "").trim();
    return (base + " --zoom 2").trim();
  }

  private static Map<String, Object> withProperty(Map<String, Object> props, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(props);
    copy.put(key, value);
    return copy;
  }
}
