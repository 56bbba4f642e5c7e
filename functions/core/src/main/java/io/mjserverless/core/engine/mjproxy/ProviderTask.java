package io.mjserverless.core.engine.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.task.Button;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fields of a provider's task ({@code GET /mj/task/{id}/fetch}) that the engine uses. */
public record ProviderTask(String id, String status, String progress, String imageUrl, String failReason,
    String prompt, String promptEn, String finalPrompt, String messageHash, List<Button> buttons) {

  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");

  public static ProviderTask of(JsonNode json) {
    JsonNode props = json.path("properties");
    List<Button> buttons = new ArrayList<>();
    for (JsonNode b : json.path("buttons")) {
      String customId = b.path("customId").asText("");
      if (!customId.isBlank()) { // link buttons (Web) have no customId and cannot be pressed through the API
        buttons.add(new Button(customId, b.path("emoji").asText(""), b.path("label").asText(""),
            b.path("type").asInt(Button.TYPE_BUTTON), b.path("style").asInt(Button.STYLE_SECONDARY)));
      }
    }
    return new ProviderTask(text(json, "id"), text(json, "status").toUpperCase(Locale.ROOT), text(json, "progress"),
        text(json, "imageUrl"), text(json, "failReason"), text(json, "prompt"), text(json, "promptEn"),
        text(props, "finalPrompt"), text(props, "messageHash"), buttons);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNull() || v.isMissingNode() || v.isContainerNode() ? "" : v.asText("");
  }

  /** Progress as a number 0..99 while running ("46%" → 46); 0 when the provider shows none or text. */
  public int percent() {
    Matcher m = PERCENT.matcher(progress);
    return m.find() ? Math.min(99, Integer.parseInt(m.group(1))) : 0;
  }

  public Optional<String> image() {
    return imageUrl.isBlank() ? Optional.empty() : Optional.of(imageUrl);
  }

  public boolean isSuccess() {
    return status.equals("SUCCESS");
  }

  public boolean isFailure() {
    return status.equals("FAILURE") || status.equals("CANCEL");
  }
}
