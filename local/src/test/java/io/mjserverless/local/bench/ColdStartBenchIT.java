package io.mjserverless.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.button.Buttons;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cold-start bench, run on request only (never in CI):
 * {@code ./mvnw -B -o -pl local -am verify -Dit.test=ColdStartBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dmj.measure=true}
 * ({@code -Dmj.measure.pairs=10} pairs per function, {@code -Dmj.measure.functions=submit,fetch} to pick some,
 * {@code -Dmj.measure.classlog=fetch} to print the classes the first request after priming loads).
 *
 * <p>It starts the local stack (DynamoDB Local, s3proxy, the Step Functions endpoint) in this JVM and runs
 * {@link ColdStartProbe} in fresh JVMs against it, on the deployed artifact itself
 * ({@code functions/bundle/target/mj-functions.jar}) plus the probe: every function, each run paired with a
 * bare handler making the same SDK calls, then each function primed as before a SnapStart snapshot. Each
 * request gets its own task in the state its function expects (created here through the task store), so a
 * step never takes the cheap already-done path. Prints medians and ratios; asserts nothing about speed.
 */
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class ColdStartBenchIT {
  /** What the Lambda java21 runtime starts a JVM with, as far as start-up cost goes. */
  private static final List<String> LAMBDA_LIKE_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC", "-Xmx1g");
  private static final Path BUNDLE = Path.of("../functions/bundle/target/mj-functions.jar");

  /** One function under the bench: its handler, its environment and a fresh request per call. */
  private record Workload(String name, String logicalId, String handler, Map<String, String> env, Supplier<ObjectNode> request) {}

  private LocalRuntime runtime;
  private TaskStore tasks;
  private TaskIds ids;
  private Task base;
  private String hookUrl;

  @Test
  void coldStarts() throws Exception {
    int pairs = Integer.getInteger("mj.measure.pairs", 10);
    List<String> only = List.of(System.getProperty("mj.measure.functions", "").split(","));
    // A slow simulator clock: the executions the children start sit in a Wait instead of using CPU beside them.
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-coldstart-"),
        "127.0.0.1", 0, 100.0, "bench-admin-key");
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
      exchange.close();
    });
    receiver.start();
    hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (LocalRuntime started = LocalRuntime.start(options, false)) {
      runtime = started;
      String tasksTable = runtime.lambdas().environment("TaskFunction").get("TASKS_TABLE");
      tasks = new DynamoTaskStore(runtime.stores().dynamo(LocalRuntime.REGION), tasksTable);
      ids = new TaskIds(Clock.systemUTC());
      base = dispatchedTask();
      List<Workload> workloads = new ArrayList<>();
      for (Workload w : workloads()) {
        if (only.equals(List.of("")) || only.contains(w.name())) {
          workloads.add(w);
        }
      }
      run("ours", workloads.get(0), List.of(workloads.get(0).request().get())); // warm the disk cache before measuring
      String classlog = System.getProperty("mj.measure.classlog", "");
      for (Workload w : workloads) {
        if (w.name().equals(classlog)) {
          printFirstLoads(w);
        }
      }
      List<String> lines = new ArrayList<>();
      List<String> primed = new ArrayList<>();
      for (Workload w : workloads) {
        List<Map<String, Long>> ours = new ArrayList<>();
        List<Map<String, Long>> bare = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
          // Alternate who goes first, so drift on a shared machine does not favour one side.
          if (i % 2 == 0) {
            ours.add(run("ours", w, List.of(w.request().get())));
            bare.add(run("bare", w, List.of(w.request().get())));
          } else {
            bare.add(run("bare", w, List.of(w.request().get())));
            ours.add(run("ours", w, List.of(w.request().get())));
          }
        }
        lines.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f× | %d | %d | %.2f× | %d | %d | %d | %d |", w.name(), pairs,
            median(ours, "cpuMs"), median(bare, "cpuMs"), (double) median(ours, "cpuMs") / median(bare, "cpuMs"),
            median(ours, "wallMs"), median(bare, "wallMs"), (double) median(ours, "wallMs") / median(bare, "wallMs"),
            median(ours, "constructMs"), median(ours, "firstMs"), median(ours, "classesFirst"), median(bare, "classesFirst")));
        List<Map<String, Long>> runs = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
          runs.add(run("primed", w, List.of(w.request().get(), w.request().get())));
        }
        primed.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f× | %d | %d |", w.name(), pairs,
            median(runs, "constructMs"), median(runs, "primeMs"), median(runs, "firstMs"), median(runs, "warmMs"),
            (double) median(runs, "firstMs") / Math.max(1, median(runs, "warmMs")),
            median(runs, "classesFirst") - median(runs, "classesPrimed"), median(runs, "classesWarm") - median(runs, "classesFirst")));
        System.out.println("MEASURE done " + w.name()); // progress, as a full run takes a while
      }
      System.out.println("MEASURE cold start, fresh JVM per run (" + String.join(" ", LAMBDA_LIKE_FLAGS) + "), medians:");
      System.out.println("MEASURE | function | pairs | ours CPU ms | bare CPU ms | CPU ratio | ours wall ms | bare wall ms | wall ratio"
          + " | ours construct ms | ours first request ms | ours classes | bare classes |");
      lines.forEach(l -> System.out.println("MEASURE " + l));
      System.out.println("MEASURE primed as before a SnapStart snapshot, then timed:");
      System.out.println("MEASURE | function | runs | construct ms | prime ms | first request ms | warm request ms | first/warm"
          + " | classes the first request loads | classes the warm one loads |");
      primed.forEach(l -> System.out.println("MEASURE " + l));
    } finally {
      receiver.stop(0);
    }
  }

  private List<Workload> workloads() {
    String api = "io.mjserverless.api.";
    String wf = "io.mjserverless.workflow.";
    Task done = copy(TaskStatus.SUCCESS);
    String upsample = done.buttons().get(0).customId();
    return List.of(
        new Workload("submit", "SubmitFunction", api + "SubmitFunction", Map.of(), () -> http("POST", "/mj/submit/imagine",
            "{\"prompt\":\"a lighthouse at dusk --ar 16:9\"}", call("put"), call("start"))),
        new Workload("action", "ActionFunction", api + "ActionFunction", Map.of(), () -> http("POST", "/mj/submit/action",
            "{\"taskId\":\"" + done.id() + "\",\"customId\":\"" + upsample + "\"}", call("get", "id", done.id()), call("put"), call("start"))),
        new Workload("fetch", "TaskFunction", api + "TaskFunction", Map.of(), () -> http("GET", "/mj/task/" + base.id() + "/fetch",
            null, call("get", "id", base.id()))),
        new Workload("list", "TaskFunction", api + "TaskFunction", Map.of(), () -> http("GET", "/mj/task/list",
            null, call("query", "index", "byTenant", "key", "tenant", "value", base.tenant()))),
        new Workload("admin", "AdminFunction", api + "AdminFunction", Map.of(), () -> http("GET", "/mj/admin/api-keys",
            null, call("scan"))),
        new Workload("dispatch", "DispatchFunction", wf + "DispatchFunction", Map.of(), () -> {
          String id = copy(TaskStatus.NOT_START).id();
          return step(Json.MAPPER.createObjectNode().put("taskId", id), call("get", "id", id), call("putObject"), call("update"));
        }),
        new Workload("poll", "PollFunction", wf + "PollFunction", Map.of(), () -> {
          String id = copy(TaskStatus.SUBMITTED).id();
          return step(Json.MAPPER.createObjectNode().put("taskId", id).put("polls", 0), call("get", "id", id), call("update"));
        }),
        // The job is over at once at a tiny time scale, so StoreResult renders, stores and calls back as at a job's end.
        new Workload("storeResult", "StoreResultFunction", wf + "StoreResultFunction", Map.of("SIMULATOR_TIME_SCALE", "0.00001"), () -> {
          String id = copy(TaskStatus.SUBMITTED).id();
          return step(Json.MAPPER.createObjectNode().put("taskId", id), call("get", "id", id), call("putObject"), call("update"),
              call("post", "url", hookUrl));
        }),
        new Workload("recordFailure", "RecordFailureFunction", wf + "RecordFailureFunction", Map.of(), () -> {
          String id = copy(TaskStatus.SUBMITTED).id();
          ObjectNode in = Json.MAPPER.createObjectNode().put("taskId", id);
          in.putObject("error").put("Error", "DeadlinePassed").put("Cause", "the job did not finish within the FAST mode's deadline");
          return step(in, call("get", "id", id), call("update"));
        }),
        new Workload("notify", "NotifyFunction", wf + "NotifyFunction", Map.of(), () -> {
          String id = copy(TaskStatus.SUCCESS).id();
          return step(Json.MAPPER.createObjectNode().put("taskId", id).put("attempt", 0), call("get", "id", id),
              call("post", "url", hookUrl));
        }),
        new Workload("sweep", "SweepFunction", wf + "SweepFunction", Map.of(), () -> step(sweepEvent(),
            call("query", "index", "byStatus", "key", "status", "value", "SUBMITTED"))));
  }

  /** An imagine with a callback, submitted and dispatched by the stack: the shape every copy starts from. */
  private Task dispatchedTask() throws InterruptedException {
    APIGatewayV2HTTPResponse response = runtime.lambdas().invokeHttp("SubmitFunction", APIGatewayV2HTTPEvent.builder()
        .withRawPath("/mj/submit/imagine")
        .withHeaders(Map.of("content-type", "application/json", "mj-api-secret", runtime.apiKey()))
        .withBody("{\"prompt\":\"a lighthouse at dusk --ar 16:9\",\"notifyHook\":\"" + hookUrl + "\"}").withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build())
        .build());
    assertEquals(200, response.getStatusCode(), response.getBody());
    String id = Json.tree(response.getBody()).get("result").asText();
    for (int i = 0; i < 600; i++) {
      Task t = tasks.get(id).orElseThrow();
      if (t.status() != TaskStatus.NOT_START && t.jobId() != null) {
        return t;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + id + " was never dispatched");
  }

  /** A new task like the dispatched one, in the given status (a finished one with its buttons). */
  private Task copy(TaskStatus status) {
    long now = System.currentTimeMillis();
    Task.Builder b = base.toBuilder().id(ids.next()).status(status).version(0).updatedAt(now).submitTime(now);
    if (status == TaskStatus.NOT_START) {
      b.jobId(null).startTime(null);
    } else {
      b.startTime(now);
    }
    if (status == TaskStatus.SUCCESS) {
      b.progress("100%").finishTime(now).buttons(Buttons.forResult(TaskAction.IMAGINE, Buttons.newJobHash()));
    }
    Task t = b.build();
    tasks.create(t);
    return t;
  }

  private static JsonNode sweepEvent() {
    try {
      return Json.tree(Files.readString(Path.of("../events/schedule/sweep.json")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ObjectNode call(String call, String... fields) {
    ObjectNode c = Json.MAPPER.createObjectNode().put("call", call);
    for (int i = 0; i < fields.length; i += 2) {
      c.put(fields[i], fields[i + 1]);
    }
    return c;
  }

  private static ObjectNode http(String method, String path, String body, ObjectNode... bare) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    ObjectNode http = r.putObject("http").put("method", method).put("path", path);
    if (body != null) {
      http.put("body", body);
    }
    ArrayNode calls = r.putArray("bare");
    for (ObjectNode c : bare) {
      calls.add(c);
    }
    return r;
  }

  private static ObjectNode step(JsonNode input, ObjectNode... bare) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.set("step", input);
    ArrayNode calls = r.putArray("bare");
    for (ObjectNode c : bare) {
      calls.add(c);
    }
    return r;
  }

  private void printFirstLoads(Workload w) throws Exception {
    Path log = Files.createTempFile("mj-classload-", ".log");
    List<String> flags = List.of("-Xlog:class+load=info:file=" + log, "-Dmj.bench.classlog=" + log);
    String out = runRaw("primed", w, List.of(w.request().get(), w.request().get()), flags);
    out.lines().filter(l -> l.startsWith("FIRSTLOAD ")).forEach(l -> System.out.println("MEASURE " + w.name() + " " + l));
  }

  /** One fresh JVM; its BENCH line as numbers. */
  private Map<String, Long> run(String kind, Workload w, List<ObjectNode> requests) throws Exception {
    String out = runRaw(kind, w, requests, List.of());
    String line = out.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("probe " + kind + " " + w.name() + " printed no BENCH line:\n" + out));
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (String field : line.substring(6).split(" ")) {
      String[] kv = field.split("=", 2);
      if (kv[1].matches("-?\\d+")) {
        numbers.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return numbers;
  }

  private String runRaw(String kind, Workload w, List<ObjectNode> requests, List<String> extraFlags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAMBDA_LIKE_FLAGS);
    command.addAll(extraFlags);
    command.add("-cp");
    // The deployed artifact and the probe (its own classes, and Jackson and the SDK come from the artifact).
    command.add(BUNDLE.toAbsolutePath().normalize() + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath());
    command.add(ColdStartProbe.class.getName());
    command.add(kind);
    command.add(w.name());
    command.add(w.handler());
    for (ObjectNode r : requests) {
      command.add(Json.MAPPER.writeValueAsString(r));
    }
    Map<String, String> env = new HashMap<>(runtime.lambdas().environment(w.logicalId()));
    env.put("BENCH_API_KEY", runtime.apiKey());
    env.putAll(w.env());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear(); // only the function's environment, as in Lambda
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("probe " + kind + " " + w.name() + " failed:\n" + out);
    }
    return out;
  }

  private static long median(List<Map<String, Long>> runs, String field) {
    List<Long> values = runs.stream().map(r -> r.get(field)).sorted().toList();
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}
