package io.mjserverless.core.log;

import io.mjserverless.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per event on standard output, which Lambda sends to CloudWatch Logs as it is. This is
 * where the detail of a failure goes (class, message, stack, task id): the client only ever reads a
 * plain reason.
 */
public final class JsonLog {
  private JsonLog() {}

  public static void info(String event, Map<String, ?> fields) {
    write("INFO", event, fields, null);
  }

  public static void warn(String event, Map<String, ?> fields, Throwable error) {
    write("WARN", event, fields, error);
  }

  public static void error(String event, Map<String, ?> fields, Throwable error) {
    write("ERROR", event, fields, error);
  }

  private static void write(String level, String event, Map<String, ?> fields, Throwable error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level);
    line.put("event", event);
    fields.forEach((k, v) -> {
      if (v != null) {
        line.put(k, v);
      }
    });
    if (error != null) {
      line.put("error", error.getClass().getName());
      line.put("message", error.getMessage());
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      line.put("stack", trace.toString());
    }
    System.out.println(Json.write(line));
  }
}
