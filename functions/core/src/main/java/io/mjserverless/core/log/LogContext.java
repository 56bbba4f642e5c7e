package io.mjserverless.core.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a log line is about: the task (id, tenant, mode, engine) and the invocation (function, request
 * id). A handler opens it once per invocation ({@link #begin}) and closes it when it returns
 * ({@link #end}); the task's fields are filled in where the task is first read or written, so call
 * sites never repeat them. Per thread: the local runtime runs many invocations at once in one JVM,
 * each on its own thread, as Lambda runs one per container.
 */
public final class LogContext {
  /** The six fields every line of a task carries, in the order they are written. */
  public static final String TASK_ID = "taskId";
  public static final String TENANT = "tenant";
  public static final String MODE = "mode";
  public static final String ENGINE = "engine";
  public static final String FUNCTION = "function";
  public static final String REQUEST_ID = "requestId";
  static final String[] KEYS = {TASK_ID, TENANT, MODE, ENGINE, FUNCTION, REQUEST_ID};

  private static final ThreadLocal<Map<String, String>> CURRENT = ThreadLocal.withInitial(LinkedHashMap::new);

  private LogContext() {}

  /** Starts an invocation: forgets what the previous one on this thread knew. */
  public static void begin(String function, String requestId) {
    Map<String, String> fields = CURRENT.get();
    fields.clear();
    put(FUNCTION, function);
    put(REQUEST_ID, requestId);
  }

  /** Ends an invocation; lines written after it carry no task. */
  public static void end() {
    CURRENT.remove();
  }

  /** The task this invocation works on, when only its id is known yet (a step's input). */
  public static void task(String taskId) {
    if (taskId != null && !taskId.equals(get(TASK_ID))) {
      // Another task than before: what was known of the first one no longer applies.
      CURRENT.get().remove(TENANT);
      CURRENT.get().remove(MODE);
      CURRENT.get().remove(ENGINE);
    }
    put(TASK_ID, taskId);
  }

  /**
   * The task as read or written: its tenant, mode and engine. Ignored for another task than the one the
   * invocation is about (a parent task read for an action, a task of a list), so a line is never
   * labelled with the wrong task.
   */
  public static void task(String taskId, String tenant, String mode, String engine) {
    String current = get(TASK_ID);
    if (current != null && !current.equals(taskId)) {
      return;
    }
    put(TASK_ID, taskId);
    put(TENANT, tenant);
    put(MODE, mode);
    put(ENGINE, engine);
  }

  /** Forgets the task (the invocation goes on to another: the next record of an S3 event, the next swept task). */
  public static void clearTask() {
    Map<String, String> fields = CURRENT.get();
    fields.remove(TASK_ID);
    fields.remove(TENANT);
    fields.remove(MODE);
    fields.remove(ENGINE);
  }

  /** The tenant of the caller, before any task exists (a submit that is refused). */
  public static void tenant(String tenant) {
    put(TENANT, tenant);
  }

  public static String get(String key) {
    return CURRENT.get().get(key);
  }

  /** A copy of what is known now. */
  public static Map<String, String> snapshot() {
    return new LinkedHashMap<>(CURRENT.get());
  }

  private static void put(String key, String value) {
    if (value == null) {
      CURRENT.get().remove(key);
    } else {
      CURRENT.get().put(key, value);
    }
  }
}
