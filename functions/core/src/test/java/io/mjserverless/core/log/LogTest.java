package io.mjserverless.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.testing.LogCapture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTest {
  /** Credentials of every kind we know, as they could reach a log line through a message or a field. */
  static final String API_KEY = "mj_abcdefghijklmnop_S3cretPartOfTheKeyThatMustNotLeak";
  static final String PROVIDER_KEY = "sk-proj-ProviderKeyThatMustNotLeak123";
  static final String BEARER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.tokenThatMustNotLeak";
  static final String SIGNATURE = "0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String HOOK_SECRET = "hookSecretThatMustNotLeak42";

  @AfterEach
  void reset() {
    LogContext.end();
    Log.format(Log.Format.JSON);
    Log.threshold(Log.Level.INFO);
  }

  @Test
  void aLineCarriesLevelTimestampEventAndTheSixContextFields() {
    LogContext.begin("PollFunction", "req-1");
    LogContext.task("t1", "acme", "FAST", "simulator");
    try (LogCapture out = new LogCapture()) {
      Log.info("task.dispatched", "jobId", "j-9", "waitSeconds", 5, "nothing", null);
      JsonNode line = out.json().get(0);
      assertEquals(1, out.lines().size(), "one line per event");
      assertEquals("INFO", line.get("level").asText());
      assertEquals("task.dispatched", line.get("message").asText());
      Instant.parse(line.get("timestamp").asText()); // RFC 3339, as Lambda's JSON format reads it
      assertEquals("t1", line.get("taskId").asText());
      assertEquals("acme", line.get("tenant").asText());
      assertEquals("FAST", line.get("mode").asText());
      assertEquals("simulator", line.get("engine").asText());
      assertEquals("PollFunction", line.get("function").asText());
      assertEquals("req-1", line.get("requestId").asText());
      assertEquals("j-9", line.get("jobId").asText());
      assertEquals(5, line.get("waitSeconds").asInt());
      assertFalse(line.has("nothing"), "a null field is left out");
    }
  }

  @Test
  void theContextIsPerInvocationAndAnotherTasksFieldsNeverMix() {
    LogContext.begin("StoreResultFunction", "req-2");
    LogContext.task("child");
    LogContext.task("parent", "acme", "RELAX", "mjproxy"); // a parent read by the step: not this line's task
    assertEquals("child", LogContext.get(LogContext.TASK_ID));
    assertEquals(null, LogContext.get(LogContext.TENANT));
    LogContext.task("child", "acme", "FAST", "simulator");
    assertEquals("FAST", LogContext.get(LogContext.MODE));
    LogContext.end();
    try (LogCapture out = new LogCapture()) {
      Log.info("after");
      assertTrue(out.json().get(0).get("taskId").isNull(), "nothing is left over for the next invocation");
    }
  }

  @Test
  void errorsGoToTheLogWithClassMessageAndStack() {
    try (LogCapture out = new LogCapture()) {
      Log.error("step.internal-error", new IllegalStateException("width*height too large"));
      JsonNode line = out.json().get(0);
      assertEquals("ERROR", line.get("level").asText());
      assertEquals("java.lang.IllegalStateException", line.get("error").asText());
      assertEquals("width*height too large", line.get("errorMessage").asText());
      assertTrue(line.get("stack").asText().contains("LogTest"));
    }
  }

  @Test
  void noCredentialOrImageBytesReachALine() {
    LogContext.begin("SubmitFunction", "req-3");
    try (LogCapture out = new LogCapture()) {
      Log.warn("provider.refused", new RuntimeException("401 from https://api.example.com: Authorization: Bearer " + BEARER_TOKEN
              + " key " + PROVIDER_KEY + " mj-api-secret: " + API_KEY),
          "reason", "rejected key " + API_KEY + " with X-Mj-Signature t=1700000000,v1=" + SIGNATURE,
          "url", "https://hooks.example.com/cb?token=" + HOOK_SECRET + "&x=1",
          "secret", HOOK_SECRET,
          "apiKey", "anything at all",
          "headers", Map.of("Authorization", "Bearer " + BEARER_TOKEN, "Accept", "application/json"),
          "inputs", List.of("data:image/png;base64," + "iVBORw0KGgo".repeat(40)));
      String text = out.text();
      for (String leak : List.of("S3cretPartOfTheKeyThatMustNotLeak", PROVIDER_KEY, BEARER_TOKEN, SIGNATURE, HOOK_SECRET,
          "anything at all", "iVBORw0KGgo")) {
        assertFalse(text.contains(leak), leak + " leaked into " + text);
      }
      assertTrue(text.contains("mj_abcdefghijklmnop_[redacted]"), "the key id stays, to say which key: " + text);
      assertTrue(text.contains("[image data]"), text);
      assertTrue(text.contains("application/json"), "what is not a credential stays: " + text);
    }
  }

  @Test
  void aVeryLongValueIsCut() {
    try (LogCapture out = new LogCapture()) {
      Log.info("x", "reason", "a-b ".repeat(2000));
      assertTrue(out.json().get(0).get("reason").asText().length() < Redaction.MAX_VALUE_CHARS + 40);
    }
  }

  @Test
  void linesBelowTheThresholdAreNotWritten() {
    try (LogCapture out = new LogCapture()) {
      Log.debug("job.polled", "progress", "40%");
      assertTrue(out.lines().isEmpty(), "DEBUG is off at INFO");
      Log.threshold(Log.Level.DEBUG);
      Log.debug("job.polled", "progress", "40%");
      assertEquals("DEBUG", out.json().get(0).get("level").asText());
    }
  }

  @Test
  void primingIsMutedButItsWarningsAreNot() {
    try (LogCapture out = new LogCapture()) {
      Log.muted(() -> {
        Log.info("api.refused", "status", 401);
        Metrics.submit("IMAGINE", 1);
        Log.warn("snapstart.priming-failed", null);
      });
      Log.info("after");
      assertEquals(List.of("snapstart.priming-failed", "after"),
          out.json().stream().map(l -> l.get("message").asText()).toList());
    }
  }

  @Test
  void prettyIsOneReadableLinePerEventWithTheKeyFields() {
    LogContext.begin("DispatchFunction", "req-4");
    LogContext.task("t7", "acme", "TURBO", "simulator");
    Log.format(Log.Format.PRETTY);
    try (LogCapture out = new LogCapture()) {
      Log.warn("engine.busy", new IllegalStateException("queue full\nsecond line"), "waitSeconds", 8);
      List<String> lines = out.lines();
      assertEquals(1, lines.size(), "one line, stack and all: " + lines);
      String line = lines.get(0);
      assertThrows(IllegalArgumentException.class, () -> io.mjserverless.core.json.Json.tree(line), "not JSON");
      assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  engine\\.busy .*"), line);
      for (String part : List.of("task=t7", "tenant=acme", "mode=TURBO", "engine=simulator", "fn=DispatchFunction",
          "req=req-4", "waitSeconds=8", "error=java.lang.IllegalStateException", "errorMessage=queue full second line")) {
        assertTrue(line.contains(part), part + " missing in " + line);
      }
    }
  }
}
