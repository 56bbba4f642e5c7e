package io.mjserverless.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures what the logger writes to standard output while it is open; every line is kept as text,
 * and as JSON when it is JSON. Close it to put the real standard output back.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.out;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  public LogCapture() {
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  public String text() {
    System.out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Every captured line, in order. */
  public List<String> lines() {
    return text().lines().filter(l -> !l.isBlank()).toList();
  }

  /** The lines that are JSON objects, parsed (a line that is not JSON fails the test that asks). */
  public List<JsonNode> json() {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines()) {
      out.add(Json.tree(line));
    }
    return out;
  }

  /** The log events (not the metric lines) named {@code message}. */
  public List<JsonNode> events(String message) {
    return json().stream().filter(n -> message.equals(n.path("message").asText()) && !n.has("_aws")).toList();
  }

  /** The EMF lines. */
  public List<JsonNode> metrics() {
    return json().stream().filter(n -> n.has("_aws")).toList();
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
