package io.mjserverless.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.ApiDispatcher;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.HttpRequest;
import io.mjserverless.core.api.http.HttpResponse;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.testing.SampleEventData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A revoked key is refused by every route of every container within 5 s. Two containers share the
 * stores as two Lambda functions do in AWS, each with its own key cache; the revocation goes through
 * one of them, the other had the key cached. Time is moved by hand (no sleeps).
 */
@ExtendWith(LocalAwsExtension.class)
class KeyRevocationIT {
  private static final String BOOTSTRAP = "revocation-it-admin-key";
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** A clock the test moves; both containers read it. */
  private static final class MovableClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final MovableClock clock = new MovableClock();
  private final TaskStore tasks;
  private final ApiDispatcher revoking;
  private final ApiDispatcher other;

  KeyRevocationIT(LocalAws aws) {
    Config config = Config.from(aws.environment());
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable());
    revoking = container(aws, config);
    other = container(aws, config);
  }

  /** One warm container serving every route, with its own services and key cache. */
  private ApiDispatcher container(LocalAws aws, Config config) {
    ApiServices services = ApiServices.create(config, tasks,
        new DynamoApiKeyStore(aws.dynamo(), aws.keysTable()),
        new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable()),
        new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofHours(1)),
        taskId -> { }, BannedWords.defaults(), Optional.of(BOOTSTRAP), clock);
    return new ApiDispatcher(services, EnumSet.allOf(Operation.Function.class));
  }

  private static HttpResponse call(ApiDispatcher container, String method, String path, Object body, String key) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + key);
    headers.put("Content-Type", "application/json");
    return container.handle(new HttpRequest(method, path, headers, Map.of(), body == null ? null : Json.write(body)));
  }

  private String newKey(String tenant, String role) {
    HttpResponse created = call(revoking, "POST", "/mj/admin/api-keys", Map.of("tenant", tenant, "role", role), BOOTSTRAP);
    assertEquals(201, created.status(), created.body());
    return Json.tree(created.body()).get("key").asText();
  }

  /** Every route a key can take, each as its own request: submit, action, fetch, list, admin. */
  private Map<String, HttpResponse> everyRoute(ApiDispatcher container, String key, Task ownTask) {
    Map<String, HttpResponse> out = new LinkedHashMap<>();
    out.put("submit", call(container, "POST", "/mj/submit/imagine", Map.of("prompt", "a kite over dunes"), key));
    out.put("action", call(container, "POST", "/mj/submit/action",
        Map.of("taskId", ownTask.id(), "customId", "MJ::JOB::upsample::1::" + ownTask.jobId()), key));
    out.put("fetch", call(container, "GET", "/mj/task/" + ownTask.id() + "/fetch", null, key));
    out.put("list", call(container, "POST", "/mj/task/list-by-condition", Map.of("ids", java.util.List.of(ownTask.id())), key));
    out.put("admin", call(container, "GET", "/mj/admin/api-keys", null, key));
    return out;
  }

  private Task finishedTaskOf(String tenant) {
    String id = Long.toString(1_800_000_000_000_000_000L + (UUID.randomUUID().getMostSignificantBits() & 0xffffffffffffL));
    Task task = SampleEventData.success(id, tenant, TaskAction.IMAGINE, UUID.randomUUID().toString());
    tasks.create(task);
    return task;
  }

  @Test
  void aRevokedKeyIsRefusedByEveryRouteOfEveryContainerWithinFiveSecondsAndOthersKeepWorking() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String revokedTenant = "revoked-" + suffix;
    String keptTenant = "kept-" + suffix;
    // Admin keys, so that the admin route is a real test and not a 403 for a user key.
    String revoked = newKey(revokedTenant, "admin");
    String kept = newKey(keptTenant, "admin");
    Task revokedTask = finishedTaskOf(revokedTenant);
    Task keptTask = finishedTaskOf(keptTenant);

    // Both keys work everywhere, and the other container now has both in its cache.
    for (String key : new String[] {revoked, kept}) {
      Task own = key.equals(revoked) ? revokedTask : keptTask;
      everyRoute(other, key, own).forEach((route, r) -> assertWorked(route, r));
    }

    String keyId = ApiKeys.keyIdOf(revoked).orElseThrow();
    HttpResponse revocation = call(revoking, "DELETE", "/mj/admin/api-keys/" + keyId, null, BOOTSTRAP);
    assertEquals(200, revocation.status(), revocation.body());

    // At once in the container that revoked it.
    everyRoute(revoking, revoked, revokedTask).forEach((route, r) -> assertEquals(401, r.status(), route + ": " + r.body()));

    // Within the bound in the container that had it cached.
    clock.advance(BOUND);
    everyRoute(other, revoked, revokedTask).forEach((route, r) -> assertEquals(401, r.status(), route + ": " + r.body()));
    // The unrevoked key is untouched by all this.
    everyRoute(other, kept, keptTask).forEach((route, r) -> assertWorked(route, r));
    everyRoute(revoking, kept, keptTask).forEach((route, r) -> assertWorked(route, r));
  }

  @Test
  void theCacheNeverOutlivesTheBound() {
    assertTrue(Authenticator.CACHE.compareTo(BOUND) <= 0, "cache " + Authenticator.CACHE);
  }

  /** 200, and for the submit routes the envelope's success code as well. */
  private static void assertWorked(String route, HttpResponse r) {
    assertEquals(200, r.status(), route + ": " + r.body());
    if (route.equals("submit") || route.equals("action")) {
      JsonNode body = Json.tree(r.body());
      assertEquals(1, body.get("code").asInt(), route + ": " + r.body());
    }
  }
}
