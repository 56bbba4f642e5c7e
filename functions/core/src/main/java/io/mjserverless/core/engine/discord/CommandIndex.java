package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The slash commands' ids and versions per bot (reference §1.4, §1.6). Starts from the values the peers
 * use; a 50035 "outdated" answer makes the engine read Discord's command index and use its values. Ids
 * stay; versions drift.
 */
public final class CommandIndex {

  /** One command of one bot. */
  public record Command(String id, String version) {}

  private static final Map<String, Command> KNOWN = Map.of(
      key(BotMessage.MIDJOURNEY_BOT, "imagine"), new Command("938956540159881230", "1237876415471554623"),
      key(BotMessage.MIDJOURNEY_BOT, "describe"), new Command("1092492867185950852", "1237876415471554625"),
      key(BotMessage.MIDJOURNEY_BOT, "blend"), new Command("1062880104792997970", "1237876415471554624"),
      key(BotMessage.MIDJOURNEY_BOT, "shorten"), new Command("1121575372539039774", "1247736572414001223"),
      key(BotMessage.NIJI_BOT, "imagine"), new Command("1023054140580057099", "1248805223892254774"),
      key(BotMessage.NIJI_BOT, "describe"), new Command("1092683500743831652", "1248805223892254776"),
      key(BotMessage.NIJI_BOT, "blend"), new Command("1061216934374424697", "1248805223892254775"),
      key(BotMessage.NIJI_BOT, "shorten"), new Command("1121575453916942376", "1248805223892254777"));

  private final Map<String, Command> commands = new HashMap<>(KNOWN);

  /** The command {@code name} of bot {@code botId}. */
  public synchronized Command command(String botId, String name) {
    Command c = commands.get(key(botId, name));
    if (c == null) {
      throw new IllegalArgumentException("no command " + name + " for bot " + botId);
    }
    return c;
  }

  /**
   * Takes the ids and versions of Discord's answer to {@code application-command-index}
   * ({@code {application_commands: [{id, application_id, version, name}]}}); returns how many it updated.
   */
  public synchronized int update(JsonNode index) {
    int updated = 0;
    for (JsonNode c : index.path("application_commands")) {
      String key = key(c.path("application_id").asText(""), c.path("name").asText(""));
      if (KNOWN.containsKey(key) && !c.path("id").asText("").isEmpty() && !c.path("version").asText("").isEmpty()) {
        commands.put(key, new Command(c.path("id").asText(), c.path("version").asText()));
        updated++;
      }
    }
    return updated;
  }

  private static String key(String botId, String name) {
    return botId + "/" + name;
  }
}
