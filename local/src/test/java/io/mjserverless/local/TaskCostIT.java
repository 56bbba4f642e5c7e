package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.local.asl.AslExecutor;
import io.mjserverless.local.asl.ExecutionInfo;
import io.mjserverless.local.runtime.InvocationMeter;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import io.mjserverless.local.template.FunctionDef;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a check run by CI: what one FAST imagine costs, run through the whole local stack
 * at real time (time scale 1), per engine. After one task to warm the functions up, it runs
 * {@code mj.measure.tasks} tasks (default 1) and prints per task: state transitions, workflow Lambda
 * invocations and GB-seconds (each invocation's running time on this machine times its MemorySize in
 * template.yaml), DynamoDB reads and writes, S3 requests, requests to the provider, and the list-price
 * cost of each. docs/cost.md is made from its output. Run with
 * {@code ./mvnw -B -o -pl local -am verify -Dit.test=TaskCostIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}
 * (add {@code -Dmj.measure.scenarios=simulator} for one engine).
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class TaskCostIT {
  // us-east-1 list prices (see ../shared/reference/serverless-anchors.md §3.4-3.5)
  private static final double TRANSITION = 0.025 / 1000;
  private static final double LAMBDA_REQUEST = 0.20 / 1e6;
  private static final double ARM_GB_SECOND = 0.0000133334;
  private static final double WRITE_REQUEST_UNIT = 0.625 / 1e6;
  private static final double READ_REQUEST_UNIT = 0.125 / 1e6;
  private static final double S3_PUT = 0.005 / 1000;
  private static final double S3_GET = 0.0004 / 1000;
  /** A task item is 1-2 KB: two write units per write; reads are consistent (one unit up to 4 KB). */
  private static final int WRITE_UNITS_PER_WRITE = 2;
  private static final String PROMPT = "a quiet harbour at night --ar 3:2";

  private final List<String> scenarios = List.of(System.getProperty("mj.measure.scenarios",
      "simulator,simulator-with-hook,mjproxy-callbacks,mjproxy-silent,mjproxy-polled,callback-latency").split(","));
  private final int tasks = Integer.getInteger("mj.measure.tasks", 1);

  @Test
  void costPerTaskByEngine() throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      JsonNode task = io.mjserverless.core.json.Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
      if (task.path("status").asText().equals("SUCCESS")) {
        finalCallbacks.put(task.path("id").asText(), System.currentTimeMillis());
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try {
      for (String scenario : scenarios) {
        switch (scenario.trim()) {
          // A polling client (no notifyHook): one exact wait. With a hook: a poll round per progress step.
          case "simulator" -> measure("simulator (FAST, a 30 s job, no notifyHook)", Map.of(), Map.of(), null, null);
          case "simulator-with-hook" -> measure("simulator (FAST, a 30 s job, with a notifyHook)", Map.of(), Map.of(), null, hook);
          case "mjproxy-callbacks", "mjproxy-silent", "mjproxy-polled" -> {
            long jobMillis = Long.getLong("mj.measure.jobSeconds", 45) * 1000;
            long queuedMillis = Long.getLong("mj.measure.queuedSeconds", 3) * 1000;
            boolean polled = scenario.trim().equals("mjproxy-polled");
            try (FakeMjProxy provider = FakeMjProxy.start().secret("sk-measure").jobMillis(jobMillis).queuedMillis(queuedMillis)
                .silentHooks(scenario.trim().equals("mjproxy-silent"))) {
              Map<String, String> environment = new java.util.HashMap<>(Map.of("FAST_MJPROXY_KEY", "sk-measure"));
              if (polled) {
                environment.put("PROVIDER_HOOK_BASE_URL", ""); // no notifyHook: the provider is only polled
              }
              String how = switch (scenario.trim()) {
                case "mjproxy-callbacks" -> "calling back";
                case "mjproxy-silent" -> "whose callbacks never arrive";
                default -> "polled, no notifyHook";
              };
              measure("mjproxy " + how + " (FAST, a " + jobMillis / 1000 + " s job after " + queuedMillis / 1000 + " s queued)",
                  Map.of("FastEngine", "mjproxy", "FastProviderUrl", provider.baseUrl()), environment, provider, hook);
            }
          }
          case "callback-latency" -> latency(hook);
          default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
      }
    } finally {
      receiver.stop(0);
    }
  }

  /** When our SUCCESS callback for each task arrived at the receiver (wall clock, ms). */
  private final Map<String, Long> finalCallbacks = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Completion latency with a provider that calls back: from the provider's final callback (the post
   * to our hook) to our client's SUCCESS callback, which goes out once the images are in our bucket and
   * the task is SUCCESS. {@code mj.measure.latencyTasks} tasks (default 20) of a 3 s job, one after another.
   */
  private void latency(String hook) throws Exception {
    int count = Integer.getInteger("mj.measure.latencyTasks", 20);
    try (FakeMjProxy provider = FakeMjProxy.start().secret("sk-measure").jobMillis(3000).queuedMillis(0)) {
      RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-measure-"),
          "127.0.0.1", 0, 1.0, "measure-admin-key")
          .withParameters(Map.of("FastEngine", "mjproxy", "FastProviderUrl", provider.baseUrl()))
          .withExtraEnvironment(Map.of("FAST_MJPROXY_KEY", "sk-measure"));
      try (LocalRuntime runtime = LocalRuntime.start(options, true)) {
        ApiClient client = new ApiClient(runtime.baseUrl(), runtime.apiKey());
        AslExecutor executor = runtime.executors().get("TaskStateMachine");
        runOne(client, executor, hook); // warm-up
        List<Long> millis = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
          String id = client.post("/mj/submit/imagine", Map.of("prompt", PROMPT, "notifyHook", hook)).json().get("result").asText();
          executor.await(id, Duration.ofMinutes(5));
          String providerId = client.get("/mj/task/" + id + "/fetch").json().get("properties").get("providerTaskId").asText();
          long providerFinal = provider.hookPosts().stream().filter(p -> p.taskId().equals(providerId) && p.status().equals("SUCCESS"))
              .mapToLong(FakeMjProxy.HookPost::sentAtMillis).min().orElseThrow();
          long ours = waitFor(id);
          millis.add(ours - providerFinal);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "MEASURE == completion latency with a provider that calls back, %d tasks of a 3 s job:%n",
            count);
        System.out.printf(Locale.ROOT, "MEASURE provider's final callback -> our SUCCESS callback (images stored): median %d ms,"
            + " p90 %d ms, min %d ms, max %d ms %s%n", sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
            sorted.get(0), sorted.get(sorted.size() - 1), millis);
      }
    }
  }

  private long waitFor(String taskId) throws InterruptedException {
    for (int i = 0; i < 1000 && !finalCallbacks.containsKey(taskId); i++) {
      Thread.sleep(10);
    }
    Long at = finalCallbacks.get(taskId);
    if (at == null) {
      throw new AssertionError("no SUCCESS callback for " + taskId);
    }
    return at;
  }

  private void measure(String title, Map<String, String> parameters, Map<String, String> environment, FakeMjProxy provider,
      String hook) throws Exception {
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-measure-"),
        "127.0.0.1", 0, 1.0, "measure-admin-key").withParameters(parameters).withExtraEnvironment(environment);
    try (LocalRuntime runtime = LocalRuntime.start(options, true)) {
      ApiClient client = new ApiClient(runtime.baseUrl(), runtime.apiKey());
      AslExecutor executor = runtime.executors().get("TaskStateMachine");
      runOne(client, executor, hook); // warm-up: handlers built, classes loaded, as in a warm container
      runtime.lambdas().meter().reset();
      SdkCallCounter.reset();
      int providerBefore = provider == null ? 0 : provider.requests().size();
      Map<String, Long> states = new TreeMap<>();
      double seconds = 0;
      for (int i = 0; i < tasks; i++) {
        long start = System.nanoTime();
        ExecutionInfo execution = runOne(client, executor, hook);
        seconds += (System.nanoTime() - start) / 1e9;
        execution.enteredStates().forEach(s -> states.merge(s, 1L, Long::sum));
      }
      report(title, runtime, states, seconds, provider == null ? -1 : provider.requests().size() - providerBefore);
    }
  }

  /** One imagine from submit until its execution ended; the task is checked once at the end (no fetch polling counted). */
  private static ExecutionInfo runOne(ApiClient client, AslExecutor executor, String hook) {
    String id = client.post("/mj/submit/imagine", hook == null ? Map.of("prompt", PROMPT)
        : Map.of("prompt", PROMPT, "notifyHook", hook)).json().get("result").asText();
    ExecutionInfo execution = executor.await(id, Duration.ofMinutes(10));
    JsonNode task = client.get("/mj/task/" + id + "/fetch").json();
    assertEquals("SUCCESS", task.get("status").asText(), task.toString());
    return execution;
  }

  private void report(String title, LocalRuntime runtime, Map<String, Long> states, double seconds, int providerRequests) {
    double n = tasks;
    long transitions = states.values().stream().mapToLong(Long::longValue).sum();
    Map<String, InvocationMeter.Usage> usage = runtime.lambdas().meter().snapshot();
    Map<String, FunctionDef> functions = runtime.template().functions();
    long workflowInvocations = 0;
    long apiInvocations = 0;
    double workflowGbSeconds = 0;
    double apiGbSeconds = 0;
    StringBuilder perFunction = new StringBuilder();
    for (var e : usage.entrySet()) {
      double gbSeconds = e.getValue().seconds() * functions.get(e.getKey()).memorySize() / 1024.0;
      boolean http = !functions.get(e.getKey()).httpRoutes().isEmpty();
      if (http) {
        apiInvocations += e.getValue().invocations();
        apiGbSeconds += gbSeconds;
      } else {
        workflowInvocations += e.getValue().invocations();
        workflowGbSeconds += gbSeconds;
      }
      perFunction.append(String.format(Locale.ROOT, " %s %.1f x %.0f ms @%d MB;", e.getKey(), e.getValue().invocations() / n,
          e.getValue().seconds() * 1000 / Math.max(1, e.getValue().invocations()), functions.get(e.getKey()).memorySize()));
    }
    Map<String, Long> calls = SdkCallCounter.snapshot();
    long reads = count(calls, "DynamoDb", List.of("GetItem", "BatchGetItem", "Query", "Scan"));
    long writes = count(calls, "DynamoDb", List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"));
    long s3Puts = count(calls, "S3", List.of("PutObject", "CopyObject", "ListObjectsV2", "ListObjects", "CreateMultipartUpload"));
    long s3Gets = count(calls, "S3", List.of("GetObject", "HeadObject"));
    Map<String, Long> workflowCalls = calls.entrySet().stream().filter(e -> !e.getKey().startsWith("notifications "))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, TreeMap::new));
    double cost = transitions / n * TRANSITION + (workflowInvocations + apiInvocations) / n * LAMBDA_REQUEST
        + (workflowGbSeconds + apiGbSeconds) / n * ARM_GB_SECOND + writes / n * WRITE_UNITS_PER_WRITE * WRITE_REQUEST_UNIT
        + reads / n * READ_REQUEST_UNIT + s3Puts / n * S3_PUT + s3Gets / n * S3_GET;
    System.out.printf(Locale.ROOT, "MEASURE == %s, %d task(s), per task:%n", title, tasks);
    System.out.printf(Locale.ROOT, "MEASURE submit to execution end %.1f s%n", seconds / n);
    System.out.printf(Locale.ROOT, "MEASURE state transitions %.1f %s -> $%.6f%n", transitions / n, states, transitions / n * TRANSITION);
    System.out.printf(Locale.ROOT, "MEASURE Lambda invocations %.1f workflow + %.1f API (submit, fetch) ->%s%n", workflowInvocations / n,
        apiInvocations / n, perFunction);
    System.out.printf(Locale.ROOT, "MEASURE Lambda GB-s %.3f workflow + %.3f API -> $%.7f (arm64) + $%.7f requests%n",
        workflowGbSeconds / n, apiGbSeconds / n, (workflowGbSeconds + apiGbSeconds) / n * ARM_GB_SECOND,
        (workflowInvocations + apiInvocations) / n * LAMBDA_REQUEST);
    System.out.printf(Locale.ROOT, "MEASURE DynamoDB %.1f reads, %.1f writes -> $%.7f%n", reads / n, writes / n,
        writes / n * WRITE_UNITS_PER_WRITE * WRITE_REQUEST_UNIT + reads / n * READ_REQUEST_UNIT);
    System.out.printf(Locale.ROOT, "MEASURE S3 %.1f PUT/LIST, %.1f GET/HEAD -> $%.7f%n", s3Puts / n, s3Gets / n,
        s3Puts / n * S3_PUT + s3Gets / n * S3_GET);
    if (providerRequests >= 0) {
      System.out.printf(Locale.ROOT, "MEASURE provider requests %.1f%n", providerRequests / n);
    }
    System.out.printf(Locale.ROOT, "MEASURE SDK calls (all tasks) %s%n", workflowCalls);
    System.out.printf(Locale.ROOT, "MEASURE total $%.6f per task (list prices, before API Gateway)%n", cost);
  }

  /** Calls of these operations of a service, by the workflow and the API (the local S3 notification poller left out). */
  private static long count(Map<String, Long> calls, String service, List<String> operations) {
    long sum = 0;
    for (var e : calls.entrySet()) {
      String[] whoWhat = e.getKey().split(" ");
      if (whoWhat[0].equals("notifications")) {
        continue;
      }
      String[] serviceOp = whoWhat[1].split("\\.");
      if (serviceOp[0].equals(service) && operations.contains(serviceOp[1])) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
