package io.mjserverless.local;

import static io.mjserverless.local.E2eTasks.accepted;
import static io.mjserverless.local.E2eTasks.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.local.asl.ExecutionInfo;
import io.mjserverless.local.asl.HistoryEvent;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product over real HTTP with FAST mode on an upstream provider (the fake, with real time and
 * expiring image links) and RELAX on the simulator: imagine, U2, Vary Region through the modal, then
 * the provider's links expire and our images still serve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MjProxyE2EIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String PROVIDER_KEY = "sk-upstream-e2e";

  private FakeMjProxy provider;
  private LocalRuntime runtime;
  private ApiClient client;

  @BeforeAll
  void start() throws Exception {
    provider = FakeMjProxy.start().secret(PROVIDER_KEY).jobMillis(1500).queuedMillis(200).gridSide(128);
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-e2e-proxy-"),
        "127.0.0.1", 0, 0.03, "e2e-proxy-admin-key")
        .withParameters(Map.of("FastEngine", "mjproxy", "FastProviderUrl", provider.baseUrl(), "FastProviderAuth", "bearer",
            "FastProviderModePrefix", "true"))
        .withExtraEnvironment(Map.of("FAST_MJPROXY_KEY", PROVIDER_KEY));
    runtime = LocalRuntime.start(options, true);
    client = new ApiClient(runtime.baseUrl(), runtime.apiKey());
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
    provider.close();
  }

  private JsonNode succeeded(String id) {
    JsonNode task = client.awaitFinal(id, WAIT, t -> { });
    assertEquals("SUCCESS", task.get("status").asText(), task.toString());
    return task;
  }

  @Test
  void imagineU2AndVaryRegionRunAtTheProviderAndOurImagesOutliveItsLinks() {
    String imagine = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a lighthouse at dawn")));
    JsonNode grid = succeeded(imagine);
    String providerId = grid.get("properties").get("providerTaskId").asText();
    JsonNode upstream = provider.task(providerId).orElseThrow();
    assertEquals(upstream.get("buttons").findValuesAsText("customId"), grid.get("buttons").findValuesAsText("customId"));
    assertEquals(4, grid.get("imageUrls").size());
    assertEquals(128, ImageOps.decode(client.download(grid.get("imageUrl").asText())).getWidth());

    String u2 = accepted(client.post("/mj/submit/action", Map.of("taskId", imagine, "customId", button(grid, "MJ::JOB::upsample::2::"))));
    JsonNode upscaled = succeeded(u2);
    assertEquals("UPSCALE", upscaled.get("action").asText());

    ApiClient.Answer modal = client.post("/mj/submit/action", Map.of("taskId", u2, "customId", button(upscaled, "MJ::Inpaint::")));
    assertEquals(21, modal.json().get("code").asInt(), modal.body());
    String region = modal.json().get("result").asText();
    BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    mask.setRGB(10, 10, 0xffffff);
    String maskUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageOps.png(mask));
    accepted(client.post("/mj/submit/modal", Map.of("taskId", region, "prompt", "a red door", "maskBase64", maskUri)));
    JsonNode varied = succeeded(region);
    assertEquals("VARIATION", varied.get("action").asText());

    List<FakeMjProxy.Recorded> modals = provider.requests("submit/modal");
    assertEquals(1, modals.size());
    assertEquals("a red door", Json.tree(modals.get(0).body()).get("prompt").asText());
    assertTrue(provider.requests().stream().filter(r -> r.path().startsWith("/mj"))
        .allMatch(r -> r.prefix().equals("/mj-fast") && ("Bearer " + PROVIDER_KEY).equals(r.headers().get("authorization"))),
        "every provider call under /mj-fast with the bearer key");

    provider.expireImages();
    assertEquals(128, ImageOps.decode(client.download(client.get("/mj/task/" + imagine + "/fetch").json()
        .get("imageUrl").asText())).getWidth(), "our copy still serves");
  }

  @Test
  void theProviderCallsBackOnItsHookAndTheWorkflowWaitsOnATokenInsteadOfPolling() {
    String id = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a harbour at noon")));
    succeeded(id);
    ExecutionInfo execution = runtime.executors().get("TaskStateMachine").await(id, Duration.ofSeconds(30));
    // The safety net (120 s, 3.6 s at this time scale) never ran out: the final callback resumed the wait.
    assertEquals(List.of("Start", "Dispatch", "AwaitJob", "Poll", "CheckJob", "StoreResult"), execution.enteredStates());
    String submitted = Json.tree(provider.requests("submit/imagine").get(provider.requests("submit/imagine").size() - 1).body())
        .get("notifyHook").asText();
    String prefix = runtime.baseUrl() + "/mj/hooks/provider/" + id + "/";
    assertTrue(submitted.startsWith(prefix) && submitted.length() >= prefix.length() + 64, submitted);
    assertTrue(provider.hookPosts().stream().anyMatch(p -> p.status().equals("SUCCESS") && p.httpStatus() == 204),
        provider.hookPosts().toString());

    String wrongSecret = prefix + "0".repeat(64);
    ApiClient.Answer refused = client.post(wrongSecret.substring(runtime.baseUrl().length()), Map.of("status", "SUCCESS"));
    assertEquals(404, refused.status(), refused.body());
    assertEquals(404, client.post("/mj/hooks/provider/1700000000000000000/" + "0".repeat(64), Map.of("status", "SUCCESS")).status());
  }

  @Test
  void aProviderWhoseCallbacksNeverArriveIsPolledAfterTheSafetyNetAndStillEnds() {
    provider.silentHooks(true);
    try {
      String id = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a harbour at dusk")));
      succeeded(id);
      ExecutionInfo execution = runtime.executors().get("TaskStateMachine").await(id, Duration.ofSeconds(30));
      assertTrue(execution.enteredStates().contains("AwaitJob"), execution.enteredStates().toString());
      assertTrue(execution.events(HistoryEvent.Type.TASK_FAILED).stream().anyMatch(e -> e.detail().startsWith("States.Timeout")),
          "the token wait timed out into a poll: " + execution.history());
    } finally {
      provider.silentHooks(false);
    }
  }

  @Test
  void relaxStaysOnTheSimulatorAndAProviderRefusalIsAFailureWithItsWords() {
    String relax = accepted(client.post("/mj-relax/mj/submit/imagine", Map.of("prompt", "a quiet harbour")));
    JsonNode simulated = succeeded(relax);
    assertTrue(simulated.get("properties").path("providerTaskId").isMissingNode(), simulated.toString());

    provider.script("submit/imagine", FakeMjProxy.Answer.code(24));
    String banned = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a harmless fox")));
    JsonNode failed = client.awaitFinal(banned, WAIT, t -> { });
    assertEquals("FAILURE", failed.get("status").asText());
    assertTrue(failed.get("failReason").asText().contains(FakeMjProxy.BANNED_WORD), failed.toString());
  }
}
