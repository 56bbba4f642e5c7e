package io.mjserverless.local.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.template.ScheduleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the template's {@code rate(...)} Schedule events as EventBridge would, with the runtime's time
 * scale (at least a second apart), so `serve` sweeps lost tasks like the deployed stack does.
 */
public final class Schedules implements AutoCloseable {
  static final Duration SHORTEST = Duration.ofSeconds(1);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-schedules");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  public Schedules(LambdaHost lambdas, List<ScheduleEvent> schedules, double timeScale) {
    for (ScheduleEvent schedule : schedules) {
      long millis = Math.max(SHORTEST.toMillis(), Math.round(schedule.every().toMillis() * timeScale));
      runs.put(schedule.functionLogicalId(), new AtomicInteger());
      timer.scheduleAtFixedRate(() -> run(lambdas, schedule), millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** How many times a function has been run on its schedule. */
  public int runs(String functionLogicalId) {
    AtomicInteger n = runs.get(functionLogicalId);
    return n == null ? 0 : n.get();
  }

  private void run(LambdaHost lambdas, ScheduleEvent schedule) {
    ObjectNode event = Json.MAPPER.createObjectNode()
        .put("version", "0")
        .put("detail-type", "Scheduled Event")
        .put("source", "aws.events")
        .put("time", Instant.now().toString());
    event.putArray("resources").add("local:rule/" + schedule.functionLogicalId() + schedule.name());
    event.putObject("detail");
    try {
      lambdas.invoke(schedule.functionLogicalId(), event);
    } catch (RuntimeException | io.mjserverless.local.asl.TaskFailedException e) {
      // As on AWS, a failed scheduled run is logged and the next one comes anyway.
      io.mjserverless.core.log.Log.warn("local.schedule-failed", e, "scheduled", schedule.functionLogicalId());
    } finally {
      runs.get(schedule.functionLogicalId()).incrementAndGet();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
