package io.mjserverless.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;

/**
 * Turns the error a Catch hands to RecordFailure ({@code {"Error": ..., "Cause": ...}}) into a reason a
 * person can read. A Lambda error's Cause is JSON with {@code errorMessage}; our own Pass states put
 * plain text there; Step Functions' own errors (States.Timeout...) may have no Cause at all.
 */
public final class FailureReasons {
  private FailureReasons() {}

  public static String of(JsonNode error) {
    if (error == null || error.isNull()) {
      return "the task failed for an unknown reason";
    }
    String name = error.path("Error").asText("");
    String cause = error.path("Cause").asText("");
    String message = cause;
    if (cause.startsWith("{")) {
      try {
        JsonNode parsed = Json.tree(cause);
        message = parsed.path("errorMessage").asText(cause);
      } catch (IllegalArgumentException notJson) {
        message = cause;
      }
    }
    if (message.isBlank()) {
      return switch (name) {
        case "States.Timeout" -> "a workflow step timed out";
        case "" -> "the task failed for an unknown reason";
        default -> "the task failed: " + name;
      };
    }
    return message.length() > 2000 ? message.substring(0, 2000) + "..." : message;
  }
}
