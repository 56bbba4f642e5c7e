package io.mjserverless.local.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Helpers shared by the executor tests. */
final class Asl {
  private Asl() {}

  /** JSON written with single quotes for readability (no single quotes inside values). */
  static JsonNode json(String text) {
    return Json.tree(text.replace('\'', '"'));
  }

  /** A one-state-after-another machine: {"StartAt": first, "States": {...}} from single-quoted JSON of the states. */
  static JsonNode machine(String startAt, String statesJson) {
    return json("{'StartAt': '" + startAt + "', 'States': " + statesJson + "}");
  }

  static AslExecutor executor(JsonNode definition, TaskInvoker invoker) {
    return new AslExecutor(definition, invoker, null, 0, Clock.systemUTC());
  }

  static AslExecutor executor(JsonNode definition, TaskInvoker invoker, Path dir, double timeScale) {
    return new AslExecutor(definition, invoker, dir, timeScale, Clock.systemUTC());
  }

  static final TaskInvoker ECHO = (resource, input) -> input;

  static final TaskInvoker NO_TASKS = (resource, input) -> {
    throw new AssertionError("no task expected, got " + resource);
  };

  /** Runs one execution to its end (2 s at most) and returns it. */
  static ExecutionInfo run(JsonNode definition, TaskInvoker invoker, JsonNode input) {
    try (AslExecutor executor = executor(definition, invoker)) {
      executor.start("run", input);
      return executor.await("run", Duration.ofSeconds(2));
    }
  }

  static JsonNode output(JsonNode definition, JsonNode input) {
    ExecutionInfo info = run(definition, ECHO, input);
    assertEquals(ExecutionStatus.SUCCEEDED, info.status(), () -> info.error() + ": " + info.cause());
    return info.output();
  }

  /** A thread-safe record of task calls. */
  static final class Calls {
    final List<String> resources = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> inputs = Collections.synchronizedList(new ArrayList<>());

    void add(String resource, JsonNode input) {
      synchronized (this) {
        resources.add(resource);
        inputs.add(input);
      }
    }
  }
}
