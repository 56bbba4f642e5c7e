package io.mjserverless.core.engine.mjproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The provider's submit envelope {@code {code, description, result, properties}}. Codes as the
 * proxies define them: 1 accepted, 22 accepted and queued, 21 waiting for a modal, 23 queue full,
 * 24 banned prompt, 3 not found, 4 validation error, 9 system error.
 */
public record ProviderAnswer(int code, String description, JsonNode result, JsonNode properties) {
  public static final int ACCEPTED = 1;
  public static final int NOT_FOUND = 3;
  public static final int VALIDATION = 4;
  public static final int SYSTEM_ERROR = 9;
  public static final int MODAL = 21;
  public static final int QUEUED = 22;
  public static final int QUEUE_FULL = 23;
  public static final int BANNED = 24;
  /** trueai-org's answer to a limit of its own (concurrency, queue, daily count). */
  public static final int LIMIT = -1;

  /** Reads an envelope; empty when the JSON is not one (no numeric code). */
  static java.util.Optional<ProviderAnswer> of(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("code").canConvertToInt()) {
      return java.util.Optional.empty();
    }
    // trueai-org's limit errors say {"success":false,"code":-1,"message":"..."}: the words are in message.
    String description = json.path("description").asText("");
    if (description.isBlank()) {
      description = json.path("message").asText("");
    }
    return java.util.Optional.of(new ProviderAnswer(json.path("code").asInt(), description,
        json.path("result"), json.has("properties") ? json.get("properties") : MissingNode.getInstance()));
  }

  /** The id in {@code result} (a string, or a number in some forks); empty when there is none. */
  public java.util.Optional<String> resultId() {
    if (result == null || result.isNull() || result.isMissingNode() || result.isContainerNode()) {
      return java.util.Optional.empty();
    }
    String id = result.asText("").trim();
    return id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id);
  }

  /** "code 23: 队列已满" — how a refusal is quoted in a task's failReason. */
  public String quoted() {
    return "code " + code + (description.isBlank() ? "" : ": " + description);
  }
}
