package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.TaskAdmission;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine's submit-time answer over the HTTP handlers, with an engine whose {@code admit} says what
 * the test wants: code 1 with its properties, 22 with {@code numberOfQueues} (stored and started), 23 and
 * refusals (nothing stored, nothing started), the place given back when the workflow cannot start, the
 * request's accountFilter handed to the engine, follow-ups and modal submits admitted; and
 * {@code /mj/task/queue}, each tenant seeing only its own waiting and running tasks.
 */
@ExtendWith(LocalAwsExtension.class)
class AdmissionApiIT {
  private final ApiFixture api;
  private final ScriptedEngine engine = new ScriptedEngine();
  private final TaskIds ids = new TaskIds(Clock.systemUTC());
  private String key;
  private String tenant;

  AdmissionApiIT(LocalAws aws) {
    Map<Mode, Engine> all = new EnumMap<>(Mode.class);
    for (Mode mode : Mode.values()) {
      all.put(mode, engine);
    }
    api = new ApiFixture(aws, Map.of(), TaskAdmission.of(new Engines(all)), aws.accountsTable());
  }

  @BeforeEach
  void tenant() {
    tenant = "admission-" + System.nanoTime();
    key = api.userKey(tenant);
    engine.answer = task -> Admission.accepted();
    engine.admitted.clear();
    engine.forgotten.clear();
    api.workflow.failStarts = false;
  }

  @Test
  void acceptedIsCodeOneWithTheEnginesProperties() {
    engine.answer = task -> new Admission.Accepted(Map.of("discordInstanceId", "acct-1"));
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a cat"), key);
    assertEquals(1, r.code(), r.body());
    assertEquals("acct-1", r.json().get("properties").get("discordInstanceId").asText());
    Task stored = api.tasks.get(r.result()).orElseThrow();
    assertEquals("acct-1", stored.property("discordInstanceId"));
    assertTrue(api.workflow.started.contains(stored.id()));
    assertEquals("acct-1", api.get("/mj/task/" + stored.id() + "/fetch", key).json().get("properties").get("discordInstanceId").asText());
  }

  @Test
  void queuedIsCode22WithTheNumberAheadAndTheTaskStartsAsUsual() {
    engine.answer = task -> new Admission.Queued(2, Map.of("discordInstanceId", "acct-1"));
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a cat"), key);
    assertEquals(22, r.code(), r.body());
    assertEquals("In queue, there are 2 tasks ahead", r.description());
    assertEquals(2, r.json().get("properties").get("numberOfQueues").asInt());
    assertEquals("acct-1", r.json().get("properties").get("discordInstanceId").asText());
    assertEquals(TaskStatus.NOT_START, api.tasks.get(r.result()).orElseThrow().status());
    assertTrue(api.workflow.started.contains(r.result()));
  }

  @Test
  void queueFullIsCode23AndNothingIsStoredOrStarted() {
    engine.answer = task -> new Admission.QueueFull("the queues of all 2 Discord accounts are full; try again later",
        Map.of("discordInstanceId", "acct-1"));
    int startsBefore = api.workflow.started.size();
    for (String path : List.of("/mj/submit/imagine", "/mj/submit/shorten")) {
      ApiFixture.Response r = api.post(path, Map.of("prompt", "a cat"), key);
      assertEquals(23, r.code(), r.body());
      assertTrue(r.json().get("result").isNull());
      assertEquals("the queues of all 2 Discord accounts are full; try again later", r.description());
      assertEquals("acct-1", r.json().get("properties").get("discordInstanceId").asText(), "as the peers: the account named");
    }
    ApiFixture.Response blend = api.post("/mj/submit/blend", Map.of("base64Array", List.of(png(), png2())), key);
    assertEquals(23, blend.code(), blend.body());
    assertEquals(0, api.get("/mj/task/list", key).json().size(), "nothing stored");
    assertEquals(startsBefore, api.workflow.started.size(), "nothing started");
    assertEquals(3, engine.admitted.size());
  }

