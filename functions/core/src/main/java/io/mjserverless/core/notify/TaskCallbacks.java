package io.mjserverless.core.notify;

import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskView;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends a task's callback: the task JSON exactly as fetch shows it, signed with the submitting key's
 * secret. Progress callbacks go out once with a short timeout and their result is ignored; the
 * final one is retried by the state machine (see the Notify step).
 */
public final class TaskCallbacks {
  private final CallbackSender finalSender;
  private final CallbackSender progressSender;
  private final WebhookSecrets secrets;
  private final Function<Task, TaskView> views;

  public TaskCallbacks(CallbackSender finalSender, CallbackSender progressSender, WebhookSecrets secrets,
      Function<Task, TaskView> views) {
    this.finalSender = finalSender;
    this.progressSender = progressSender;
    this.secrets = secrets;
    this.views = views;
  }

  public static Optional<String> hookOf(Task task) {
    return Optional.ofNullable(task.property("notifyHook")).filter(h -> !h.isBlank());
  }

  /** Best effort: one attempt, short timeout, outcome ignored. */
  public void progress(Task task) {
    hookOf(task).ifPresent(hook -> {
      try {
        send(progressSender, task, hook);
      } catch (RuntimeException ignored) {
        // A progress callback must never break the workflow.
      }
    });
  }

  /** One attempt at the final callback; empty when the task has no hook. */
  public Optional<CallbackResult> deliverFinal(Task task) {
    return hookOf(task).map(hook -> send(finalSender, task, hook));
  }

  private CallbackResult send(CallbackSender sender, Task task, String hook) {
    String body = Json.write(views.apply(task));
    String secret = secrets.forKey(task.keyId()).orElse("");
    // Version 0, not the task's: recording an attempt changes the version, and retries must keep one delivery id.
    String delivery = DeliveryIds.of(task.id(), task.status().name(), String.valueOf(task.progress()), 0);
    return sender.send(hook, body, secret, delivery);
  }
}
