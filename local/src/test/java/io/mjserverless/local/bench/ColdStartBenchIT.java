package io.mjserverless.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cold-start bench, run on request only (never in CI):
 * {@code ./mvnw -B -o -pl local -am verify -Dit.test=ColdStartBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}
 * ({@code -Dmj.measure.pairs=10} pairs per function). It starts the local stack (DynamoDB Local, the
 * Step Functions endpoint) in this JVM and runs {@link ColdStartProbe} in fresh JVMs against it: our
 * submit and fetch functions, each paired with a bare handler making the same SDK calls, then our
 * functions primed as before a SnapStart snapshot. Prints medians and ratios; asserts nothing about speed.
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class ColdStartBenchIT {
  /** What the Lambda java21 runtime starts a JVM with, as far as start-up cost goes. */
  private static final List<String> LAMBDA_LIKE_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC", "-Xmx1g");

  @Test
  void coldStarts() throws Exception {
    int pairs = Integer.getInteger("mj.measure.pairs", 10);
    // A slow simulator clock: the executions the children start sit in a Wait instead of using CPU beside them.
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-coldstart-"),
        "127.0.0.1", 0, 100.0, "bench-admin-key");
    try (LocalRuntime runtime = LocalRuntime.start(options, false)) {
      Map<String, String> submitEnv = childEnvironment(runtime, "SubmitFunction");
      Map<String, String> fetchEnv = childEnvironment(runtime, "TaskFunction");
      String taskId = submitOne(runtime);
      run(List.of("ours", "submit"), submitEnv); // warm the disk cache before measuring
      List<String> lines = new ArrayList<>();
      for (String function : List.of("submit", "fetch")) {
        Map<String, String> env = function.equals("submit") ? submitEnv : fetchEnv;
        List<Map<String, Long>> ours = new ArrayList<>();
        List<Map<String, Long>> bare = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
          // Alternate who goes first, so drift on a shared machine does not favour one side.
          if (i % 2 == 0) {
            ours.add(run(List.of("ours", function, taskId), env));
            bare.add(run(List.of("bare", function, taskId), env));
          } else {
            bare.add(run(List.of("bare", function, taskId), env));
            ours.add(run(List.of("ours", function, taskId), env));
          }
        }
        lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f× | %d | %d | %.2f× | %d | %d |", function, pairs,
            median(ours, "cpuMs"), median(bare, "cpuMs"), (double) median(ours, "cpuMs") / median(bare, "cpuMs"),
            median(ours, "wallMs"), median(bare, "wallMs"), (double) median(ours, "wallMs") / median(bare, "wallMs"),
            median(ours, "constructMs"), median(ours, "firstMs")));
      }
      List<String> primed = new ArrayList<>();
      for (String function : List.of("submit", "fetch")) {
        Map<String, String> env = function.equals("submit") ? submitEnv : fetchEnv;
        List<Map<String, Long>> runs = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
          runs.add(run(List.of("primed", function, taskId), env));
        }
        primed.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f× |", function, pairs,
            median(runs, "constructMs"), median(runs, "primeMs"), median(runs, "firstMs"), median(runs, "warmMs"),
            (double) median(runs, "firstMs") / Math.max(1, median(runs, "warmMs"))));
      }
      System.out.println("MEASURE cold start, fresh JVM per run (" + String.join(" ", LAMBDA_LIKE_FLAGS) + "), medians:");
      System.out.println("MEASURE | function | pairs | ours CPU ms | bare CPU ms | CPU ratio | ours wall ms | bare wall ms | wall ratio"
          + " | ours construct ms | ours first request ms |");
      lines.forEach(l -> System.out.println("MEASURE " + l));
      System.out.println("MEASURE primed as before a SnapStart snapshot, then timed:");
      System.out.println("MEASURE | function | runs | construct ms | prime ms | first request ms | warm request ms | first/warm |");
      primed.forEach(l -> System.out.println("MEASURE " + l));
    }
  }

  private static Map<String, String> childEnvironment(LocalRuntime runtime, String function) {
    Map<String, String> env = new HashMap<>(runtime.lambdas().environment(function));
    env.put("BENCH_API_KEY", runtime.apiKey());
    return env;
  }

  private static String submitOne(LocalRuntime runtime) {
    APIGatewayV2HTTPResponse response = runtime.lambdas().invokeHttp("SubmitFunction", APIGatewayV2HTTPEvent.builder()
        .withRawPath("/mj/submit/imagine")
        .withHeaders(Map.of("content-type", "application/json", "mj-api-secret", runtime.apiKey()))
        .withBody("{\"prompt\":\"a lighthouse to fetch\"}").withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build())
        .build());
    assertEquals(200, response.getStatusCode(), response.getBody());
    return Json.tree(response.getBody()).get("result").asText();
  }

  /** One fresh JVM; its BENCH line as numbers. */
  private static Map<String, Long> run(List<String> args, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAMBDA_LIKE_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ColdStartProbe.class.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear(); // only the function's environment, as in Lambda
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("probe " + args + " failed:\n" + out);
    }
    String line = out.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("probe " + args + " printed no BENCH line:\n" + out));
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (String field : line.substring(6).split(" ")) {
      String[] kv = field.split("=", 2);
      if (kv[1].matches("-?\\d+")) {
        numbers.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return numbers;
  }

  private static long median(List<Map<String, Long>> runs, String field) {
    List<Long> values = runs.stream().map(r -> r.get(field)).sorted().toList();
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
