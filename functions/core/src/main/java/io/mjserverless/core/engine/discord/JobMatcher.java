package io.mjserverless.core.engine.discord;

import io.mjserverless.core.button.ButtonKind;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a job's messages among a channel's recent messages without the gateway (reference §3.2): first by
 * what an earlier poll learned (the interaction id, the progress message id), then by the marker in an
 * imagine prompt, the parent message and the button's words for a button, and the time slot of the
 * interaction for describe, blend and shorten (whose answers carry nothing of ours).
 *
 * <p>The time of an interaction (from its snowflake) must lie in the job's window: from just before our POST
 * to its answer ({@link DiscordJob#sentAtMillis()} to {@link DiscordJob#untilMillis()}), widened by the
 * clock skew allowed between us and Discord. The account's pacing keeps the windows of two submits apart;
 * an interaction another task claimed is never taken ({@code claimedByOthers}).
 *
 * @param skewMillis how far Discord's clock may be from ours
 */
public record JobMatcher(long skewMillis) {

  /** What was learned about a job at an earlier poll (null when not yet). */
  public record Learned(String interactionId, String progressMessageId) {}

  /** The job's messages as of now. */
  public record Found(Optional<BotMessage> progress, Optional<BotMessage> done, Optional<BotMessage> error) {
    public boolean nothing() {
      return progress.isEmpty() && done.isEmpty() && error.isEmpty();
    }

    /** The interaction id the found messages answer, to follow from now on. */
    public Optional<String> interactionId() {
      return error.or(() -> done).or(() -> progress).map(BotMessage::interactionId);
    }
  }

  /**
   * @param messages the channel's messages, newest first
   * @param userId the account's user (messages for others are skipped)
   */
  public Found find(DiscordJob job, Learned learned, List<BotMessage> messages, String userId) {
    return find(job, learned, messages, userId, Set.of());
  }

  /** @param claimedByOthers interactions other tasks took: their messages are never this job's */
  public Found find(DiscordJob job, Learned learned, List<BotMessage> messages, String userId, Set<String> claimedByOthers) {
    long watermark = job.watermark();
    List<BotMessage> ours = messages.stream()
        .filter(BotMessage::fromBot)
        .filter(m -> job.botId().equals(m.authorId()))
        .filter(m -> Long.compareUnsigned(parse(m.id()), watermark) > 0)
        .filter(m -> m.concerns(userId))
        .filter(m -> m.interactionId() == null || !claimedByOthers.contains(m.interactionId()))
        .filter(m -> belongs(job, learned, m))
        .toList();
    Optional<String> interaction = Optional.ofNullable(learned.interactionId())
        .or(() -> closest(job, ours).map(BotMessage::interactionId));
    // Messages of other interactions that matched by words (two presses of one button) are dropped here.
    List<BotMessage> same = interaction.isEmpty() ? ours
        : ours.stream().filter(m -> m.interactionId() == null || m.interactionId().equals(interaction.get())).toList();
    Optional<BotMessage> error = same.stream().filter(m -> m.kind() == BotMessage.Kind.ERROR).findFirst();
    Optional<BotMessage> done = same.stream().filter(m -> switch (m.kind()) {
      case FINAL, DESCRIBED, SHORTENED -> true;
      default -> false;
    }).filter(m -> fitsResult(job, m)).findFirst();
    Optional<BotMessage> progress = same.stream()
        .filter(m -> m.kind() == BotMessage.Kind.PROGRESS || m.kind() == BotMessage.Kind.WAITING).findFirst();
    return new Found(progress, done, error);
  }

  /** Among candidates of several interactions: the one Discord received closest to the start of our POST. */
  private Optional<BotMessage> closest(DiscordJob job, List<BotMessage> ours) {
    return ours.stream().filter(m -> m.interactionId() != null)
        .min(Comparator.comparingLong(m -> Math.abs(Snowflakes.millisOf(m.interactionId()) - job.sentAtMillis())));
  }

  private boolean belongs(DiscordJob job, Learned learned, BotMessage m) {
    if (learned.interactionId() != null && learned.interactionId().equals(m.interactionId())) {
      return true;
    }
    if (learned.progressMessageId() != null && learned.progressMessageId().equals(m.id())) {
      return true;
    }
    if (learned.interactionId() != null && m.interactionId() != null) {
      return false; // a message of another interaction
    }
    return switch (job.command()) {
      case "imagine" -> !job.marker().isEmpty() ? containsMarker(job.marker(), m) : inSlot(job, m, "imagine");
      case "describe", "blend", "shorten" -> inSlot(job, m, job.command());
      case "button" -> answersButton(job, m) && (m.interactionId() == null || inSlotLoose(job, m));
      default -> false;
    };
  }

  /** The marker survives Midjourney's rewriting of the prompt (it may escape the brackets). */
  static boolean containsMarker(String marker, BotMessage m) {
    String digits = marker.replaceAll("\\D", "");
    String text = (m.content() + " " + m.embed().map(e -> e.description()).orElse("")).replace("\\", "");
    return !digits.isEmpty() && text.contains(digits);
  }

  private boolean inSlot(DiscordJob job, BotMessage m, String name) {
    if (m.interactionId() == null || (m.interactionName() != null && !m.interactionName().equals(name))) {
      return false;
    }
    long at = Snowflakes.millisOf(m.interactionId());
    return at >= job.sentAtMillis() - skewMillis && at <= job.untilMillis() + skewMillis;
  }

  /** A button's answer is tied to its parent already; the slot only sorts out two presses of one button. */
  private boolean inSlotLoose(DiscordJob job, BotMessage m) {
    return Snowflakes.millisOf(m.interactionId()) >= job.sentAtMillis() - Math.max(skewMillis, 10_000);
  }

  private static boolean answersButton(DiscordJob job, BotMessage m) {
    String parent = job.parentMessageId();
    if (parent == null || !(parent.equals(m.referencedMessageId()) || parent.equals(m.interactedMessageId()))) {
      return false;
    }
    if (m.kind() == BotMessage.Kind.ERROR) {
      return true;
    }
    return ButtonWords.fits(job.button(), job.index(), job.marker(), m);
  }

  /** A done message must be what the command makes: a describe answer for a describe, a picture otherwise. */
  private static boolean fitsResult(DiscordJob job, BotMessage m) {
    BotMessage.Kind k = m.kind();
    return switch (job.command()) {
      case "describe" -> k == BotMessage.Kind.DESCRIBED;
      case "shorten" -> k == BotMessage.Kind.SHORTENED;
      case "button" -> job.button() == ButtonKind.DESCRIBE_RETRY ? k == BotMessage.Kind.DESCRIBED : k == BotMessage.Kind.FINAL;
      default -> k == BotMessage.Kind.FINAL;
    };
  }

  private static long parse(String id) {
    try {
      return Long.parseUnsignedLong(id);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
