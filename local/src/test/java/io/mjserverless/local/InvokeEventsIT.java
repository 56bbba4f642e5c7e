package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.testing.SampleEventData;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import io.mjserverless.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * `invoke <Function> --event events/<file>.json` for every file in events/: each runs through the
 * function the template routes it to and gives that function's real answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeEventsIT {
  /** Workflow events name their step in the file name. */
  static final Map<String, String> WORKFLOW_FUNCTIONS = Map.of(
      "dispatch.json", "DispatchFunction", "poll.json", "PollFunction", "store-result.json", "StoreResultFunction",
      "record-failure.json", "RecordFailureFunction", "record-failure-deadline.json", "RecordFailureFunction",
      "notify.json", "NotifyFunction", "notify-give-up.json", "NotifyFunction", "await-job.json", "AwaitJobFunction");

  private LocalRuntime runtime;

  @BeforeAll
  void start() throws Exception {
    Path dataDir = Files.createTempDirectory("mj-invoke-");
    runtime = LocalRuntime.start(new RuntimeOptions(Path.of("../template.yaml"), dataDir, "127.0.0.1", 0, 0.01,
        RuntimeOptions.DEFAULT_API_KEY), false);
    SamTemplate t = runtime.template();
    DynamoDbClient ddb = runtime.stores().dynamo(LocalRuntime.REGION);
    String tasks = t.functions().get("SubmitFunction").environment().get("TASKS_TABLE");
    String keys = t.functions().get("SubmitFunction").environment().get("KEYS_TABLE");
    SampleEventData.seed(new DynamoTaskStore(ddb, tasks), new DynamoApiKeyStore(ddb, keys));
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
  }

  static Stream<String> apiEvents() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../events"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList().stream();
    }
  }

  static List<String> workflowEvents() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../events/workflow"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("apiEvents")
  void apiEventsRunThroughTheFunctionTheirRouteNames(String file) throws Exception {
    JsonNode event = Json.tree(Files.readString(Path.of("../events", file)));
    String function = runtime.template().match(event.at("/requestContext/http/method").asText(), event.get("rawPath").asText())
        .orElseThrow().functionLogicalId();
    JsonNode answer = runtime.lambdas().invoke(function, event);
    int status = answer.get("statusCode").asInt();
    assertTrue(status == 200 || status == 201 || (status == 404 && file.equals("unknown-route.json")), file + ": " + answer);
    JsonNode body = Json.tree(answer.get("body").asText());
    if (body.has("code")) {
      assertEquals(1, body.get("code").asInt(), file + ": " + body);
    }
  }

  @org.junit.jupiter.api.Test
  void aProviderCallbackReachesItsOwnFunctionAndIsRefusedWithoutTheTasksSecret() throws Exception {
    JsonNode event = Json.tree(Files.readString(Path.of("../events/hooks/provider-hook.json")));
    String function = runtime.template().match("POST", event.get("rawPath").asText()).orElseThrow().functionLogicalId();
    assertEquals("ProviderHookFunction", function);
    JsonNode answer = runtime.lambdas().invoke(function, event);
    // The sample task has no hook open (it was never submitted to a provider): the same 404 as a wrong secret.
    assertEquals(404, answer.get("statusCode").asInt(), answer.toString());
    assertEquals("no such hook", Json.tree(answer.get("body").asText()).get("error").asText());
  }

  static List<String> uploadEvents() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../events/uploads"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("uploadEvents")
  void uploadEventsRunThroughTheUploadsFunction(String file) throws Exception {
    JsonNode event = Json.tree(Files.readString(Path.of("../events/uploads", file)));
    JsonNode answer = runtime.lambdas().invoke("UploadsFunction", event);
    // None of the sample tasks exists here, so each object is judged and, unless it is an image prompt, deleted.
    String outcome = answer.get("outcomes").get(0).get("outcome").asText();
    assertEquals(file.startsWith("image-prompt") ? "IGNORED" : "DELETED", outcome, file + ": " + answer);
  }

  @ParameterizedTest
  @MethodSource("workflowEvents")
  void workflowEventsRunThroughTheirStep(String file) throws Exception {
    String function = WORKFLOW_FUNCTIONS.get(file);
    assertTrue(function != null, "events/workflow/" + file + " names no step");
    JsonNode event = Json.tree(Files.readString(Path.of("../events/workflow", file)));
    assertEquals(SampleEventData.WORKFLOW_ID, event.get("taskId").asText());
    JsonNode answer = runtime.lambdas().invoke(function, event);
    assertEquals(SampleEventData.WORKFLOW_ID, answer.get("taskId").asText(), file + ": " + answer);
  }

  @org.junit.jupiter.api.Test
  void theScheduledSweepEndsALostTaskThroughTheStateMachineAndLeavesFreshOnesAlone() throws Exception {
    SamTemplate t = runtime.template();
    DynamoTaskStore store = new DynamoTaskStore(runtime.stores().dynamo(LocalRuntime.REGION),
        t.functions().get("SweepFunction").environment().get("TASKS_TABLE"));
    long twoHoursAgo = System.currentTimeMillis() - java.time.Duration.ofHours(2).toMillis();
    io.mjserverless.core.task.Task lost = io.mjserverless.core.task.Task.builder().id("1763800000000000777").tenant("sweep")
        .keyId("test").action(io.mjserverless.core.task.TaskAction.IMAGINE).status(io.mjserverless.core.task.TaskStatus.NOT_START)
        .mode(io.mjserverless.core.task.Mode.FAST).prompt("a lost fox").promptEn("a lost fox").submitTime(twoHoursAgo)
        .updatedAt(twoHoursAgo).build();
    store.create(lost);

    JsonNode event = Json.tree(Files.readString(Path.of("../events/schedule/sweep.json")));
    JsonNode report = runtime.lambdas().invoke("SweepFunction", event);
    assertTrue(report.get("ended").toString().contains(lost.id()), report.toString());
    assertFalse(report.get("ended").toString().contains(SampleEventData.RUNNING_ID), "fresh tasks are left alone");

    var execution = runtime.executors().get("TaskStateMachine")
        .await(io.mjserverless.core.workflow.WorkflowExecutions.endingName(lost.id()), java.time.Duration.ofSeconds(60));
    assertEquals("SUCCEEDED", execution.status().toString(), execution.toString());
    assertTrue(execution.enteredStates().containsAll(List.of("Start", "EndLostTask", "LostTaskEnded", "Notify")),
        execution.enteredStates().toString());
    io.mjserverless.core.task.Task ended = store.get(lost.id()).orElseThrow();
    assertEquals(io.mjserverless.core.task.TaskStatus.FAILURE, ended.status());
    assertEquals("the task's workflow never started", ended.failReason());

    // A second sweep finds nothing more to do for it.
    assertFalse(runtime.lambdas().invoke("SweepFunction", event).get("ended").toString().contains(lost.id()));
  }
}
