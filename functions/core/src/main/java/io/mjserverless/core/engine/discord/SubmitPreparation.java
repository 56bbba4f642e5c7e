package io.mjserverless.core.engine.discord;

import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a task into the interaction that starts its job (reference §1.4, §1.5): the prompt of an imagine
 * with its marker, the uploads of a describe or blend, the press of a parent's button. Everything here
 * happens before the account's submit is reserved, so a slow upload never eats into the time window of
 * the interaction.
 */
final class SubmitPreparation {
  private final InputImages inputs;
  private final TaskStore tasks;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  SubmitPreparation(InputImages inputs, TaskStore tasks, Clock clock) {
    this.inputs = inputs;
    this.tasks = tasks;
    this.clock = clock;
  }

  PreparedSubmit prepare(Task task, DiscordAccount account, AccountSession session) {
    // Discord wants a nonce on every interaction; without the gateway nothing comes back with it (§3).
    String nonce = Snowflakes.nonce(clock.millis(), random.nextLong());
    Optional<CustomId> button = task.customId() == null || task.parentId() == null ? Optional.empty() : CustomId.parse(task.customId());
    if (button.isPresent() && button.get().kind() != ButtonKind.DESCRIBE_PICK && button.get().kind() != ButtonKind.SHORTEN_PICK) {
      return pressButton(task, account, button.get(), nonce);
    }
    String botId = task.botType() == BotType.NIJI_JOURNEY ? BotMessage.NIJI_BOT : BotMessage.MIDJOURNEY_BOT;
    String channel = task.botType() == BotType.NIJI_JOURNEY && account.nijiChannelId() != null && !account.nijiChannelId().isBlank()
        ? account.nijiChannelId() : account.channelId();
    TaskAction action = task.action();
    switch (action) {
      case IMAGINE, REROLL -> {
        // A describe or shorten pick is a fresh /imagine of the chosen prompt (the modal needs the gateway).
        String marker = Markers.next(random);
        String prompt = Markers.insert(imaginePrompt(task), marker);
        return new PreparedSubmit(c -> Interactions.prompt(account, channel, botId, "imagine", c.command(botId, "imagine"), prompt,
            nonce), true, "imagine", channel, botId, marker, null, null, 0);
      }
      case SHORTEN -> {
        String prompt = task.promptEn() == null || task.promptEn().isBlank() ? task.prompt() : task.promptEn();
        return new PreparedSubmit(c -> Interactions.prompt(account, channel, botId, "shorten", c.command(botId, "shorten"), prompt,
            nonce), true, "shorten", channel, botId, "", null, null, 0);
      }
      case DESCRIBE -> {
        Interactions.Upload image = upload(task, session, channel, 0);
        return new PreparedSubmit(c -> Interactions.describe(account, channel, botId, c.command(botId, "describe"), image, nonce),
            true, "describe", channel, botId, "", null, null, 0);
      }
      case BLEND -> {
        List<Interactions.Upload> images = new ArrayList<>();
        for (int n = 0; n < task.inputs().size(); n++) {
          images.add(upload(task, session, channel, n));
        }
        String dimensions = switch (task.dimensions() == null ? "SQUARE" : task.dimensions()) {
          case "PORTRAIT" -> "--ar 2:3";
          case "LANDSCAPE" -> "--ar 3:2";
          default -> "--ar 1:1";
        };
        return new PreparedSubmit(c -> Interactions.blend(account, channel, botId, c.command(botId, "blend"), images, dimensions,
            nonce), true, "blend", channel, botId, "", null, null, 0);
      }
      default -> throw new JobRejectedException("the discord engine cannot run a " + action + " task without a button of a"
          + " Discord result");
    }
  }

  /**
   * The prompt as sent: image prompts first (links to the inputs in our bucket, which Midjourney reads like
   * any link), then the client's prompt without mode flags, then the mode of the task.
   */
  private String imaginePrompt(Task task) {
    List<String> parts = new ArrayList<>();
    for (int n = 0; n < task.inputs().size(); n++) {
      parts.add(inputs.url(task, n));
    }
    String text = task.promptEn() == null || task.promptEn().isBlank() ? task.prompt() : task.promptEn();
    parts.add(text == null ? "" : text.strip());
    parts.add("--" + task.modeOrFast().name().toLowerCase(Locale.ROOT));
    return String.join(" ", parts).replaceAll("\\s+", " ").strip();
  }

  private Interactions.Upload upload(Task task, AccountSession session, String channel, int n) {
    byte[] bytes = inputs.read(task, n);
    ImageFormat format = ImageFormat.sniff(bytes).orElse(ImageFormat.PNG);
    String filename = task.id() + "-" + n + "." + format.extension();
    return new Interactions.Upload(filename, session.client().upload(channel, filename, bytes, format.mimeType()));
  }

  private PreparedSubmit pressButton(Task task, DiscordAccount account, CustomId button, String nonce) {
    Task parent = tasks.get(task.parentId())
        .orElseThrow(() -> new JobRejectedException("the parent task " + task.parentId() + " no longer exists"));
    String messageId = parent.property(DiscordEngine.MESSAGE_ID_PROPERTY);
    if (messageId == null || DiscordJob.decode(parent.jobId()).isEmpty()) {
      throw new JobRejectedException("task " + parent.id() + " was not made on Discord; its buttons work only with the"
          + " engine that made it");
    }
    String parentAccount = parent.property(AccountPool.INSTANCE_PROPERTY);
    if (parentAccount != null && !parentAccount.equals(account.id())) {
      throw new JobRejectedException("task " + parent.id() + " was made on Discord account " + parentAccount
          + ", but this task was given account " + account.id() + "; a button works only on the parent's account");
    }
    DiscordJob parentJob = DiscordJob.decode(parent.jobId()).get();
    String channel = parent.property(DiscordEngine.CHANNEL_PROPERTY) != null ? parent.property(DiscordEngine.CHANNEL_PROPERTY)
        : parentJob.channelId();
    int flags = parseInt(parent.property(DiscordEngine.FLAGS_PROPERTY));
    String detail = switch (button.kind()) {
      case PAN -> capitalised(button.panDirection().token());
      case UPSCALE_HD -> button.variant() != null ? capitalised(button.variant()) : button.model().endsWith("4x") ? "4x" : "2x";
      default -> "";
    };
    String botId = parentJob.botId();
    return new PreparedSubmit(c -> Interactions.button(account, channel, botId, messageId, flags, button.raw(), nonce), false,
        "button", channel, botId, detail, messageId, button.kind(), button.index() == null ? 0 : button.index());
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
