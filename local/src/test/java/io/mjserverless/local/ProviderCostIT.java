package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.local.asl.ExecutionInfo;
import io.mjserverless.local.asl.HistoryEvent;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a check run by CI: one FAST imagine at real time against a fake provider whose job
 * takes {@code mj.measure.jobSeconds} (default 45) after {@code mj.measure.queuedSeconds} (default 3)
 * in its queue; prints what docs/cost.md prices. Run with
 * {@code ./mvnw -B -o -pl local -am verify -Dit.test=ProviderCostIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}.
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class ProviderCostIT {
  @Test
  void oneProviderImagineAtRealTime() throws Exception {
    long jobMillis = Long.getLong("mj.measure.jobSeconds", 45) * 1000;
    long queuedMillis = Long.getLong("mj.measure.queuedSeconds", 3) * 1000;
    try (FakeMjProxy provider = FakeMjProxy.start().secret("sk-measure").jobMillis(jobMillis).queuedMillis(queuedMillis)) {
      RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-measure-"),
          "127.0.0.1", 0, 1.0, "measure-admin-key")
          .withParameters(Map.of("FastEngine", "mjproxy", "FastProviderUrl", provider.baseUrl()))
          .withExtraEnvironment(Map.of("FAST_MJPROXY_KEY", "sk-measure"));
      try (LocalRuntime runtime = LocalRuntime.start(options, true)) {
        ApiClient client = new ApiClient(runtime.baseUrl(), runtime.apiKey());
        long start = System.nanoTime();
        String id = client.post("/mj/submit/imagine", Map.of("prompt", "a quiet harbour at night --ar 3:2")).json()
            .get("result").asText();
        JsonNode task = client.awaitFinal(id, Duration.ofMinutes(5), t -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("SUCCESS", task.get("status").asText(), task.toString());
        ExecutionInfo execution = runtime.executors().get("TaskStateMachine").await(id, Duration.ofMinutes(1));
        Map<String, Long> entered = execution.enteredStates().stream()
            .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        int invocations = execution.events(HistoryEvent.Type.TASK_STARTED).size();
        Map<String, Long> calls = provider.requests().stream()
            .collect(Collectors.groupingBy(r -> r.path().replaceAll("/\\d+/", "/{id}/").replaceAll("/images/.*", "/images/*"),
                TreeMap::new, Collectors.counting()));
        System.out.printf("MEASURE provider job %d s (+%d s queued): submit to SUCCESS %.1f s%n", jobMillis / 1000,
            queuedMillis / 1000, seconds);
        System.out.printf("MEASURE state transitions %d %s%n", execution.enteredStates().size(), entered);
        System.out.printf("MEASURE workflow Lambda invocations %d%n", invocations);
        System.out.printf("MEASURE provider requests %d %s%n", provider.requests().size(), calls);
        assertTrue(execution.enteredStates().size() >= 5);
      }
    }
  }
}