  @Test
  void aRefusalAnswersItsCodeAndStoresNothing() {
    engine.answer = task -> new Admission.Refused(3, "no enabled Discord account serves FAST mode");
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a cat"), key);
    assertEquals(3, r.code(), r.body());
    assertEquals("no enabled Discord account serves FAST mode", r.description());
    engine.answer = task -> new Admission.Refused(4, "accountFilter matches none of the enabled Discord accounts serving FAST mode");
    assertEquals(4, api.post("/mj/submit/describe", Map.of("base64", png()), key).code());
    assertEquals(0, api.get("/mj/task/list", key).json().size());
  }

  @Test
  void thePlaceIsGivenBackWhenTheWorkflowCannotStart() {
    engine.answer = task -> new Admission.Queued(0, Map.of("discordInstanceId", "acct-1"));
    api.workflow.failStarts = true;
    ApiFixture.Response r = api.post("/mj/submit/imagine", Map.of("prompt", "a cat"), key);
    assertEquals(9, r.code(), r.body());
    assertEquals(1, engine.forgotten.size());
    assertEquals("acct-1", engine.forgotten.get(0).property("discordInstanceId"), "forget sees the account it was given");
  }

  @Test
  void theAccountFilterReachesTheEngine() {
    api.post("/mj/submit/imagine", Map.of("prompt", "a cat", "accountFilter", Map.of("instanceId", "acct-9", "remix", true)), key);
    JsonNode filter = engine.filters.get(engine.filters.size() - 1);
    assertEquals("acct-9", filter.get("instanceId").asText());
    assertTrue(filter.get("remix").asBoolean());
  }

  @Test
  void followUpsAndModalSubmitsAreAdmittedToo() {
    Task grid = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    Task parent = api.seedSuccess(ids.next(), tenant, TaskAction.UPSCALE, null);
    engine.answer = task -> task.parentId() == null ? Admission.accepted()
        : new Admission.Refused(3, "the account that ran the parent task is gone: acct-1");
    ApiFixture.Response gone = api.post("/mj/submit/action", Map.of("taskId", grid.id(),
        "customId", button(grid, "MJ::JOB::variation::1::")), key);
    assertEquals(3, gone.code(), gone.body());
    assertEquals("the account that ran the parent task is gone: acct-1", gone.description());
    assertEquals(grid.id(), engine.admitted.get(engine.admitted.size() - 1).parentId());

    // A modal button the engine can never run is refused at once, nothing stored.
    engine.answer = task -> new Admission.Refused(4, "customId: Custom Zoom needs the gateway");
    int stored = api.tasks.listByTenant(tenant, 1000).size();
    ApiFixture.Response cannot = api.post("/mj/submit/action", Map.of("taskId", parent.id(),
        "customId", button(parent, "MJ::CustomZoom::")), key);
    assertEquals(4, cannot.code(), cannot.body());
    assertEquals("customId: Custom Zoom needs the gateway", cannot.description());
    assertEquals(stored, api.tasks.listByTenant(tenant, 1000).size(), "nothing stored for a refused modal");

    // Otherwise the modal button asks as a trial, gives the place back at once and stores a MODAL task
    // (nothing runs yet); its submit asks again for real.
    engine.answer = task -> new Admission.Queued(1, Map.of("discordInstanceId", "acct-2"));
    int asked = engine.admitted.size();
    int forgotten = engine.forgotten.size();
    ApiFixture.Response modal = api.post("/mj/submit/action", Map.of("taskId", parent.id(),
        "customId", button(parent, "MJ::CustomZoom::")), key);
    assertEquals(21, modal.code(), modal.body());
    assertEquals(asked + 1, engine.admitted.size());
    assertEquals(forgotten + 1, engine.forgotten.size(), "the trial's place is given back");
    assertEquals("acct-2", engine.forgotten.get(engine.forgotten.size() - 1).property("discordInstanceId"),
        "given back with the account that holds it, so the pool need not search for it");
    engine.answer = task -> new Admission.QueueFull("the queue of Discord account acct-2 is full; try again later");
    ApiFixture.Response full = api.post("/mj/submit/modal", Map.of("taskId", modal.result(), "prompt", "a lighthouse --zoom 1.5"), key);
    assertEquals(23, full.code(), full.body());
    assertEquals(TaskStatus.MODAL, api.tasks.get(modal.result()).orElseThrow().status(), "still waiting for its modal");
    engine.answer = task -> new Admission.Queued(1, Map.of("discordInstanceId", "acct-2"));
    ApiFixture.Response queued = api.post("/mj/submit/modal", Map.of("taskId", modal.result(), "prompt", "a lighthouse --zoom 1.5"), key);
    assertEquals(22, queued.code(), queued.body());
    assertEquals(1, queued.json().get("properties").get("numberOfQueues").asInt());
    Task started = api.tasks.get(modal.result()).orElseThrow();
    assertEquals(TaskStatus.NOT_START, started.status());
    assertEquals("acct-2", started.property("discordInstanceId"));
    assertTrue(api.workflow.started.contains(started.id()));
  }

