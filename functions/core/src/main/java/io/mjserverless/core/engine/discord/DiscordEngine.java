package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.engine.discord.DiscordCallException.Problem;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Drives Midjourney accounts on Discord over HTTPS (reference discord-protocol.md): a submit is an
 * interaction sent as the account's user; the job's answer is found by reading the channel at each poll
 * ({@link JobMatcher}), with no long-lived connection. The pool decides which account runs a task and
 * when; this engine tells the pool what Discord said about the account (401, CAPTCHA, 429) and gives the
 * task's place back on every final path.
 *
 * <p>What needs gateway events (modals: Custom Zoom, Vary Region, remix) is refused at submit with code 4.
 */
public final class DiscordEngine implements Engine {
  public static final String INSTANCE_PROPERTY = "discordInstanceId";
  public static final String CHANNEL_PROPERTY = "discordChannelId";
  public static final String PROGRESS_MESSAGE_PROPERTY = "progressMessageId";
  public static final String INTERACTION_PROPERTY = "discordInteractionId";
  public static final String MESSAGE_ID_PROPERTY = "messageId";
  public static final String FLAGS_PROPERTY = "flags";
  public static final String NONCE_PROPERTY = "nonce";

  private final AccountPool pool;
  private final AccountSessions sessions;
  private final InputImages inputs;
  private final RemoteImages remote;
  private final TaskStore tasks;
  private final Clock clock;
  private final JobMatcher matcher;
  private final SecureRandom random = new SecureRandom();

  public DiscordEngine(AccountPool pool, AccountSessions sessions, InputImages inputs, RemoteImages remote, TaskStore tasks,
      Clock clock) {
    this.pool = pool;
    this.sessions = sessions;
    this.inputs = inputs;
    this.remote = remote;
    this.tasks = tasks;
    this.clock = clock;
    this.matcher = new JobMatcher(Math.max(500, settings().submitGap().toMillis() / 2));
  }

  private DiscordSettings settings() {
    return sessions.settings();
  }

  // ---- admission ----

  @Override
  public Admission admit(Task task, JsonNode accountFilter) {
    Optional<String> refusal = GatewayOnly.reason(task, accountFilter);
    if (refusal.isPresent()) {
      return new Admission.Refused(4, refusal.get());
    }
    return pool.admit(task, accountFilter);
  }

  @Override
  public void forget(Task task) {
    pool.forget(task);
  }

  // ---- submit ----

  /** A submit ready to send: its body for the current command index, and the job it starts. */
  private record Prepared(Function<CommandIndex, ObjectNode> body, boolean usesCommand, String command, String channelId,
      String botId, String marker, String parentMessageId, ButtonKind button, int index) {
    DiscordJob job(long sentAtMillis) {
      return new DiscordJob(command, sentAtMillis, channelId, botId, marker, parentMessageId, button, index);
    }
  }

  @Override
  public Submission submit(Task task) {
    DiscordAccount account;
    try {
      account = pool.acquire(task);
    } catch (JobRejectedException gone) {
      pool.release(task); // whatever place admit reserved
      throw gone;
    }
    try {
      AccountSession session = sessions.of(account);
      long wait = session.waitBeforeSubmit(settings().submitGap());
      if (wait > 0) {
        // Pacing (reference §4.1): also keeps the time slots of two submits apart.
        throw new EngineBusyException("waiting between two submits on Discord account " + account.id(),
            (int) Math.max(1, (wait + 999) / 1000));
      }
      String nonce = Snowflakes.nonce(clock.millis(), random.nextLong());
      Prepared prepared = prepare(task, account, session, nonce);
      send(session, prepared);
      long sentAt = clock.millis();
      session.submitted(sentAt);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put(INSTANCE_PROPERTY, account.id());
      props.put(CHANNEL_PROPERTY, prepared.channelId());
      props.put(NONCE_PROPERTY, nonce);
      Log.info("discord.submitted", "account", account.id(), "command", prepared.command());
      return new Submission(prepared.job(sentAt).encode(), props);
    } catch (DiscordCallException e) {
      throw onRefusal(task, account, e);
    } catch (JobRejectedException e) {
      pool.release(task);
      throw e;
    }
  }

  /** Sends the interaction; a stale command version is fixed once from Discord's command index (§1.6). */
  private void send(AccountSession session, Prepared prepared) {
    try {
      session.client().interact(prepared.body().apply(session.commands()));
    } catch (DiscordCallException e) {
      if (e.problem() != Problem.STALE_COMMAND || !prepared.usesCommand()) {
        throw e;
      }
      int updated = session.commands().update(session.client().commandIndex(prepared.channelId()));
      Log.info("discord.command-index-refreshed", "account", session.client().account().id(), "updated", updated);
      try {
        session.client().interact(prepared.body().apply(session.commands()));
      } catch (DiscordCallException again) {
        if (again.problem() == Problem.STALE_COMMAND) {
          throw new JobRejectedException("Discord says the Midjourney command is outdated even after reading its command"
              + " index again; try again in a few minutes");
        }
        throw again;
      }
    }
  }

