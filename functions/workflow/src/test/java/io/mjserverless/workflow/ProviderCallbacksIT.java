package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.SubmitResult;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.engine.mjproxy.DynamoProviderHooks;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import io.mjserverless.core.workflow.ProviderHookService;
import io.mjserverless.core.workflow.StepState;
import io.mjserverless.core.workflow.WorkflowServices;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider that calls back, through the workflow's services: the notifyHook it is given, progress it
 * posts, and the final callback meeting the waiting workflow's token whichever comes first.
 */
@ExtendWith(LocalAwsExtension.class)
class ProviderCallbacksIT {
  static final String KEY = "sk-provider-key";
  /** Nothing listens here: the fake's own posts go nowhere, the test posts what it wants itself. */
  static final String HOOK_BASE = "http://127.0.0.1:9";

  private final FakeMjProxy provider = FakeMjProxy.start().secret(KEY).jobMillis(20_000).queuedMillis(0).gridSide(64);
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final List<String> resumed = new CopyOnWriteArrayList<>();
  private final WorkflowFixture wf;
  private final WorkflowServices services;

  ProviderCallbacksIT(LocalAws aws) throws java.io.IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("FAST_ENGINE", "mjproxy");
    settings.put("FAST_MJPROXY_URL", provider.baseUrl());
    settings.put("FAST_MJPROXY_KEY", KEY);
    settings.put("PROVIDER_HOOK_BASE_URL", HOOK_BASE);
    wf = new WorkflowFixture(aws, settings);
    provider.clock(wf.clock::millis).silentHooks(true);
    services = WorkflowServices.create(wf.config, wf.tasks, new DynamoApiKeyStore(aws.dynamo(), aws.keysTable()), wf.images,
        wf.engines, Optional.of(WorkflowFixture.ADMIN_KEY), wf.clock,
        new DynamoProviderHooks(aws.dynamo(), aws.idempotencyTable()), token -> resumed.add(token));
  }

  @AfterEach
  void stop() {
    provider.close();
    receiver.close();
  }

  private String dispatched() {
    SubmitResult r = wf.submit("imagine", Json.write(Map.of("prompt", "a crane at dawn", "notifyHook", receiver.url())));
    String id = r.result().toString();
    StepState state = services.dispatch().run(id);
    assertTrue(state.awaitCallback(), "an engine that calls back is waited for on a token: " + state);
    assertEquals(120, state.waitSeconds(), "the safety net");
    return id;
  }

  private String secretOf(String taskId) {
    String hook = Json.tree(provider.requests("submit/imagine").get(0).body()).get("notifyHook").asText();
    String prefix = HOOK_BASE + "/mj/hooks/provider/" + taskId + "/";
    assertTrue(hook.startsWith(prefix), hook);
    return hook.substring(prefix.length());
  }

  private static JsonNode posted(String status, String progress) {
    return Json.tree("{\"id\":\"1\",\"status\":\"" + status + "\",\"progress\":\"" + progress + "\"}");
  }

  @Test
  void progressIsWrittenOnlyForwardsAndWithTheClientsProgressCallback() {
    String id = dispatched();
    String secret = secretOf(id);
    ProviderHookService hooks = services.providerHooks();
    assertEquals(ProviderHookService.Outcome.UNKNOWN, hooks.receive(id, secret.replace(secret.charAt(0), 'x'), posted("IN_PROGRESS", "46%")));
    assertEquals(TaskStatus.SUBMITTED, wf.task(id).status(), "a wrong secret writes nothing");

    // The provider's preview (a link on its side, drawn once its step began) is copied into our bucket, as a poll would.
    wf.clock.advance(java.time.Duration.ofSeconds(10));
    String previewLink = provider.baseUrl() + "/images/" + wf.task(id).jobId() + "_preview3.png";
    JsonNode inProgress = Json.tree("{\"id\":\"1\",\"status\":\"IN_PROGRESS\",\"progress\":\"46%\",\"imageUrl\":\""
        + previewLink + "\"}");
    assertEquals(ProviderHookService.Outcome.ACCEPTED, hooks.receive(id, secret, inProgress));
    Task task = wf.task(id);
    assertEquals(TaskStatus.IN_PROGRESS, task.status());
    assertEquals("46%", task.progress());
    assertEquals(io.mjserverless.core.image.ResultKeys.preview(id, 46), task.imageUrl(), "never the provider's link");
    assertTrue(wf.images.read(task.imageUrl()).length > 0);
    hooks.receive(id, secret, posted("IN_PROGRESS", "31%")); // late and out of order
    hooks.receive(id, secret, posted("IN_PROGRESS", "46%")); // repeated
    assertEquals("46%", wf.task(id).progress(), "never backwards");
    assertEquals(List.of("SUBMITTED:0%", "IN_PROGRESS:46%"), receiver.statuses(), "one progress callback per move");
    assertTrue(resumed.isEmpty(), "progress does not end the wait");
  }

  @Test
  void theFinalCallbackResumesTheWaitingWorkflowOrTheNextWaitIfItCameFirst() {
    String id = dispatched();
    String secret = secretOf(id);
    services.awaitJob().run(id, "token-1");
    assertTrue(resumed.isEmpty(), "nothing ended yet: the workflow waits");
    services.providerHooks().receive(id, secret, posted("SUCCESS", "100%"));
    assertEquals(List.of("token-1"), resumed, "the provider's final callback resumes it");

    String early = dispatchedAgain();
    String earlySecret = secretOf(early, 1);
    services.providerHooks().receive(early, earlySecret, posted("FAILURE", ""));
    assertEquals(List.of("token-1"), resumed, "no workflow waits yet for the second task");
    Map<String, Object> out = services.awaitJob().run(early, "token-2");
    assertEquals(true, out.get("resumed"));
    assertEquals(List.of("token-1", "token-2"), resumed, "the next wait ends at once");
    assertFalse(wf.task(early).status().isFinal(), "the callback only signals: the poll after it reads the job");
  }

  private String dispatchedAgain() {
    SubmitResult r = wf.submit("imagine", Json.write(Map.of("prompt", "a heron at dusk")));
    String id = r.result().toString();
    services.dispatch().run(id);
    return id;
  }

  private String secretOf(String taskId, int submit) {
    String hook = Json.tree(provider.requests("submit/imagine").get(submit).body()).get("notifyHook").asText();
    return hook.substring(hook.lastIndexOf('/') + 1);
  }
}
