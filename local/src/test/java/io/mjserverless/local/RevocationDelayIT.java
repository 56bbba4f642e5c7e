package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a check run by CI: how long a revoked key keeps working on each route of the local
 * stack, where every function has its own key cache as in AWS. Each round uses a new admin key on every
 * route, revokes it through the admin route, then calls every route with it until each answers 401.
 * Prints, per round, the latest start (seconds after the revocation was sent) of a call that was still
 * accepted and the first start of one refused; the two bracket the moment the key stopped working, to
 * the granularity of the polling (one round of five calls). Run with
 * {@code ./mvnw -B -o -pl local -am verify -Dit.test=RevocationDelayIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}.
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class RevocationDelayIT {
  private static final int ROUNDS = 8;

  @Test
  void aRevokedKeyStopsWorkingOnEveryRoute() throws Exception {
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-measure-"),
        "127.0.0.1", 0, 0.1, "measure-admin-key");
    try (LocalRuntime runtime = LocalRuntime.start(options, true)) {
      ApiClient admin = new ApiClient(runtime.baseUrl(), runtime.apiKey());
      HttpClient http = HttpClient.newHttpClient();
      double latestAccepted = 0;
      double latestFirstRefusal = 0;
      int acceptedSubmits = 0;
      for (int round = 0; round < ROUNDS; round++) {
        JsonNode created = admin.post("/mj/admin/api-keys", Map.of("tenant", "revoked-" + round + "-" + System.nanoTime(), "role", "admin")).json();
        ApiClient revoked = new ApiClient(runtime.baseUrl(), created.get("key").asText());
        String taskId = revoked.post("/mj/submit/imagine", Map.of("prompt", "a kite")).json().get("result").asText();
        Map<String, Supplier<ApiClient.Answer>> routes = new LinkedHashMap<>();
        routes.put("submit", () -> revoked.post("/mj/submit/imagine", Map.of("prompt", "a kite")));
        routes.put("action", () -> revoked.post("/mj/submit/action", Map.of("taskId", taskId, "customId", "MJ::JOB::upsample::1::x")));
        routes.put("fetch", () -> revoked.get("/mj/task/" + taskId + "/fetch"));
        routes.put("list", () -> revoked.post("/mj/task/list-by-condition", Map.of("ids", List.of(taskId))));
        routes.put("admin", () -> revoked.get("/mj/admin/api-keys"));
        routes.forEach((name, call) -> assertEquals(200, call.get().status(), name));
        Thread.sleep((round % 6) * 800L); // lands the revocation at different points of the caches' 5 s

        long t0 = System.nanoTime();
        HttpResponse<String> revocation = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/mj/admin/api-keys/"
            + created.get("id").asText())).header("Authorization", "Bearer " + runtime.apiKey()).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, revocation.statusCode(), revocation.body());
        Map<String, Double> lastAccepted = new LinkedHashMap<>();
        Map<String, Double> firstRefused = new LinkedHashMap<>();
        while (firstRefused.size() < routes.size() && seconds(t0) < 60) {
          for (Map.Entry<String, Supplier<ApiClient.Answer>> route : routes.entrySet()) {
            if (firstRefused.containsKey(route.getKey())) {
              continue;
            }
            double started = seconds(t0);
            ApiClient.Answer answer = route.getValue().get();
            if (answer.status() == 401) {
              firstRefused.put(route.getKey(), started);
            } else {
              lastAccepted.put(route.getKey(), started);
              if (route.getKey().equals("submit") && answer.json().get("code").asInt() == 1) {
                acceptedSubmits++;
              }
            }
          }
          Thread.sleep(20);
        }
        assertEquals(routes.keySet(), firstRefused.keySet(), "every route refuses the key in the end");
        StringBuilder line = new StringBuilder("MEASURE round " + round + ":");
        for (String name : routes.keySet()) {
          line.append(String.format(" %s accepted<=%.2fs refused>=%.2fs;", name, lastAccepted.getOrDefault(name, -1.0),
              firstRefused.get(name)));
          latestAccepted = Math.max(latestAccepted, lastAccepted.getOrDefault(name, 0.0));
          latestFirstRefusal = Math.max(latestFirstRefusal, firstRefused.get(name));
        }
        System.out.println(line);
      }
      System.out.printf("MEASURE latest accepted call started %.2f s after the revocation was sent; latest first refusal %.2f s;"
          + " submits accepted after revocations: %d in %d rounds%n", latestAccepted, latestFirstRefusal, acceptedSubmits, ROUNDS);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
