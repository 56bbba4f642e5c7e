package io.mjserverless.core.engine.mjproxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The provider request that starts a task's job: route and body per action, as the proxies take them.
 * Inputs are our bucket's keys (or links a client gave); the provider gets them as data URIs (blend,
 * describe, face swap: every proxy accepts those) or, for imagine's image prompts, as links to our
 * bucket at the start of the prompt, as Midjourney itself writes image prompts.
 */
public final class ProviderRequests {
  /** Where a request goes and what it carries. */
  record Request(String route, ObjectNode body) {}

  private final ImageStore images;
  private final InputImages inputs;

  public ProviderRequests(ImageStore images, TaskStore tasks, RemoteImages remote) {
    this.images = images;
    this.inputs = new InputImages(images, tasks, remote);
  }

  /** The request for a task that starts from scratch (no button). */
  Request start(Task task) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    return switch (task.action()) {
      case IMAGINE -> {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < task.inputs().size(); i++) {
          parts.add(imagePrompt(task, i));
        }
        parts.add(promptOf(task));
        body.put("prompt", String.join(" ", parts).trim());
        botType(body, task);
        yield new Request("/mj/submit/imagine", body);
      }
      case BLEND -> {
        ArrayNode array = body.putArray("base64Array");
        for (int i = 0; i < task.inputs().size(); i++) {
          array.add(dataUri(task, i));
        }
        body.put("dimensions", task.dimensions() == null ? "SQUARE" : task.dimensions());
        botType(body, task);
        yield new Request("/mj/submit/blend", body);
      }
      case DESCRIBE -> {
        body.put("base64", dataUri(task, 0));
        botType(body, task);
        yield new Request("/mj/submit/describe", body);
      }
      case SHORTEN -> {
        body.put("prompt", promptOf(task));
        botType(body, task);
        yield new Request("/mj/submit/shorten", body);
      }
      case SWAP_FACE -> {
        body.put("sourceBase64", dataUri(task, 0));
        body.put("targetBase64", dataUri(task, 1));
        yield new Request("/mj/insight-face/swap", body);
      }
      default -> throw new JobRejectedException(task.action() + " needs a button of a finished task (customId)");
    };
  }

  /** A button pressed on the parent's provider task. */
  Request action(String parentProviderId, String customId) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("taskId", parentProviderId);
    body.put("customId", customId);
    return new Request("/mj/submit/action", body);
  }

  /**
   * The second step of a modal button (Vary Region, Custom Zoom, describe/shorten picks, remix). A
   * modal our client confirmed sends the client's prompt; a modal only the provider asked for (its
   * account has remix on) sends the provider's prefilled prompt, which keeps its image links.
   */
  Request modal(String modalProviderId, Task task, String providerPrompt) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("taskId", modalProviderId);
    boolean clientConfirmed = task.customId() != null && CustomId.parse(task.customId()).map(CustomId::modal).orElse(false);
    body.put("prompt", clientConfirmed || providerPrompt == null || providerPrompt.isBlank() ? promptOf(task) : providerPrompt);
    if (task.maskKey() != null) {
      byte[] mask = images.read(task.maskKey());
      String mime = ImageFormat.sniff(mask).map(ImageFormat::mimeType).orElse("image/png");
      body.put("maskBase64", "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(mask));
    }
    return new Request("/mj/submit/modal", body);
  }

  private static String promptOf(Task task) {
    String p = task.promptEn() == null || task.promptEn().isBlank() ? task.prompt() : task.promptEn();
    return p == null ? "" : p.trim();
  }

  private static void botType(ObjectNode body, Task task) {
    if (task.botType() == BotType.NIJI_JOURNEY) {
      body.put("botType", BotType.NIJI_JOURNEY.name());
    }
  }

  /** A signed URL of ours goes only to an image of the task's own tenant: the provider reads what we sign. */
  private String imagePrompt(Task task, int n) {
    try {
      return inputs.url(task, n);
    } catch (IllegalArgumentException e) {
      throw new JobRejectedException(e.getMessage(), e);
    }
  }

  private String dataUri(Task task, int n) {
    byte[] bytes;
    try {
      bytes = inputs.read(task, n);
    } catch (IllegalArgumentException e) {
      throw new JobRejectedException(e.getMessage(), e);
    }
    String mime = ImageFormat.sniff(bytes).map(ImageFormat::mimeType).orElse("image/png");
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }
}
