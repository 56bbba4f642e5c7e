package io.mjserverless.core.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics as CloudWatch embedded metric format (EMF) lines on standard output: CloudWatch Logs turns
 * each into metric values, with no API call and no library (a JSON line costs what a log line costs).
 * Each line carries the {@code _aws} block (timestamp, namespace, dimension sets, metric names and
 * units), the dimension values and the metric values at the top level, and the {@link LogContext}
 * fields as plain properties (searchable, but not dimensions: they would make a metric per task).
 *
 * <p>Dimensions are few on purpose: every distinct combination of dimension values is one custom
 * metric, billed per month (docs/observability.md counts them). The metric names here are the ones the
 * template's alarms and dashboard read; renaming one breaks them.
 */
public final class Metrics {
  /** Namespace unless METRICS_NAMESPACE says otherwise (the template passes its MetricsNamespace parameter). */
  public static final String DEFAULT_NAMESPACE = "MjServerless";

  public static final String SUBMITS = "Submits";
  public static final String TASKS_ENDED = "TasksEnded";
  public static final String JOB_DURATION = "JobDuration";
  public static final String END_TO_END_DURATION = "EndToEndDuration";
  public static final String CALLBACKS = "Callbacks";
  public static final String ENGINE_ERRORS = "EngineErrors";
  public static final String SWEPT_TASKS = "SweptTasks";
  public static final String UPLOADS = "Uploads";

  private static volatile String namespace = namespaceFromEnvironment();

  private Metrics() {}

  public static String namespace() {
    return namespace;
  }

  /** For the local runtime and tests; Lambda takes it from the environment. */
  public static void namespace(String value) {
    namespace = value == null || value.isBlank() ? DEFAULT_NAMESPACE : value;
  }

  /** One answer of a submit-like route: {@code route} is the operation, {@code code} the envelope code. */
  public static void submit(String route, int code) {
    emit(List.of(List.of("Route"), List.of("Code")), Map.of("Route", route, "Code", String.valueOf(code)),
        List.of(new Value(SUBMITS, 1, "Count")));
  }

  /**
   * A task reached SUCCESS, FAILURE or CANCEL: counted by status (and by status, engine and mode). A
   * SUCCESS also records the job's run time (start to finish) and the client's wait (submit to finish)
   * by mode: the durations of failures would only blur them.
   */
  public static void taskEnded(String status, String engine, String mode, Long jobMillis, Long endToEndMillis) {
    Map<String, String> dims = new LinkedHashMap<>();
    dims.put("Status", status);
    dims.put("Engine", engine == null ? "unknown" : engine);
    dims.put("Mode", mode == null ? "unknown" : mode);
    emit(List.of(List.of("Status"), List.of("Status", "Engine", "Mode")), dims, List.of(new Value(TASKS_ENDED, 1, "Count")));
    if ("SUCCESS".equals(status) && (jobMillis != null || endToEndMillis != null)) {
      List<Value> durations = new ArrayList<>();
      if (jobMillis != null) {
        durations.add(new Value(JOB_DURATION, jobMillis, "Milliseconds"));
      }
      if (endToEndMillis != null) {
        durations.add(new Value(END_TO_END_DURATION, endToEndMillis, "Milliseconds"));
      }
      emit(List.of(List.of("Mode")), Map.of("Mode", dims.get("Mode")), durations);
    }
  }

  /** A final callback attempt: {@code delivered}, {@code failed} (will be retried) or {@code gaveUp}. */
  public static void callback(String outcome) {
    emit(List.of(List.of("Outcome")), Map.of("Outcome", outcome), List.of(new Value(CALLBACKS, 1, "Count")));
  }

  /** An engine or its provider could not answer (busy, 5xx, timeout) or refused a job. */
  public static void engineError(String engine, String kind) {
    emit(List.of(List.of("Engine")), Map.of("Engine", engine == null ? "unknown" : engine),
        List.of(new Value(ENGINE_ERRORS, 1, "Count")), "kind", kind);
  }

  /** One sweep: tasks it started ending, tasks left to their live workflow, tasks it could not judge. */
  public static void sweep(int ended, int stillRunning, int errors) {
    emit(List.of(List.of("Finding")), Map.of("Finding", "ended"), List.of(new Value(SWEPT_TASKS, ended, "Count")));
    emit(List.of(List.of("Finding")), Map.of("Finding", "stillRunning"), List.of(new Value(SWEPT_TASKS, stillRunning, "Count")));
    emit(List.of(List.of("Finding")), Map.of("Finding", "error"), List.of(new Value(SWEPT_TASKS, errors, "Count")));
  }

  /** An object under uploads/: its outcome (STARTED, WAITING, REJECTED, DELETED, IGNORED). */
  public static void upload(String outcome) {
    emit(List.of(List.of("Outcome")), Map.of("Outcome", outcome), List.of(new Value(UPLOADS, 1, "Count")));
  }

  /** One metric value and its CloudWatch unit. */
  public record Value(String name, double value, String unit) {}

  /**
   * Writes one EMF line.
   *
   * @param dimensionSets the dimension key sets a value is recorded under (each set is one metric)
   * @param dimensions the value of every key named in {@code dimensionSets}
   * @param extra name, value... plain properties (not dimensions)
   */
  public static void emit(List<List<String>> dimensionSets, Map<String, String> dimensions, List<Value> values,
      Object... extra) {
    if (!Log.enabled(Log.Level.INFO)) {
      return; // Lambda would drop the line anyway (it has no level above INFO)
    }
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", dimensionSets);
    List<Map<String, String>> names = new ArrayList<>();
    for (Value v : values) {
      names.add(Map.of("Name", v.name(), "Unit", v.unit()));
    }
    directive.put("Metrics", names);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", System.currentTimeMillis());
    aws.put("CloudWatchMetrics", List.of(directive));

    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", aws);
    line.put("timestamp", java.time.Instant.now().toString());
    line.put("level", "INFO");
    line.put("message", "metric");
    Map<String, String> context = LogContext.snapshot();
    for (String key : LogContext.KEYS) {
      line.put(key, context.get(key));
    }
    dimensions.forEach(line::put);
    for (Value v : values) {
      line.put(v.name(), v.value() == Math.rint(v.value()) ? (Object) (long) v.value() : (Object) v.value());
    }
    for (int i = 0; i + 1 < extra.length; i += 2) {
      if (extra[i + 1] != null) {
        line.put(String.valueOf(extra[i]), Log.cleaned(extra[i + 1]));
      }
    }
    Log.emit(line);
  }

  private static String namespaceFromEnvironment() {
    String value = System.getenv("METRICS_NAMESPACE");
    return value == null || value.isBlank() ? DEFAULT_NAMESPACE : value;
  }
}
