package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this container knows of one account between calls: its client, its user id, its command index,
 * when it last submitted here (a cheap first check; the pacing that holds across containers is the
 * pool's {@link AccountPool#reserveSubmit}) and a short-lived snapshot of each of its channels, so
 * that the polls of several tasks on one account cost one read of the channel (about 5 reads per 5 s are
 * allowed per channel). Shared by every mode's engine of the container.
 */
public final class AccountSession {
  /** Messages per read: enough for 12 running jobs and their neighbours (§3.4). */
  static final int SNAPSHOT_LIMIT = 50;

  private final DiscordClient client;
  private final CommandIndex commands = new CommandIndex();
  private final Clock clock;
  private final Duration snapshotTtl;
  private final Map<String, Snapshot> snapshots = new HashMap<>();
  private String userId;
  private long lastSubmitMillis = Long.MIN_VALUE / 2;

  private record Snapshot(long readAtMillis, List<BotMessage> messages) {}

  AccountSession(DiscordClient client, Clock clock, Duration snapshotTtl) {
    this.client = client;
    this.clock = clock;
    this.snapshotTtl = snapshotTtl;
  }

  public DiscordClient client() {
    return client;
  }

  public CommandIndex commands() {
    return commands;
  }

  /** The account's Discord user id, asked once per container ({@code GET /users/@me}). */
  public synchronized String userId() {
    if (userId == null) {
      JsonNode me = client.me();
      String id = me.path("id").asText("");
      if (id.isEmpty()) {
        throw new DiscordCallException(DiscordCallException.Problem.UNAVAILABLE, 200, "Discord's answer for the account's user has no id", 0);
      }
      userId = id;
    }
    return userId;
  }

  /** The channel's recent messages, newest first: from the snapshot while it is fresh, else read now. */
  public synchronized List<BotMessage> messages(String channelId, boolean fresh) {
    long now = clock.millis();
    Snapshot s = snapshots.get(channelId);
    if (!fresh && s != null && now - s.readAtMillis() < snapshotTtl.toMillis() && now >= s.readAtMillis()) {
      return s.messages();
    }
    List<BotMessage> messages = new ArrayList<>();
    for (JsonNode m : client.messages(channelId, SNAPSHOT_LIMIT)) {
      messages.add(BotMessage.of(m));
    }
    snapshots.put(channelId, new Snapshot(now, List.copyOf(messages)));
    return List.copyOf(messages);
  }

  /** Milliseconds until this account may submit again (0: now). */
  public synchronized long waitBeforeSubmit(Duration gap) {
    return Math.max(0, lastSubmitMillis + gap.toMillis() - clock.millis());
  }

  public synchronized void submitted(long atMillis) {
    lastSubmitMillis = Math.max(lastSubmitMillis, atMillis);
    snapshots.clear(); // the next poll must see the answer to this submit, not an older read
  }
}
