package io.mjserverless.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The old entry point, kept so that code written against it still compiles: each call is one line of
 * {@link Log}, with the context fields and redaction. New code calls {@link Log} directly.
 */
@Deprecated
public final class JsonLog {
  private JsonLog() {}

  public static void info(String event, Map<String, ?> fields) {
    Log.info(event, pairs(fields));
  }

  public static void warn(String event, Map<String, ?> fields, Throwable error) {
    Log.warn(event, error, pairs(fields));
  }

  public static void error(String event, Map<String, ?> fields, Throwable error) {
    Log.error(event, error, pairs(fields));
  }

  private static Object[] pairs(Map<String, ?> fields) {
    List<Object> list = new ArrayList<>();
    fields.forEach((k, v) -> {
      list.add(k);
      list.add(v);
    });
    return list.toArray();
  }
}
