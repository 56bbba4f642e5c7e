package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.button.ButtonKind;
import java.util.function.Function;

/**
 * A submit ready to send: its body for the current command index (built again after the index is read
 * anew), and what the job must remember to find its answer.
 *
 * @param usesCommand a slash command (whose version can be stale), not a button
 */
record PreparedSubmit(Function<CommandIndex, ObjectNode> body, boolean usesCommand, String command, String channelId,
    String botId, String marker, String parentMessageId, ButtonKind button, int index) {

  /** The job of this submit, sent between the two times (our clock). */
  DiscordJob job(long sentAtMillis, long untilMillis) {
    return new DiscordJob(command, sentAtMillis, untilMillis, channelId, botId, marker, parentMessageId, button, index);
  }
}
