package io.mjserverless.local.bench;

import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.log.LogContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * One fresh JVM, one logger: what its first JSON line with the six context fields costs, from the first
 * touch of the logger to the line written (class loading, initialisation, formatting). Jackson is loaded
 * before the clock starts in every mode, as it is in every function before it logs. Modes:
 * {@code none} (a plain println: the floor), {@code ours} ({@link Log} with {@link LogContext}) and
 * {@code log4j2} (log4j-core with its JsonLayout and ThreadContext for the fields, configured by the file
 * in {@code -Dlog4j2.configurationFile}; reached by reflection, as it is not a dependency of this project).
 * Prints {@code BENCH cpuUs=.. wallUs=.. processCpuMs=..} on standard error.
 */
public final class LoggerColdStartProbe {
  private LoggerColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Json.write(Map.of("warm", 1)); // Jackson is already loaded in every function before the first log line
    long cpu0 = threads.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    switch (mode) {
      case "none" -> System.out.println("{\"message\":\"task.dispatched\"}");
      case "ours" -> {
        LogContext.begin("DispatchFunction", "8f1c7a52-5a3e-4b5e-9d55-3f0c3a6e2b11");
        LogContext.task("1763800000000000777", "acme", "FAST", "simulator");
        Log.info("task.dispatched", "jobId", "job-1", "waitSeconds", 30);
      }
      case "log4j2" -> {
        Class<?> threadContext = Class.forName("org.apache.logging.log4j.ThreadContext");
        var put = threadContext.getMethod("put", String.class, String.class);
        put.invoke(null, "function", "DispatchFunction");
        put.invoke(null, "requestId", "8f1c7a52-5a3e-4b5e-9d55-3f0c3a6e2b11");
        put.invoke(null, "taskId", "1763800000000000777");
        put.invoke(null, "tenant", "acme");
        put.invoke(null, "mode", "FAST");
        put.invoke(null, "engine", "simulator");
        Object logger = Class.forName("org.apache.logging.log4j.LogManager").getMethod("getLogger", String.class)
            .invoke(null, "io.mjserverless.workflow");
        Class.forName("org.apache.logging.log4j.Logger").getMethod("info", String.class)
            .invoke(logger, "task.dispatched jobId=job-1 waitSeconds=30");
      }
      default -> throw new IllegalArgumentException(mode);
    }
    System.out.flush();
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    System.err.println("BENCH cpuUs=" + cpu / 1000 + " wallUs=" + wall / 1000 + " processCpuMs=" + processCpu / 1_000_000);
  }
}
