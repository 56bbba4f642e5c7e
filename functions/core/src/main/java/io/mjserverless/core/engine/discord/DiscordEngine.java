package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.engine.TurnWaitException;
import io.mjserverless.core.engine.discord.DiscordCallException.Problem;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Drives Midjourney accounts on Discord over HTTPS (reference discord-protocol.md): a submit is an
 * interaction sent as the account's user ({@link SubmitPreparation} builds it); the job's answer is found by
 * reading the channel at each poll ({@link JobWatcher}), with no long-lived connection. The pool decides
 * which account runs a task and when, and paces each account's submits across containers; this engine
 * tells the pool what Discord said about the account (401, CAPTCHA, 429) and gives the task's place back
 * on every final path.
 *
 * <p>What needs gateway events (modals: Custom Zoom, Vary Region, remix) is refused at submit with code 4.
 */
public final class DiscordEngine implements Engine {
  public static final String CHANNEL_PROPERTY = "discordChannelId";
  public static final String PROGRESS_MESSAGE_PROPERTY = "progressMessageId";
  public static final String INTERACTION_PROPERTY = "discordInteractionId";
  public static final String MESSAGE_ID_PROPERTY = "messageId";
  public static final String FLAGS_PROPERTY = "flags";
  /** Shortest wait for Discord's answer to an interaction, however short the submit gap is. */
  static final Duration MIN_INTERACTION_DEADLINE = Duration.ofMillis(250);
  /** Most clock skew allowed between us and Discord when an interaction's time is matched. */
  static final long MAX_SKEW_MILLIS = 500;

  private final AccountPool pool;
  private final AccountSessions sessions;
  private final Clock clock;
  private final SubmitPreparation preparation;
  private final JobWatcher watcher;
  private final AccountHealth health;

  public DiscordEngine(AccountPool pool, AccountSessions sessions, InputImages inputs, RemoteImages remote, TaskStore tasks,
      InteractionClaims claims, Clock clock) {
    this.pool = pool;
    this.sessions = sessions;
    this.clock = clock;
    this.preparation = new SubmitPreparation(inputs, tasks, clock);
    this.health = new AccountHealth(pool, clock);
    this.watcher = new JobWatcher(pool, sessions, remote, tasks, clock, new JobMatcher(skewMillis(settings())), claims, health);
  }

  /**
   * The clock skew allowed on each side of an interaction's window: a quarter of the submit gap at most, so
   * that the windows of two submits, at least a gap apart, never meet (see {@link #interactionDeadline}).
   */
  static long skewMillis(DiscordSettings settings) {
    return Math.min(MAX_SKEW_MILLIS, settings.submitGap().toMillis() / 4);
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
      long gap = settings().submitGap().toMillis();
      // This container's own last submit: no need to ask the pool (or upload anything) when it is too recent.
      waitIfNeeded(account, session.waitBeforeSubmit(settings().submitGap()));
      PreparedSubmit prepared = preparation.prepare(task, account, session);
      // Pacing across containers (reference §4.1); it also keeps the time windows of two submits apart.
      waitIfNeeded(account, pool.reserveSubmit(account.id(), gap));
      long sentAt = clock.millis();
      session.submitted(sentAt);
      long until = send(session, prepared, sentAt);
      Map<String, Object> props = new LinkedHashMap<>();
      props.put(AccountPool.INSTANCE_PROPERTY, account.id());
      props.put(CHANNEL_PROPERTY, prepared.channelId());
      Log.info("discord.submitted", "account", account.id(), "command", prepared.command(), "answerMillis", until - sentAt);
      return new Submission(prepared.job(sentAt, until).encode(), props);
    } catch (DiscordCallException e) {
      throw health.onRefusal(task, account, e);
    } catch (JobRejectedException e) {
      pool.release(task);
      throw e;
    }
  }

  private static void waitIfNeeded(DiscordAccount account, long waitMillis) {
    if (waitMillis > 0) {
      // An exact wait, not a failure: Dispatch asks again then, without backing off.
      throw new TurnWaitException("waiting between two submits on Discord account " + account.id(),
          (int) Math.max(1, Math.min(60, (waitMillis + 999) / 1000)));
    }
  }

  /**
   * How long this POST may wait for Discord's answer: until the gap reserved at {@code sentAt} is nearly
   * over (two skews before the next submit may start), so the window of this interaction ends before the
   * next one's begins; never longer than the settings' deadline, never shorter than
   * {@link #MIN_INTERACTION_DEADLINE} (then only the claims keep two answers apart).
   */
  private Duration interactionDeadline(long sentAt) {
    long left = sentAt + settings().submitGap().toMillis() - 2 * skewMillis(settings()) - clock.millis();
    long millis = Math.min(settings().timeout().toMillis(), Math.max(MIN_INTERACTION_DEADLINE.toMillis(), left));
    return Duration.ofMillis(millis);
  }

  /**
   * Sends the interaction and answers until when Discord may have received it. A stale command version is
   * fixed once from Discord's command index (§1.6). A POST sent but not answered in time counts as sent:
   * Discord may have taken it, and sending again could make Midjourney run the job twice; the start
   * timeout decides if nothing ever shows.
   */
  private long send(AccountSession session, PreparedSubmit prepared, long sentAt) {
    try {
      return interact(session, prepared, sentAt);
    } catch (DiscordCallException e) {
      if (e.problem() != Problem.STALE_COMMAND || !prepared.usesCommand()) {
        throw e;
      }
      int updated = session.commands().update(session.client().commandIndex(prepared.channelId()));
      Log.info("discord.command-index-refreshed", "account", session.client().account().id(), "updated", updated);
      try {
        return interact(session, prepared, sentAt);
      } catch (DiscordCallException again) {
        if (again.problem() == Problem.STALE_COMMAND) {
          throw new JobRejectedException("Discord says the Midjourney command is outdated even after reading its command"
              + " index again; try again in a few minutes");
        }
        throw again;
      }
    }
  }

  private long interact(AccountSession session, PreparedSubmit prepared, long sentAt) {
    Duration deadline = interactionDeadline(sentAt);
    long start = clock.millis();
    try {
      session.client().interact(prepared.body().apply(session.commands()), deadline);
      return clock.millis();
    } catch (DiscordCallException e) {
      if (e.problem() != Problem.UNANSWERED) {
        throw e;
      }
      Log.warn("discord.interaction-unanswered", null, "account", session.client().account().id(), "deadlineMillis",
          deadline.toMillis());
      return Math.min(clock.millis(), start + deadline.toMillis());
    }
  }

  // ---- poll, result ----

  @Override
  public JobStatus poll(Task task) {
    return watcher.poll(task);
  }

  @Override
  public JobResult result(Task task) {
    return watcher.result(task);
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
      if (progress != null && job.isPresent() && task.status() != TaskStatus.SUCCESS) {
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
}
