package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.task.Button;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the channel as the engine reads it (reference §2): who wrote it, what it says, which
 * interaction it answers, its attachments, embeds and buttons, and what kind of moment of a job it shows.
 */
public record BotMessage(
    String id,
    String authorId,
    String content,
    int flags,
    String interactionId,
    String interactionName,
    String interactionUserId,
    String interactedMessageId,
    String referencedMessageId,
    List<Attachment> attachments,
    Optional<Embed> embed,
    List<Button> buttons,
    List<String> links) {

  /** The Midjourney bot's user id (= application id). */
  public static final String MIDJOURNEY_BOT = "936929561302675456";
  /** The niji・journey bot's user id. */
  public static final String NIJI_BOT = "1022952195194359889";

  /** Discord's red, which Midjourney gives its error embeds. */
  static final int RED = 16711680;

  private static final Pattern ECHO = Pattern.compile("\\*\\*(.*)\\*\\*\\s+-\\s+(.*)", Pattern.DOTALL);
  private static final Pattern PERCENT = Pattern.compile("\\((\\d{1,3})%\\)");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** A file of the message; {@code filename} names the job (§2.5). */
  public record Attachment(String url, String filename, String contentType) {}

  /** The first embed: errors, describe and shorten answers live here. */
  public record Embed(String title, String description, int color, String imageUrl, String footer) {}

  /** What a message shows of a job. */
  public enum Kind {
    /** {@code (Waiting to start)}. */
    WAITING,
    /** {@code (NN%)}, usually with a preview. */
    PROGRESS,
    /** The finished picture with its buttons. */
    FINAL,
    /** An error embed or a {@code Failed} content. */
    ERROR,
    /** A describe answer: four prompts in the embed. */
    DESCRIBED,
    /** A shorten answer: the analysis and five prompts in the embed. */
    SHORTENED,
    /** Anything else (a "Job queued" note, a stopped job, a message of a person). */
    OTHER
  }

  public BotMessage {
    attachments = List.copyOf(attachments);
    buttons = List.copyOf(buttons);
    links = List.copyOf(links);
  }

  /** Reads one message object of {@code GET /channels/{c}/messages}. */
  public static BotMessage of(JsonNode m) {
    JsonNode meta = m.path("interaction_metadata");
    JsonNode legacy = m.path("interaction");
    String interactionId = text(meta, "id").orElse(text(legacy, "id").orElse(null));
    String name = text(meta, "name").orElse(text(legacy, "name").orElse(null));
    String user = text(meta.path("user"), "id").orElse(text(legacy.path("user"), "id").orElse(text(meta, "user_id").orElse(null)));
    List<Attachment> files = new ArrayList<>();
    for (JsonNode a : m.path("attachments")) {
      files.add(new Attachment(a.path("url").asText(""), a.path("filename").asText(""), a.path("content_type").asText("")));
    }
    Optional<Embed> embed = Optional.empty();
    JsonNode e = m.path("embeds").path(0);
    if (e.isObject()) {
      embed = Optional.of(new Embed(e.path("title").asText(""), e.path("description").asText(""), e.path("color").asInt(0),
          e.path("image").path("url").asText(""), e.path("footer").path("text").asText("")));
    }
    List<Button> buttons = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (JsonNode row : m.path("components")) {
      for (JsonNode c : row.path("components")) {
        String customId = c.path("custom_id").asText("");
        if (customId.isEmpty()) {
          text(c, "url").ifPresent(links::add); // link buttons (Web) carry no action
          continue;
        }
        // Only buttons our API knows how to press are offered; anything new from Midjourney is left out.
        if (CustomId.parse(customId).isPresent()) {
          buttons.add(new Button(customId, c.path("emoji").path("name").asText(""), c.path("label").asText(""),
              Button.TYPE_BUTTON, c.path("style").asInt(Button.STYLE_SECONDARY)));
        }
      }
    }
    return new BotMessage(m.path("id").asText(""), m.path("author").path("id").asText(""), m.path("content").asText(""),
        m.path("flags").asInt(0), interactionId, name == null ? null : name.toLowerCase(Locale.ROOT), user,
        text(meta, "interacted_message_id").orElse(null),
        text(m.path("message_reference"), "message_id").orElse(text(m.path("referenced_message"), "id").orElse(null)),
        files, embed, buttons, links);
  }

  public boolean fromBot() {
    return MIDJOURNEY_BOT.equals(authorId) || NIJI_BOT.equals(authorId);
  }

  /** Whether the message is about {@code userId}'s job: the bot mentions them or answers their interaction. */
  public boolean concerns(String userId) {
    return userId == null || userId.equals(interactionUserId) || content.contains("<@" + userId + ">")
        || content.contains("<@!" + userId + ">");
  }

  /** The prompt Midjourney echoes between {@code **}, as it rewrote it; empty when the content has none. */
  public String echoedPrompt() {
    Matcher m = ECHO.matcher(content);
    return m.find() ? m.group(1).trim() : "";
  }

  /** What follows the echoed prompt: {@code Image #2 <@id> (fast)}, {@code Variations (Strong) by <@id> (37%) (fast)}. */
  public String tail() {
    Matcher m = ECHO.matcher(content);
    return m.find() ? m.group(2) : content;
  }

  /** The percent of a progress message. */
  public Optional<Integer> percent() {
    Matcher m = PERCENT.matcher(tail());
    return m.find() ? Optional.of(Math.min(99, Integer.parseInt(m.group(1)))) : Optional.empty();
  }

  public Kind kind() {
    if (isError()) {
      return Kind.ERROR;
    }
    if (embed.isPresent()) {
      String description = embed.get().description();
      String footer = embed.get().footer().toLowerCase(Locale.ROOT);
      if ("shorten".equals(interactionName) || description.contains("Shortened prompts") || footer.contains("shortened prompts")) {
        return description.contains("1\uFE0F\u20E3") ? Kind.SHORTENED : Kind.OTHER;
      }
      if (description.contains("1\uFE0F\u20E3") && ("describe".equals(interactionName) || interactionName == null
          || !embed.get().imageUrl().isEmpty())) {
        return Kind.DESCRIBED;
      }
    }
    String tail = tail();
    if (tail.contains("(Waiting to start)")) {
      return Kind.WAITING;
    }
    if (percent().isPresent()) {
      return Kind.PROGRESS;
    }
    if (tail.contains("(Stopped)") || tail.contains("(paused)")) {
      return Kind.OTHER;
    }
    if (!attachments.isEmpty() && !buttons.isEmpty()) {
      return Kind.FINAL;
    }
    return Kind.OTHER;
  }

  private boolean isError() {
    if (content.startsWith("Failed") || content.startsWith("**Failed")) {
      return true;
    }
    return embed.map(e -> BotError.of(e.title()).isPresent() || e.color() == RED && !e.title().isBlank()).orElse(false);
  }

  /** The bot's own words for an error message: the embed's title and description, or the content. */
  public String errorText() {
    if (embed.isPresent() && (!embed.get().title().isBlank() || !embed.get().description().isBlank())) {
      String title = embed.get().title().strip();
      String description = embed.get().description().strip().replaceAll("\\s+", " ");
      return title.isEmpty() ? description : description.isEmpty() ? title : title + ": " + description;
    }
    return content.strip().replaceAll("\\s+", " ");
  }

  /**
   * The job id (§2.5): from the file name ({@code <user>_<slug>_<uuid>.png}, {@code <uuid>_grid_0.webp}), a
   * Midjourney CDN path, a UUID anywhere in an attachment URL, or the job link button.
   */
  public Optional<String> jobHash() {
    for (Attachment a : attachments) {
      String name = a.filename().isEmpty() ? lastSegment(a.url()) : a.filename();
      Matcher uuid = UUID.matcher(name);
      if (uuid.find()) {
        return Optional.of(uuid.group().toLowerCase(Locale.ROOT));
      }
      String bare = name.replaceAll("\\.[A-Za-z0-9]+$", "");
      int underscore = bare.lastIndexOf('_');
      if (underscore >= 0 && underscore < bare.length() - 1 && !bare.endsWith("_grid_0")) {
        return Optional.of(bare.substring(underscore + 1));
      }
      Matcher inUrl = UUID.matcher(a.url());
      if (inUrl.find()) {
        return Optional.of(inUrl.group().toLowerCase(Locale.ROOT));
      }
    }
    for (String link : links) {
      Matcher m = UUID.matcher(link);
      if (m.find()) {
        return Optional.of(m.group().toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private static String lastSegment(String url) {
    String bare = url.replaceAll("\\?.*$", "");
    return bare.substring(bare.lastIndexOf('/') + 1);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
  }
}
