package io.mjserverless.core.engine.discord;

import io.mjserverless.core.button.ButtonKind;
import java.util.Optional;

/**
 * What the engine must remember of a submit to find its answer later without the gateway (reference §3.2),
 * kept as the task's job id: the command, when we sent it, where, to which bot, the marker in an imagine
 * prompt, and for a button the parent message, the button's kind and index.
 *
 * @param command {@code imagine}, {@code describe}, {@code blend}, {@code shorten} or {@code button}
 * @param sentAtMillis our clock just before the POST of the interaction (after the account's pacing reserved it)
 * @param untilMillis our clock when Discord answered the POST, or when we stopped waiting for its answer:
 *     Discord received the interaction between {@code sentAtMillis} and this (give or take clock skew)
 * @param marker imagine: the token placed in the prompt; a button: the words that tell its answer from its
 *     siblings' (Pan's {@code Left}, an HD upscale's {@code Subtle}); empty otherwise
 * @param parentMessageId button only: the message whose button we pressed
 * @param button button only: what the button does
 * @param index button only: its index (U/V), 0 when it has none
 */
public record DiscordJob(String command, long sentAtMillis, long untilMillis, String channelId, String botId, String marker,
    String parentMessageId, ButtonKind button, int index) {

  /** Before the time window was kept: sent and answered at one instant. */
  private static final String FIRST = "discord1";
  private static final String PREFIX = "discord2";
  private static final String SEP = ";";

  /** A job whose POST was answered at once (tests). */
  public DiscordJob(String command, long sentAtMillis, String channelId, String botId, String marker, String parentMessageId,
      ButtonKind button, int index) {
    this(command, sentAtMillis, sentAtMillis, channelId, botId, marker, parentMessageId, button, index);
  }

  public String encode() {
    return String.join(SEP, PREFIX, command, Long.toString(sentAtMillis), Long.toString(untilMillis), channelId, botId, marker,
        parentMessageId == null ? "" : parentMessageId, button == null ? "" : button.name(), Integer.toString(index));
  }

  /** The job of a task id written by {@link #encode} (or by the first version); empty for another engine's job id. */
  public static Optional<DiscordJob> decode(String jobId) {
    if (jobId == null) {
      return Optional.empty();
    }
    String[] p = jobId.split(SEP, -1);
    boolean first = p[0].equals(FIRST) && p.length == 9;
    if (!first && !(p[0].equals(PREFIX) && p.length == 10)) {
      return Optional.empty();
    }
    int at = first ? 3 : 4;
    try {
      long sent = Long.parseLong(p[2]);
      long until = first ? sent : Long.parseLong(p[3]);
      return Optional.of(new DiscordJob(p[1], sent, until, p[at], p[at + 1], p[at + 2], p[at + 3].isEmpty() ? null : p[at + 3],
          p[at + 4].isEmpty() ? null : ButtonKind.valueOf(p[at + 4]), Integer.parseInt(p[at + 5])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Messages older than this id cannot be ours (ten seconds of clock skew allowed). */
  public long watermark() {
    return Snowflakes.atMillis(sentAtMillis - 10_000);
  }
}
