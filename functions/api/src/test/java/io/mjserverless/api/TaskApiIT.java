package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** fetch, list-by-condition, list, image-seed and cancel. */
@ExtendWith(LocalAwsExtension.class)
class TaskApiIT {
  static final List<String> TASK_FIELDS = List.of("id", "action", "status", "mode", "botType", "prompt", "promptEn",
      "description", "state", "submitTime", "startTime", "finishTime", "progress", "imageUrl", "imageUrls",
      "failReason", "buttons", "parentId", "properties");

  private final ApiFixture api;
  private final TaskIds ids = new TaskIds(Clock.systemUTC());
  private String key;
  private String tenant;

  TaskApiIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  @BeforeEach
  void tenant() {
    tenant = "tasks-" + System.nanoTime();
    key = api.userKey(tenant);
  }

  @Test
  void fetchAnswersTheTaskJsonWithEveryFieldInOrder() {
    String id = api.post("/mj/submit/imagine", Map.of("prompt", "a quiet harbour", "notifyHook", "https://93.184.215.14/hook"), key).result();
    ApiFixture.Response r = api.get("/mj/task/" + id + "/fetch", key);
    assertEquals(200, r.status());
    JsonNode task = r.json();
    List<String> names = new ArrayList<>();
    task.fieldNames().forEachRemaining(names::add);
    assertEquals(TASK_FIELDS, names);
    assertEquals(id, task.get("id").asText());
    assertTrue(task.get("id").isTextual());
    assertEquals("IMAGINE", task.get("action").asText());
    assertEquals("NOT_START", task.get("status").asText());
    assertEquals("FAST", task.get("mode").asText());
    assertTrue(task.get("startTime").isNull());
    assertTrue(task.get("imageUrl").isNull());
    assertTrue(task.has("imageUrls") && task.get("imageUrls").isNull(), "no grid yet: present and null");
    assertTrue(task.get("buttons").isArray());
    assertEquals("https://93.184.215.14/hook", task.get("properties").get("notifyHook").asText());
    assertTrue(task.get("properties").has("discordInstanceId"));
    assertEquals("application/json; charset=utf-8", r.headers().get("Content-Type"));
    assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
  }

  @Test
  void finishedTasksShowDurableImageUrlsFromOurBucket() {
    Task done = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    JsonNode task = api.get("/mj-turbo/mj/task/" + done.id() + "/fetch", key).json();
    assertEquals("100%", task.get("progress").asText());
    assertTrue(task.get("imageUrl").asText().contains("images/" + done.id() + "/grid.png"));
    assertEquals(4, task.get("imageUrls").size());
    assertTrue(task.get("imageUrls").get(2).get("url").asText().contains("/2.png"));
    assertEquals(9, task.get("buttons").size());
    assertEquals(2, task.get("buttons").get(0).get("type").asInt());
  }

  @Test
  void listByConditionLeavesOutUnknownIdsAndFilters() {
    String a = api.post("/mj/submit/imagine", Map.of("prompt", "one"), key).result();
    Task done = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    ApiFixture.Response r = api.post("/mj/task/list-by-condition", Map.of("ids", List.of(a, done.id(), "1763800000000000404", "junk")), key);
    assertEquals(200, r.status());
    assertEquals(2, r.json().size());
    ApiFixture.Response onlySuccess = api.post("/mj/task/list-by-condition", Map.of("ids", List.of(a, done.id()), "status", "SUCCESS"), key);
    assertEquals(1, onlySuccess.json().size());
    assertEquals(done.id(), onlySuccess.json().get(0).get("id").asText());
    assertEquals(0, api.post("/mj/task/list-by-condition", Map.of("ids", List.of()), key).json().size());
    assertEquals(0, api.post("/mj/task/list-by-condition", "{}", key).json().size());
    assertEquals(1, api.post("/mj/task/list-by-ids", Map.of("ids", List.of(a)), key).json().size());
    ApiFixture.Response badStatus = api.post("/mj/task/list-by-condition", Map.of("ids", List.of(a), "status", "DONE"), key);
    assertEquals(400, badStatus.status());
    assertTrue(badStatus.json().get("description").asText().contains("status"));
  }

  @Test
  void listShowsTheTenantsTasksNewestFirst() throws InterruptedException {
    String first = api.post("/mj/submit/imagine", Map.of("prompt", "first"), key).result();
    Thread.sleep(5);
    String second = api.post("/mj/submit/imagine", Map.of("prompt", "second"), key).result();
    JsonNode list = api.get("/mj/task/list", key).json();
    assertEquals(2, list.size());
    assertEquals(second, list.get(0).get("id").asText());
    assertEquals(first, list.get(1).get("id").asText());
    var limited = ApiFixture.request("GET", "/mj/task/list", null, key);
    limited.setQueryStringParameters(Map.of("limit", "1"));
    assertEquals(1, api.call(limited).json().size());
    limited.setQueryStringParameters(Map.of("limit", "1000"));
    assertEquals(400, api.call(limited).status());
  }

  @Test
  void imageSeedIsKnownOnceTheTaskSucceeded() {
    Task done = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    ApiFixture.Response seed = api.get("/mj/task/" + done.id() + "/image-seed", key);
    assertEquals(1, seed.code());
    assertEquals("1234567", seed.json().get("result").textValue());
    String running = api.post("/mj/submit/imagine", Map.of("prompt", "not yet"), key).result();
    assertEquals(4, api.get("/mj/task/" + running + "/image-seed", key).code());
    assertEquals(3, api.get("/mj/task/1763800000000000404/image-seed", key).code());
  }

  @Test
  void cancelEndsAnUnfinishedTask() {
    String id = api.post("/mj/submit/imagine", Map.of("prompt", "to be cancelled"), key).result();
    ApiFixture.Response r = api.post("/mj/task/" + id + "/cancel", "", key);
    assertEquals(1, r.code(), r.body());
    Task cancelled = api.tasks.get(id).orElseThrow();
    assertEquals(TaskStatus.CANCEL, cancelled.status());
    assertTrue(cancelled.failReason() != null && !cancelled.failReason().isBlank());
    assertEquals(4, api.post("/mj/task/" + id + "/cancel", "", key).code());
    Task done = api.seedSuccess(ids.next(), tenant, TaskAction.IMAGINE, null);
    assertEquals(4, api.post("/mj/task/" + done.id() + "/cancel", "", key).code());
    assertEquals(3, api.post("/mj/task/1763800000000000404/cancel", "", key).code());
  }

  @Test
  void preflightsAreAnsweredWithCorsHeaders() {
    ApiFixture.Response r = api.call(ApiFixture.request("OPTIONS", "/mj/submit/imagine", null, null));
    assertEquals(204, r.status());
    assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
    assertTrue(r.headers().get("Access-Control-Allow-Headers").contains("mj-api-secret"));
  }
}
