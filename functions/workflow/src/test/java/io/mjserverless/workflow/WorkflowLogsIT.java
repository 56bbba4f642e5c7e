package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.LogContext;
import io.mjserverless.core.log.Metrics;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.testing.LogCapture;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator reads of a task carried through the workflow's handlers: every line JSON, every
 * line of the task with its six context fields, the events that tell its story, the metrics, and no
 * credential anywhere.
 */
@ExtendWith(LocalAwsExtension.class)
class WorkflowLogsIT {
  /** A credential in the client's callback URL: it must never be written to a log line. */
  static final String HOOK_TOKEN = "hookTokenThatMustNotLeak77";

  private final WorkflowFixture wf;
  private final CallbackReceiver receiver;

  WorkflowLogsIT(LocalAws aws) throws IOException {
    wf = new WorkflowFixture(aws);
    receiver = new CallbackReceiver();
  }

  @AfterEach
  void close() {
    receiver.close();
  }

  private String imagine(String prompt) {
    return wf.submit("imagine", Json.write(Map.of("prompt", prompt, "notifyHook", receiver.url() + "?token=" + HOOK_TOKEN)))
        .result().toString();
  }

  /** Lines written by the step handlers about this task (the submit above ran outside any handler). */
  private static List<JsonNode> linesOf(LogCapture out, String taskId) {
    return out.json().stream().filter(l -> taskId.equals(l.path("taskId").asText())).toList();
  }

  private static void assertSixFields(List<JsonNode> lines, String engine) {
    assertFalse(lines.isEmpty());
    for (JsonNode line : lines) {
      for (String key : List.of(LogContext.TASK_ID, LogContext.TENANT, LogContext.MODE, LogContext.ENGINE, LogContext.FUNCTION,
          LogContext.REQUEST_ID)) {
        assertTrue(line.path(key).isTextual() && !line.path(key).asText().isEmpty(), key + " missing in " + line);
      }
      assertEquals(engine, line.get("engine").asText(), line.toString());
      assertTrue(line.get("function").asText().endsWith("Function"), line.toString());
    }
  }

  private static Set<String> events(List<JsonNode> lines) {
    return lines.stream().filter(l -> !l.has("_aws")).map(l -> l.get("message").asText()).collect(Collectors.toSet());
  }

  private static void assertNoSecrets(LogCapture out) {
    String text = out.text();
    for (String secret : List.of(HOOK_TOKEN, WorkflowFixture.ADMIN_KEY)) {
      assertFalse(text.contains(secret), secret + " leaked into the log");
    }
    assertFalse(text.contains("X-Mj-Signature") || text.matches("(?s).*v1=[0-9a-f]{16,}.*"), "no callback signature");
  }

  @Test
  void aSucceededTaskTellsItsStoryWithTheSixFieldsOnEveryLine() {
    String id = imagine("a lighthouse at dawn");
    Task done;
    try (LogCapture out = new LogCapture()) {
      done = wf.run(id);
      assertEquals(TaskStatus.SUCCESS, done.status(), done.failReason());
      List<JsonNode> lines = linesOf(out, id);
      assertSixFields(lines, "simulator");
      assertTrue(events(lines).containsAll(Set.of("task.dispatched", "task.status", "job.done", "task.ended", "callback.delivered")),
          events(lines).toString());
      JsonNode ended = lines.stream().filter(l -> l.path("message").asText().equals("task.ended") && !l.has("_aws"))
          .findFirst().orElseThrow();
      assertEquals("SUCCESS", ended.get("status").asText());
      assertTrue(ended.get("jobMillis").asLong() >= 0 && ended.get("endToEndMillis").asLong() >= ended.get("jobMillis").asLong());
      List<JsonNode> metrics = out.metrics();
      assertTrue(metrics.stream().anyMatch(m -> m.path(Metrics.TASKS_ENDED).asInt() == 1 && m.path("Status").asText().equals("SUCCESS")
          && m.path("Engine").asText().equals("simulator")), metrics.toString());
      assertTrue(metrics.stream().anyMatch(m -> m.has(Metrics.JOB_DURATION) && m.has(Metrics.END_TO_END_DURATION)));
      assertTrue(metrics.stream().anyMatch(m -> m.path("Outcome").asText().equals("delivered")));
      assertNoSecrets(out);
    }
    assertTrue(receiver.received.size() >= 1, "the callback with its token in the URL was delivered");
  }

  @Test
  void aCallbackGivenUpAndAFailedJobAreLoggedAndCounted() {
    receiver.answer = task -> task.get("status").asText().equals("SUCCESS") ? 500 : 200;
    String given = imagine("a boat that nobody hears about");
    String failing = imagine("a cat");
    Task stored = wf.task(failing);
    wf.tasks.update(stored, stored.toBuilder().prompt("a cat --foo 3").promptEn("a cat --foo 3").build());
    try (LogCapture out = new LogCapture()) {
      wf.run(given);
      List<JsonNode> lines = linesOf(out, given);
      assertSixFields(lines, "simulator");
      assertTrue(events(lines).containsAll(Set.of("callback.failed", "callback.gave-up")), events(lines).toString());
      assertTrue(out.metrics().stream().anyMatch(m -> m.path("Outcome").asText().equals("gaveUp")));

      Task failed = wf.run(failing);
      assertEquals(TaskStatus.FAILURE, failed.status());
      List<JsonNode> failLines = linesOf(out, failing);
      assertSixFields(failLines, "simulator");
      JsonNode ended = failLines.stream().filter(l -> l.path("message").asText().equals("task.ended")).findFirst().orElseThrow();
      assertEquals("FAILURE", ended.get("status").asText());
      assertTrue(ended.get("failReason").asText().contains("--foo"), ended.toString());
      assertTrue(out.metrics().stream().anyMatch(m -> m.path("Status").asText().equals("FAILURE") && m.has(Metrics.TASKS_ENDED)));
      assertNoSecrets(out);
    }
  }
}
