package io.mjserverless.core.log;

import java.util.Map;
import java.util.Set;

/**
 * One event as one readable line, for people watching the local runtime:
 * {@code 12:00:01.234 INFO  task.dispatched  task=… tenant=… mode=FAST engine=simulator fn=DispatchFunction  jobId=…}.
 * The same fields as the JSON line, minus the stack (its first line stays, as {@code error}).
 */
final class PrettyLine {
  private static final Set<String> HEAD = Set.of("timestamp", "level", "message", "stack", "_aws");
  private static final Map<String, String> SHORT = Map.of(
      LogContext.TASK_ID, "task", LogContext.TENANT, "tenant", LogContext.MODE, "mode",
      LogContext.ENGINE, "engine", LogContext.FUNCTION, "fn", LogContext.REQUEST_ID, "req");

  private PrettyLine() {}

  static String of(Map<String, Object> line) {
    StringBuilder b = new StringBuilder(160);
    String ts = String.valueOf(line.get("timestamp"));
    int t = ts.indexOf('T');
    b.append(t >= 0 && ts.length() > t + 13 ? ts.substring(t + 1, t + 13) : ts).append(' ');
    b.append(String.format("%-5s ", line.getOrDefault("level", "INFO")));
    b.append(line.getOrDefault("message", "")).append(' ');
    for (String key : LogContext.KEYS) {
      Object v = line.get(key);
      if (v != null) {
        b.append(' ').append(SHORT.get(key)).append('=').append(v);
      }
    }
    b.append(' ');
    line.forEach((k, v) -> {
      if (!HEAD.contains(k) && !SHORT.containsKey(k) && v != null) {
        b.append(' ').append(k).append('=').append(v.toString().replace('\n', ' '));
      }
    });
    return b.toString();
  }
}
