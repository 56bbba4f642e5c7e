package io.mjserverless.core.log;

import io.mjserverless.core.json.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one logger: one JSON object per line on standard output, which Lambda (LogFormat JSON) sends to
 * CloudWatch Logs as it is and filters by its {@code level} (ApplicationLogLevel). Every line has
 * {@code timestamp} (RFC 3339), {@code level}, {@code message} (the event's name, e.g.
 * {@code task.dispatched}), the six fields of {@link LogContext} (null when not known) and the event's
 * own fields. Failures add {@code error} (class), {@code errorMessage} and {@code stack}: the detail a
 * client never sees. Credentials and image bytes are removed by {@link Redaction} before anything is
 * written. The local runtime can print the same events as one readable line each ({@link Format#PRETTY}).
 */
public final class Log {
  public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

  public enum Format { JSON, PRETTY }

  /** A stack keeps its causes; beyond this it is cut (a line in CloudWatch Logs may hold 256 KB, but costs per byte). */
  static final int STACK_CHARS = 8000;

  private static volatile Level threshold = LogSettings.level();
  private static volatile Format format = LogSettings.format();

  private Log() {}

  /** Lines below this level are not built at all (Lambda would drop them anyway). */
  public static void threshold(Level level) {
    threshold = level;
  }

  public static Level threshold() {
    return threshold;
  }

  /** JSON (what Lambda expects) or one readable line per event (the local runtime's {@code --log pretty}). */
  public static void format(Format f) {
    format = f;
  }

  public static Format format() {
    return format;
  }

  /**
   * Runs {@code work} with only warnings and errors written (and no metric lines): for SnapStart priming,
   * whose practice requests are not traffic. Single-threaded use only (priming runs before any request).
   */
  public static void muted(Runnable work) {
    Level before = threshold;
    threshold = Level.WARN;
    try {
      work.run();
    } finally {
      threshold = before;
    }
  }

  public static boolean enabled(Level level) {
    return level.ordinal() >= threshold.ordinal();
  }

  /** @param fields name, value, name, value... (a null value is left out) */
  public static void debug(String event, Object... fields) {
    write(Level.DEBUG, event, null, fields);
  }

  public static void info(String event, Object... fields) {
    write(Level.INFO, event, null, fields);
  }

  public static void warn(String event, Throwable error, Object... fields) {
    write(Level.WARN, event, error, fields);
  }

  public static void error(String event, Throwable error, Object... fields) {
    write(Level.ERROR, event, error, fields);
  }

  private static void write(Level level, String event, Throwable error, Object[] fields) {
    if (!enabled(level)) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level.name());
    line.put("message", event);
    Map<String, String> context = LogContext.snapshot();
    for (String key : LogContext.KEYS) {
      line.put(key, context.get(key));
    }
    for (int i = 0; i + 1 < fields.length; i += 2) {
      String name = String.valueOf(fields[i]);
      Object value = fields[i + 1];
      if (value != null) {
        line.put(name, Redaction.sensitiveName(name) ? Redaction.REDACTED : cleaned(value));
      }
    }
    if (error != null) {
      line.put("error", error.getClass().getName());
      line.put("errorMessage", Redaction.clean(error.getMessage()));
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      line.put("stack", Redaction.clean(trace.toString(), STACK_CHARS));
    }
    emit(line);
  }

  /** Strings and nested values pass through {@link Redaction}; numbers and booleans as they are. */
  static Object cleaned(Object value) {
    if (value instanceof String s) {
      return Redaction.clean(s);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k),
          Redaction.sensitiveName(String.valueOf(k)) ? Redaction.REDACTED : v == null ? null : cleaned(v)));
      return copy;
    }
    if (value instanceof Iterable<?> items) {
      java.util.List<Object> copy = new java.util.ArrayList<>();
      items.forEach(v -> copy.add(v == null ? null : cleaned(v)));
      return copy;
    }
    return Redaction.clean(String.valueOf(value));
  }

  /** One finished line (a log event or a metric) to standard output, in the chosen format. */
  static void emit(Map<String, Object> line) {
    String text = format == Format.PRETTY ? PrettyLine.of(line) : Json.write(line);
    PrintStream out = System.out; // looked up each time: tests capture it
    out.println(text);
  }

  /** Reads the level and format once per JVM; before any Config exists, so a failing Config can be logged. */
  static final class LogSettings {
    private LogSettings() {}

    /** Lambda sets AWS_LAMBDA_LOG_LEVEL from ApplicationLogLevel; LOG_LEVEL for anywhere else. */
    static Level level() {
      String value = firstSet(System.getenv("AWS_LAMBDA_LOG_LEVEL"), System.getenv("LOG_LEVEL"), System.getProperty("mj.log.level"));
      if (value == null) {
        return Level.INFO;
      }
      return switch (value.trim().toUpperCase(Locale.ROOT)) {
        case "TRACE" -> Level.TRACE;
        case "DEBUG" -> Level.DEBUG;
        case "WARN" -> Level.WARN;
        case "ERROR", "FATAL" -> Level.ERROR;
        default -> Level.INFO;
      };
    }

    static Format format() {
      String value = firstSet(System.getProperty("mj.log.format"), System.getenv("LOG_FORMAT"));
      return value != null && value.trim().equalsIgnoreCase("pretty") ? Format.PRETTY : Format.JSON;
    }

    private static String firstSet(String... values) {
      for (String v : values) {
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
      return null;
    }
  }
}
