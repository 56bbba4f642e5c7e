package io.mjserverless.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.testing.LogCapture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metric lines are valid CloudWatch embedded metric format, and few in dimensions. */
class MetricsTest {
  @AfterEach
  void reset() {
    LogContext.end();
    Metrics.namespace(null);
    Log.threshold(Log.Level.INFO);
  }

  /**
   * What CloudWatch Logs requires to extract metrics: an {@code _aws} object with a millisecond
   * Timestamp and CloudWatchMetrics directives (Namespace, Dimensions as arrays of keys, Metrics with
   * Name and Unit), every dimension key a string member of the root, every metric name a number there.
   * Answers the metric names declared.
   */
  static List<String> assertValidEmf(JsonNode line) {
    JsonNode aws = line.get("_aws");
    assertTrue(aws != null && aws.isObject(), "no _aws block: " + line);
    assertTrue(aws.get("Timestamp").isIntegralNumber(), "Timestamp in epoch millis: " + line);
    assertTrue(Math.abs(aws.get("Timestamp").asLong() - System.currentTimeMillis()) < 60_000);
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertTrue(directives.isArray() && directives.size() >= 1, line.toString());
    List<String> names = new ArrayList<>();
    for (JsonNode d : directives) {
      assertTrue(d.get("Namespace").isTextual() && !d.get("Namespace").asText().isEmpty(), line.toString());
      JsonNode sets = d.get("Dimensions");
      assertTrue(sets.isArray() && sets.size() >= 1, line.toString());
      for (JsonNode set : sets) {
        assertTrue(set.isArray() && set.size() >= 1 && set.size() <= 30, "a dimension set of 1..30 keys: " + line);
        for (JsonNode key : set) {
          assertTrue(line.path(key.asText()).isTextual(), "dimension " + key + " has a string value: " + line);
        }
      }
      assertTrue(d.get("Metrics").size() >= 1, line.toString());
      for (JsonNode m : d.get("Metrics")) {
        String name = m.get("Name").asText();
        assertTrue(line.path(name).isNumber(), "metric " + name + " has a value: " + line);
        assertTrue(Set.of("Count", "Milliseconds").contains(m.get("Unit").asText()), line.toString());
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void everyMetricIsValidEmfInTheConfiguredNamespace() {
    Metrics.namespace("Ops/Mj");
    LogContext.begin("NotifyFunction", "req-1");
    LogContext.task("t1", "acme", "FAST", "simulator");
    try (LogCapture out = new LogCapture()) {
      Metrics.submit("IMAGINE", 1);
      Metrics.taskEnded("SUCCESS", "simulator", "FAST", 30_000L, 31_500L);
      Metrics.taskEnded("FAILURE", "mjproxy", "RELAX", null, 900L);
      Metrics.callback("gaveUp");
      Metrics.engineError("openai", "busy");
      Metrics.sweep(2, 1, 0);
      Metrics.upload("STARTED");
      List<JsonNode> lines = out.metrics();
      assertEquals(out.lines().size(), lines.size(), "every line is a metric line");
      Set<String> declared = new HashSet<>();
      for (JsonNode line : lines) {
        declared.addAll(assertValidEmf(line));
        assertEquals("Ops/Mj", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("t1", line.get("taskId").asText(), "the context rides along as plain properties");
        assertEquals("INFO", line.get("level").asText(), "Lambda keeps it at ApplicationLogLevel INFO");
      }
      assertEquals(Set.of(Metrics.SUBMITS, Metrics.TASKS_ENDED, Metrics.JOB_DURATION, Metrics.END_TO_END_DURATION,
          Metrics.CALLBACKS, Metrics.ENGINE_ERRORS, Metrics.SWEPT_TASKS, Metrics.UPLOADS), declared);
      JsonNode success = lines.get(2);
      assertEquals(30_000, success.get(Metrics.JOB_DURATION).asLong());
      assertEquals(31_500, success.get(Metrics.END_TO_END_DURATION).asLong());
      assertEquals(List.of("Mode"), List.of(success.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()));
      assertFalse(lines.stream().anyMatch(l -> l.has(Metrics.JOB_DURATION) && "FAILURE".equals(l.path("Status").asText())),
          "no duration of a failure");
    }
  }

  @Test
  void noTaskOrTenantIsADimension() {
    // Each distinct set of dimension values is a billed custom metric: ids and tenants would make one per task.
    LogContext.begin("SubmitFunction", "req-2");
    LogContext.task("t2", "acme", "FAST", "simulator");
    try (LogCapture out = new LogCapture()) {
      Metrics.submit("BLEND", 4);
      Metrics.taskEnded("CANCEL", "simulator", "FAST", 1L, 2L);
      for (JsonNode line : out.metrics()) {
        for (JsonNode set : line.at("/_aws/CloudWatchMetrics/0/Dimensions")) {
          for (JsonNode key : set) {
            assertFalse(Set.of("taskId", "tenant", "requestId", "function").contains(key.asText()), line.toString());
          }
        }
      }
    }
  }

  @Test
  void noMetricLineWhenLambdaWouldDropItAnyway() {
    Log.threshold(Log.Level.WARN);
    try (LogCapture out = new LogCapture()) {
      Metrics.callback("delivered");
      assertTrue(out.lines().isEmpty());
    }
  }
}
