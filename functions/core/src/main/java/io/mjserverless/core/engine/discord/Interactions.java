package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.util.List;

/**
 * The bodies of {@code POST /interactions} (reference §1.3-1.5): slash commands (type 2) with their options
 * and uploaded attachments, and button presses (type 3) on a message.
 */
final class Interactions {
  /** Without a gateway there is no session; any fixed 32-hex value is accepted (§1.3). */
  static final String SESSION_ID = "6d6a2d7365727665726c6573732d2d31";

  private Interactions() {}

  /** An uploaded file an interaction refers to. */
  record Upload(String filename, String uploadedFilename) {}

  /** {@code /imagine prompt:<prompt>} or {@code /shorten prompt:<prompt>}. */
  static ObjectNode prompt(DiscordAccount account, String channelId, String botId, String name, CommandIndex.Command command,
      String prompt, String nonce) {
    ObjectNode body = base(2, account, channelId, botId, nonce);
    ObjectNode data = data(body, name, command);
    data.withArray("options").addObject().put("type", 3).put("name", "prompt").put("value", prompt);
    data.putArray("attachments");
    return body;
  }

  /** {@code /describe image:<upload>}. */
  static ObjectNode describe(DiscordAccount account, String channelId, String botId, CommandIndex.Command command, Upload image,
      String nonce) {
    ObjectNode body = base(2, account, channelId, botId, nonce);
    ObjectNode data = data(body, "describe", command);
    data.withArray("options").addObject().put("type", 11).put("name", "image").put("value", 0);
    attach(data.putArray("attachments"), List.of(image));
    return body;
  }

  /** {@code /blend image1..imageN dimensions:--ar w:h}. */
  static ObjectNode blend(DiscordAccount account, String channelId, String botId, CommandIndex.Command command,
      List<Upload> images, String dimensions, String nonce) {
    ObjectNode body = base(2, account, channelId, botId, nonce);
    ObjectNode data = data(body, "blend", command);
    ArrayNode options = data.withArray("options");
    for (int i = 0; i < images.size(); i++) {
      options.addObject().put("type", 11).put("name", "image" + (i + 1)).put("value", i);
    }
    options.addObject().put("type", 3).put("name", "dimensions").put("value", dimensions);
    attach(data.putArray("attachments"), images);
    return body;
  }

  /** A press of button {@code customId} on message {@code messageId} (flags as the message has them). */
  static ObjectNode button(DiscordAccount account, String channelId, String botId, String messageId, int messageFlags,
      String customId, String nonce) {
    ObjectNode body = base(3, account, channelId, botId, nonce);
    body.put("message_id", messageId).put("message_flags", messageFlags);
    body.putObject("data").put("component_type", 2).put("custom_id", customId);
    return body;
  }

  private static ObjectNode base(int type, DiscordAccount account, String channelId, String botId, String nonce) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", type).put("application_id", botId);
    if (account.guildId() != null && !account.guildId().isBlank()) {
      body.put("guild_id", account.guildId()); // omitted in the DM with the bot
    }
    body.put("channel_id", channelId).put("session_id", SESSION_ID).put("nonce", nonce);
    return body;
  }

  private static ObjectNode data(ObjectNode body, String name, CommandIndex.Command command) {
    ObjectNode data = body.putObject("data");
    data.put("version", command.version()).put("id", command.id()).put("name", name).put("type", 1);
    data.putArray("options");
    return data;
  }

  private static void attach(ArrayNode attachments, List<Upload> uploads) {
    for (int i = 0; i < uploads.size(); i++) {
      attachments.addObject().put("id", String.valueOf(i)).put("filename", uploads.get(i).filename())
          .put("uploaded_filename", uploads.get(i).uploadedFilename());
    }
  }
}