  @Test
  void theQueueListsOnlyTheCallersWaitingAndRunningTasksOldestFirst() throws Exception {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mine.add(api.post("/mj/submit/imagine", Map.of("prompt", "cat " + i), key).result());
      Thread.sleep(3); // distinct submit times
    }
    Task running = api.tasks.get(mine.get(1)).orElseThrow();
    api.tasks.update(running, running.toBuilder().status(TaskStatus.IN_PROGRESS).progress("40%").build());
    api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null); // finished: not in the queue
    String otherKey = api.userKey(tenant + "-b");
    String theirs = api.post("/mj/submit/imagine", Map.of("prompt", "their cat"), otherKey).result();

    ApiFixture.Response queue = api.get("/mj/task/queue", key);
    assertEquals(200, queue.status(), queue.body());
    List<String> listed = new ArrayList<>();
    queue.json().forEach(t -> listed.add(t.get("id").asText()));
    assertEquals(mine, listed);
    assertEquals("IN_PROGRESS", queue.json().get(1).get("status").asText());
    assertFalse(queue.body().contains(theirs));

    ApiFixture.Response other = api.get("/mj-relax/mj/task/queue", otherKey);
    List<String> theirList = new ArrayList<>();
    other.json().forEach(t -> theirList.add(t.get("id").asText()));
    assertEquals(List.of(theirs), theirList, "tenant B sees only its own");
    assertEquals(401, api.get("/mj/task/queue", null).status());
  }

  private static String button(Task task, String prefix) {
    return task.buttons().stream().map(Button::customId).filter(c -> c.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static String png() {
    return pngOf(java.awt.Color.RED);
  }

  private static String png2() {
    return pngOf(java.awt.Color.BLUE);
  }

  private static String pngOf(java.awt.Color color) {
    try {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = img.createGraphics();
      g.setColor(color);
      g.fillRect(0, 0, 16, 16);
      g.dispose();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(img, "png", out);
      return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An engine that only admits, as the test says; the workflow never runs here. */
  static final class ScriptedEngine implements Engine {
    volatile Function<Task, Admission> answer = task -> Admission.accepted();
    final List<Task> admitted = new CopyOnWriteArrayList<>();
    final List<JsonNode> filters = new CopyOnWriteArrayList<>();
    final List<Task> forgotten = new CopyOnWriteArrayList<>();

    @Override
    public Admission admit(Task task, JsonNode accountFilter) {
      admitted.add(task);
      if (accountFilter != null) {
        filters.add(accountFilter);
      }
      return answer.apply(task);
    }

    @Override
    public void forget(Task task) {
      forgotten.add(task);
    }

    @Override
    public Submission submit(Task task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobStatus poll(Task task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobResult result(Task task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel(Task task) {}
  }
}
