package io.mjserverless.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mjserverless.core.task.Button;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One tenant cannot see or act on another's task: it behaves exactly like a task that does not exist. */
@ExtendWith(LocalAwsExtension.class)
class TenancyIT {
  private final ApiFixture api;

  TenancyIT(LocalAws aws) {
    api = new ApiFixture(aws);
  }

  @Test
  void anotherTenantsTaskIsInvisibleAndUntouchable() {
    String alice = api.userKey("alice-" + System.nanoTime());
    String bob = api.userKey("bob-" + System.nanoTime());
    String running = api.post("/mj/submit/imagine", Map.of("prompt", "alice's private cat"), alice).result();
    Task done = api.tasks.get(running).map(t -> api.seedSuccess(new TaskIds(Clock.systemUTC()).next(), t.tenant(), TaskAction.IMAGINE, null)).orElseThrow();
    String missing = "1763800000000000404";

    for (String id : List.of(running, done.id())) {
      ApiFixture.Response bobFetch = api.get("/mj/task/" + id + "/fetch", bob);
      ApiFixture.Response missingFetch = api.get("/mj/task/" + missing + "/fetch", bob);
      assertEquals(404, bobFetch.status());
      assertEquals(missingFetch.json().get("type"), bobFetch.json().get("type"));
      assertEquals(3, api.get("/mj/task/" + id + "/image-seed", bob).code());
      assertEquals(3, api.post("/mj/task/" + id + "/cancel", "", bob).code());
    }
    String u1 = done.buttons().stream().map(Button::customId).filter(c -> c.contains("upsample::1")).findFirst().orElseThrow();
    assertEquals(3, api.post("/mj/submit/action", Map.of("taskId", done.id(), "customId", u1), bob).code());
    assertEquals(3, api.post("/mj/submit/change", Map.of("taskId", done.id(), "action", "UPSCALE", "index", 1), bob).code());
    assertEquals(3, api.post("/mj/submit/simple-change", Map.of("content", done.id() + " U1"), bob).code());
    assertEquals(0, api.post("/mj/task/list-by-condition", Map.of("ids", List.of(running, done.id())), bob).json().size());
    assertEquals(0, api.get("/mj/task/list", bob).json().size());
    assertEquals(TaskStatus.NOT_START, api.tasks.get(running).orElseThrow().status(), "bob's cancel changed nothing");
    assertEquals(2, api.post("/mj/task/list-by-condition", Map.of("ids", List.of(running, done.id())), alice).json().size());
    assertEquals(200, api.get("/mj/task/" + running + "/fetch", alice).status());
  }

  @Test
  void anAdminMayReadAnyTaskButNotActOnIt() {
    String carol = api.userKey("carol-" + System.nanoTime());
    String id = api.post("/mj/submit/imagine", Map.of("prompt", "carol's cat"), carol).result();
    assertEquals(200, api.get("/mj/task/" + id + "/fetch", ApiFixture.ADMIN_KEY).status());
    assertEquals(1, api.post("/mj/task/list-by-condition", Map.of("ids", List.of(id)), ApiFixture.ADMIN_KEY).json().size());
    assertEquals(3, api.post("/mj/task/" + id + "/cancel", "", ApiFixture.ADMIN_KEY).code());
  }
}
