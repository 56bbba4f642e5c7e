package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

/** What the end-to-end tests over HTTP check of every submit and button the same way. */
final class E2eTasks {
  private E2eTasks() {}

  /** The task id of an accepted submit (HTTP 200, code 1). */
  static String accepted(ApiClient.Answer answer) {
    assertEquals(200, answer.status(), answer.body());
    assertEquals(1, answer.json().get("code").asInt(), answer.body());
    return answer.json().get("result").asText();
  }

  /** The customId of the task's first button that starts with {@code prefix}. */
  static String button(JsonNode task, String prefix) {
    for (JsonNode b : task.get("buttons")) {
      if (b.get("customId").asText().startsWith(prefix)) {
        return b.get("customId").asText();
      }
    }
    throw new AssertionError("no button " + prefix + " in " + task.get("buttons"));
  }
}
