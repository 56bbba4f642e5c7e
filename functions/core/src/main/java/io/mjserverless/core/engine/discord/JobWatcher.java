package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a submitted job by reading its channel (reference §3.3): progress and preview, the bot's refusal,
 * the final message and what the result keeps of it. An answer found by time alone is claimed for the
 * task ({@link InteractionClaims}) before it is used, so no other task can take it.
 */
final class JobWatcher {
  /** How many claimed-elsewhere candidates one poll steps over before it waits for the next poll. */
  private static final int CLAIM_ATTEMPTS = 4;

  private final AccountPool pool;
  private final AccountSessions sessions;
  private final RemoteImages remote;
  private final TaskStore tasks;
  private final Clock clock;
  private final JobMatcher matcher;
  private final InteractionClaims claims;
  private final AccountHealth health;

  JobWatcher(AccountPool pool, AccountSessions sessions, RemoteImages remote, TaskStore tasks, Clock clock, JobMatcher matcher,
      InteractionClaims claims, AccountHealth health) {
    this.pool = pool;
    this.sessions = sessions;
    this.remote = remote;
    this.tasks = tasks;
    this.clock = clock;
    this.matcher = matcher;
    this.claims = claims;
    this.health = health;
  }

  private DiscordSettings settings() {
    return sessions.settings();
  }

  JobStatus poll(Task task) {
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
      if (found.nothing() && task.property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY) != null) {
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
      if (task.property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY) != null) {
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
      RuntimeException sorted = health.onRefusal(task, account, e);
      if (sorted instanceof JobRejectedException rejected) {
        return new JobStatus.Failed(rejected.getMessage());
      }
      throw sorted;
    }
  }

  JobResult result(Task task) {
    DiscordJob job = jobOf(task);
    DiscordAccount account = pool.accountOf(task);
    AccountSession session = sessions.of(account);
    BotMessage done;
    try {
      done = find(task, job, session, true).done().orElseThrow(() -> new JobRejectedException(
          "the finished job's message is no longer in the Discord channel (deleted before we copied it)"));
    } catch (DiscordCallException e) {
      throw health.onRefusal(task, account, e);
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(DiscordEngine.MESSAGE_ID_PROPERTY, done.id());
    props.put(DiscordEngine.FLAGS_PROPERTY, String.valueOf(done.flags()));
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

  /** The learned progress message is not among the recent ones: fetch it by id; gone means deleted, unless the result came. */
  private JobMatcher.Found followLearned(Task task, DiscordJob job, AccountSession session) {
    Optional<JsonNode> learned = session.client().message(job.channelId(), task.property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY));
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

  private static DiscordJob jobOf(Task task) {
    return DiscordJob.decode(task.jobId())
        .orElseThrow(() -> new JobRejectedException("task " + task.id() + " has no Discord job to look at"));
  }

  /**
   * The job's messages. A job found by time alone (no marker, no parent, nothing learned yet) takes its
   * interaction only once it holds the claim on it; an interaction another task holds is stepped over.
   */
  private JobMatcher.Found find(Task task, DiscordJob job, AccountSession session, boolean fresh) {
    List<BotMessage> messages = session.messages(job.channelId(), fresh);
    JobMatcher.Learned learned = new JobMatcher.Learned(task.property(DiscordEngine.INTERACTION_PROPERTY),
        task.property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY));
    Set<String> claimedByOthers = new HashSet<>();
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      JobMatcher.Found found = matcher.find(job, learned, messages, session.userId(), claimedByOthers);
      Optional<String> interaction = found.interactionId();
      if (learned.interactionId() != null || !foundByTime(job) || interaction.isEmpty()
          || claims.claim(interaction.get(), task.id())) {
        return found;
      }
      claimedByOthers.add(interaction.get());
    }
    return new JobMatcher.Found(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Describe, blend and shorten answers carry nothing of ours: only their interaction's time ties them to the job. */
  private static boolean foundByTime(DiscordJob job) {
    return switch (job.command()) {
      case "describe", "blend", "shorten" -> true;
      case "imagine" -> job.marker().isEmpty();
      default -> false;
    };
  }

  /** Keeps what a poll learned on the task (learn once, then follow): best effort, a later poll learns again. */
  private void remember(Task task, JobMatcher.Found found) {
    Map<String, Object> learned = new LinkedHashMap<>();
    found.interactionId().filter(id -> !id.equals(task.property(DiscordEngine.INTERACTION_PROPERTY)))
        .ifPresent(id -> learned.put(DiscordEngine.INTERACTION_PROPERTY, id));
    found.progress().map(BotMessage::id).filter(id -> !id.equals(task.property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY)))
        .ifPresent(id -> learned.put(DiscordEngine.PROGRESS_MESSAGE_PROPERTY, id));
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
}