  private Prepared prepare(Task task, DiscordAccount account, AccountSession session, String nonce) {
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
        return new Prepared(c -> Interactions.prompt(account, channel, botId, "imagine", c.command(botId, "imagine"), prompt, nonce),
            true, "imagine", channel, botId, marker, null, null, 0);
      }
      case SHORTEN -> {
        String prompt = task.promptEn() == null || task.promptEn().isBlank() ? task.prompt() : task.promptEn();
        return new Prepared(c -> Interactions.prompt(account, channel, botId, "shorten", c.command(botId, "shorten"), prompt, nonce),
            true, "shorten", channel, botId, "", null, null, 0);
      }
      case DESCRIBE -> {
        Interactions.Upload image = upload(task, session, channel, 0);
        return new Prepared(c -> Interactions.describe(account, channel, botId, c.command(botId, "describe"), image, nonce),
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
        return new Prepared(c -> Interactions.blend(account, channel, botId, c.command(botId, "blend"), images, dimensions, nonce),
            true, "blend", channel, botId, "", null, null, 0);
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
    Mode mode = task.mode() == null ? Mode.FAST : task.mode();
    parts.add("--" + mode.name().toLowerCase(Locale.ROOT));
    return String.join(" ", parts).replaceAll("\\s+", " ").strip();
  }

  private Interactions.Upload upload(Task task, AccountSession session, String channel, int n) {
    byte[] bytes = inputs.read(task, n);
    ImageFormat format = ImageFormat.sniff(bytes).orElse(ImageFormat.PNG);
    String filename = task.id() + "-" + n + "." + format.extension();
    return new Interactions.Upload(filename, session.client().upload(channel, filename, bytes, format.mimeType()));
  }

  private Prepared pressButton(Task task, DiscordAccount account, CustomId button, String nonce) {
    Task parent = tasks.get(task.parentId())
        .orElseThrow(() -> new JobRejectedException("the parent task " + task.parentId() + " no longer exists"));
    String messageId = parent.property(MESSAGE_ID_PROPERTY);
    if (messageId == null || DiscordJob.decode(parent.jobId()).isEmpty()) {
      throw new JobRejectedException("task " + parent.id() + " was not made on Discord; its buttons work only with the"
          + " engine that made it");
    }
    if (parent.property(INSTANCE_PROPERTY) != null && !parent.property(INSTANCE_PROPERTY).equals(account.id())) {
      throw new JobRejectedException("task " + parent.id() + " was made on Discord account " + parent.property(INSTANCE_PROPERTY)
          + ", but this task was given account " + account.id() + "; a button works only on the parent's account");
    }
    DiscordJob parentJob = DiscordJob.decode(parent.jobId()).get();
    String channel = parent.property(CHANNEL_PROPERTY) != null ? parent.property(CHANNEL_PROPERTY) : parentJob.channelId();
    int flags = parseInt(parent.property(FLAGS_PROPERTY));
    String detail = switch (button.kind()) {
      case PAN -> capitalised(button.panDirection().token());
      case UPSCALE_HD -> button.variant() != null ? capitalised(button.variant()) : button.model().endsWith("4x") ? "4x" : "2x";
      default -> "";
    };
    String botId = parentJob.botId();
    return new Prepared(c -> Interactions.button(account, channel, botId, messageId, flags, button.raw(), nonce), false, "button",
        channel, botId, detail, messageId, button.kind(), button.index() == null ? 0 : button.index());
  }

  // ---- poll ----

  @Override
  public JobStatus poll(Task task) {
    DiscordJob job = jobOf(task);
    DiscordAccount account;
    try {
      account = pool.accountOf(task);
    } catch (JobRejectedException gone) {
      pool.release(task);
      return new JobStatus.Failed(gone.getMessage());
    }
    AccountSession session = sessions.of(account);
    try {
      JobMatcher.Found found = find(task, job, session, false);
      if (found.nothing() && task.property(PROGRESS_MESSAGE_PROPERTY) != null) {
        found = followLearned(task, job, session);
      }
      remember(task, found);
      if (found.error().isPresent()) {
        return failedByBot(task, account, found.error().get());
      }
      if (found.done().isPresent()) {
        return new JobStatus.Succeeded();
      }
      int every = settings().pollSeconds();
      if (found.progress().isPresent()) {
        BotMessage progress = found.progress().get();
        if (progress.kind() == BotMessage.Kind.WAITING) {
          return new JobStatus.Queued(every);
        }
        int percent = progress.percent().orElse(0);
        Optional<byte[]> preview = (percent + "%").equals(task.progress()) ? Optional.empty() : preview(progress);
        return new JobStatus.Running(percent, preview, every);
      }
      if (task.property(PROGRESS_MESSAGE_PROPERTY) != null) {
        pool.release(task);
        return new JobStatus.Failed("Midjourney deleted the job's message before it finished (on Discord account "
            + account.id() + "): it usually does so for a prompt its moderation stopped after the start");
      }
      if (clock.millis() - job.sentAtMillis() > settings().startTimeout().toMillis()) {
        pool.release(task);
        return new JobStatus.Failed("Midjourney showed nothing for this job on Discord account " + account.id() + " within "
            + settings().startTimeout().toSeconds() + " s: it answers a banned prompt, a full queue, a CAPTCHA or a"
            + " subscription problem only where the Discord client sees it; check the account there");
      }
      return new JobStatus.Queued(every);
    } catch (DiscordCallException e) {
      RuntimeException sorted = onRefusal(task, account, e);
      if (sorted instanceof JobRejectedException rejected) {
        return new JobStatus.Failed(rejected.getMessage());
      }
      throw sorted;
    }
  }

  /** The learned progress message is not among the recent ones: fetch it by id; gone means deleted, unless the result came. */
  private JobMatcher.Found followLearned(Task task, DiscordJob job, AccountSession session) {
    Optional<JsonNode> learned = session.client().message(job.channelId(), task.property(PROGRESS_MESSAGE_PROPERTY));
    if (learned.isPresent()) {
      BotMessage m = BotMessage.of(learned.get());
      if (m.kind() == BotMessage.Kind.PROGRESS || m.kind() == BotMessage.Kind.WAITING) {
        return new JobMatcher.Found(Optional.of(m), Optional.empty(), Optional.empty());
      }
    }
    // Midjourney posts the result, then deletes the progress message: read again to see the result.
    return find(task, job, session, true);
  }

  private JobStatus failedByBot(Task task, DiscordAccount account, BotMessage error) {
    pool.release(task);
    String words = error.errorText();
    Optional<BotError> kind = error.embed().flatMap(e -> BotError.of(e.title()));
    if (kind.isPresent() && kind.get().accountLevel()) {
      pool.disable(account.id(), "Midjourney says: " + words + "; act on it in the Discord client, then enable the account");
    }
    return new JobStatus.Failed("Midjourney refused the job: " + (words.isBlank() ? "no reason given" : words));
  }

  // ---- result ----

  @Override
  public JobResult result(Task task) {
    DiscordJob job = jobOf(task);
    DiscordAccount account = pool.accountOf(task);
    AccountSession session = sessions.of(account);
    BotMessage done;
    try {
      done = find(task, job, session, true).done().orElseThrow(() -> new JobRejectedException(
          "the finished job's message is no longer in the Discord channel (deleted before we copied it)"));
    } catch (DiscordCallException e) {
      throw onRefusal(task, account, e);
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(MESSAGE_ID_PROPERTY, done.id());
    props.put(FLAGS_PROPERTY, String.valueOf(done.flags()));
    done.jobHash().ifPresent(h -> props.put("messageHash", h));
    JobResult result;
    if (done.kind() == BotMessage.Kind.DESCRIBED || done.kind() == BotMessage.Kind.SHORTENED) {
      String text = done.embed().map(BotMessage.Embed::description).orElse("").strip();
      if (text.isEmpty()) {
        throw new JobRejectedException("Midjourney's " + job.command() + " answer has no text");
      }
      result = JobResult.text(text, Optional.empty());
    } else {
      BotMessage.Attachment file = done.attachments().get(0);
      ImageSource image = ImageSource.ofBytes(asPng(remote.fetch(file.url())), "image/png");
      result = task.action() == TaskAction.UPSCALE || task.action() == TaskAction.UPSCALE_HD
          ? JobResult.image(image, null) : JobResult.grid(image, null);
      String echoed = Markers.strip(done.echoedPrompt(), job.marker());
      if (!echoed.isBlank()) {
        props.put("finalPrompt", echoed);
      }
    }
    pool.release(task);
    return result.withUpstream(done.buttons(), props);
  }

  // ---- cancel, seed ----

  /**
   * Gives the task's place back; for a job that runs, reacts ❌ to its message, which makes Midjourney stop
   * it (a courtesy: nothing we read depends on it).
   */
  @Override
  public void cancel(Task task) {
    try {
      String progress = task.property(PROGRESS_MESSAGE_PROPERTY);
      Optional<DiscordJob> job = DiscordJob.decode(task.jobId());
      if (progress != null && job.isPresent() && task.status() != io.mjserverless.core.task.TaskStatus.SUCCESS) {
        sessions.of(pool.accountOf(task)).client().react(job.get().channelId(), progress, "\u274C");
      }
    } catch (RuntimeException e) {
      // best effort: the account may be gone or Discord may refuse; the task's own status is what counts
    } finally {
      pool.release(task);
    }
  }

  /** Midjourney tells a seed only in a direct message after an ✉️ reaction, which this engine does not read. */
  @Override
  public Optional<String> imageSeed(Task task) {
    Optional<Long> given = PromptParameters.parse(task.promptEn() == null ? "" : task.promptEn()).seed();
    if (given.isPresent()) {
      return Optional.of(String.valueOf(given.get()));
    }
    throw new JobRejectedException("the discord engine cannot read the seed of a Midjourney job (Midjourney sends it"
        + " only as a direct message after an envelope reaction); give --seed in the prompt to know it");
  }

  // ---- shared ----

  private static DiscordJob jobOf(Task task) {
    return DiscordJob.decode(task.jobId())
        .orElseThrow(() -> new JobRejectedException("task " + task.id() + " has no Discord job to look at"));
  }

  private JobMatcher.Found find(Task task, DiscordJob job, AccountSession session, boolean fresh) {
    List<BotMessage> messages = session.messages(job.channelId(), fresh);
    JobMatcher.Learned learned = new JobMatcher.Learned(task.property(INTERACTION_PROPERTY), task.property(PROGRESS_MESSAGE_PROPERTY));
    return matcher.find(job, learned, messages, session.userId());
  }

  /** Keeps what a poll learned on the task (learn once, then follow): best effort, a later poll learns again. */
  private void remember(Task task, JobMatcher.Found found) {
    Map<String, Object> learned = new LinkedHashMap<>();
    found.interactionId().filter(id -> !id.equals(task.property(INTERACTION_PROPERTY)))
        .ifPresent(id -> learned.put(INTERACTION_PROPERTY, id));
    found.progress().map(BotMessage::id).filter(id -> !id.equals(task.property(PROGRESS_MESSAGE_PROPERTY)))
        .ifPresent(id -> learned.put(PROGRESS_MESSAGE_PROPERTY, id));
    found.progress().flatMap(BotMessage::jobHash).filter(h -> !h.equals(task.property("messageHash")))
        .ifPresent(h -> learned.put("messageHash", h));
    if (learned.isEmpty()) {
      return;
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Task> current = tasks.get(task.id());
      if (current.isEmpty() || current.get().status().isFinal()) {
        return;
      }
      Map<String, Object> props = new LinkedHashMap<>(current.get().properties());
      props.putAll(learned);
      try {
        tasks.update(current.get(), current.get().toBuilder().properties(props).build());
        return;
      } catch (TaskConflictException e) {
        // changed meanwhile: read again
      }
    }
  }

  /** What Discord's refusal means: the account's health goes to the pool; the task waits (busy) or fails (rejected). */
  private RuntimeException onRefusal(Task task, DiscordAccount account, DiscordCallException e) {
    switch (e.problem()) {
      case UNAUTHORIZED, CAPTCHA -> {
        pool.disable(account.id(), e.getMessage());
        pool.release(task);
        Log.warn("discord.account-disabled", null, "account", account.id(), "status", e.status());
        return new JobRejectedException("Discord account " + account.id() + " stopped working: " + e.getMessage());
      }
      case RATE_LIMITED -> {
        pool.pauseUntil(account.id(), clock.millis() + e.retryAfterMillis());
        return new EngineBusyException(e.getMessage(), (int) Math.max(1, (e.retryAfterMillis() + 999) / 1000));
      }
      case UNAVAILABLE -> {
        return new EngineBusyException(e.getMessage(), 5);
      }
      default -> {
        pool.release(task);
        return new JobRejectedException(e.getMessage() + " (Discord account " + account.id() + ")");
      }
    }
  }

  /** Our result keys are PNG; Discord's previews are WebP. */
  private static byte[] asPng(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes)
        .orElseThrow(() -> new JobRejectedException("Midjourney's attachment is not a picture we can read"));
    if (format == ImageFormat.PNG) {
      return bytes;
    }
    try {
      return ImageOps.png(ImageOps.decode(bytes));
    } catch (ImageRefusedException e) {
      throw new JobRejectedException("Midjourney's " + format + " picture " + e.reason(), e);
    }
  }

  /** The preview of a progress message; a missing or unreadable preview never stops a job. */
  private Optional<byte[]> preview(BotMessage progress) {
    if (progress.attachments().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(asPng(remote.fetch(progress.attachments().get(0).url())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
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
