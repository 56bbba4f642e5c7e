package io.mjserverless.core.engine.discord;

import io.mjserverless.core.button.ButtonKind;
import java.util.Optional;

/**
 * What the engine must remember of a submit to find its answer later without the gateway (reference §3.2),
 * kept as the task's job id: the command, when we sent it, where, to which bot, the marker in an imagine
 * prompt, and for a button the parent message, the button's kind and index.
 *
 * @param command {@code imagine}, {@code describe}, {@code blend}, {@code shorten} or {@code button}
 * @param sentAtMillis our clock just after Discord took the interaction
 * @param marker imagine: the token placed in the prompt; a button: the words that tell its answer from its
 *     siblings' (Pan's {@code Left}, an HD upscale's {@code Subtle}); empty otherwise
 * @param parentMessageId button only: the message whose button we pressed
 * @param button button only: what the button does
 * @param index button only: its index (U/V), 0 when it has none
 */
public record DiscordJob(String command, long sentAtMillis, String channelId, String botId, String marker,
    String parentMessageId, ButtonKind button, int index) {

  private static final String PREFIX = "discord1";
  private static final String SEP = ";";

  public String encode() {
    return String.join(SEP, PREFIX, command, Long.toString(sentAtMillis), channelId, botId, marker,
        parentMessageId == null ? "" : parentMessageId, button == null ? "" : button.name(), Integer.toString(index));
  }

  /** The job of a task id written by {@link #encode}; empty for another engine's job id. */
  public static Optional<DiscordJob> decode(String jobId) {
    if (jobId == null || !jobId.startsWith(PREFIX + SEP)) {
      return Optional.empty();
    }
    String[] p = jobId.split(SEP, -1);
    if (p.length != 9) {
      return Optional.empty();
    }
    try {
      return Optional.of(new DiscordJob(p[1], Long.parseLong(p[2]), p[3], p[4], p[5], p[6].isEmpty() ? null : p[6],
          p[7].isEmpty() ? null : ButtonKind.valueOf(p[7]), Integer.parseInt(p[8])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Messages older than this id cannot be ours (ten seconds of clock skew allowed). */
  public long watermark() {
    return Snowflakes.atMillis(sentAtMillis - 10_000);
  }
}
