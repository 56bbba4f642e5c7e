package io.mjserverless.local;

import static io.mjserverless.local.E2eTasks.accepted;
import static io.mjserverless.local.E2eTasks.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.testing.FakeDiscord;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product over real HTTP with FAST mode on the discord engine and the fake Discord standing in for Discord by
 * configuration alone ({@code FastEngine=discord}, {@code DiscordApiUrl}); accounts are added through the admin
 * routes. Real time on the fake (jobs of 1.5 s); the workflow's waits at the runtime's time scale.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscordE2EIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String GUILD = "1000000000000000001";
  static final String TOKEN_A = "MTAwMDAwMDAwMDAwMDAwMDAx.fake-a.user-token-for-tests";
  static final String TOKEN_B = "MTAwMDAwMDAwMDAwMDAwMDAy.fake-b.user-token-for-tests";
  static final String TOKEN_C = "MTAwMDAwMDAwMDAwMDAwMDAz.fake-c.user-token-for-tests";

  private FakeDiscord discord;
  private LocalRuntime runtime;
  private ApiClient client;

  @BeforeAll
  void start() throws Exception {
    discord = FakeDiscord.start().jobMillis(1500).quadrantSide(64)
        .account(TOKEN_A, "700000000000000001", "1100000000000000001")
        .account(TOKEN_B, "700000000000000002", "1100000000000000002")
        .account(TOKEN_C, "700000000000000003", "1100000000000000003");
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-e2e-discord-"),
        "127.0.0.1", 0, 0.03, "e2e-discord-admin-key")
        .withParameters(Map.of("FastEngine", "discord", "DiscordApiUrl", discord.apiUrl(),
            "DiscordSubmitGapMillis", "200", "DiscordStartTimeoutSeconds", "20"));
    runtime = LocalRuntime.start(options, true);
    client = new ApiClient(runtime.baseUrl(), runtime.apiKey());
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
    discord.close();
  }

  private void account(String id, String token, String channel, int coreSize, int queueSize) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("guildId", GUILD);
    body.put("channelId", channel);
    body.put("userToken", token);
    body.put("coreSize", coreSize);
    body.put("queueSize", queueSize);
    ApiClient.Answer created = client.post("/mj/account/create", body);
    assertEquals(201, created.status(), created.body());
    assertFalse(created.body().contains(token), "the token is never answered: " + created.body());
  }

  private void enabled(String id, boolean on) {
    ApiClient.Answer answer = client.post("/mj/account/" + id + (on ? "/enable" : "/disable"), Map.of());
    assertEquals(200, answer.status(), answer.body());
  }

  private JsonNode succeeded(String id) {
    JsonNode task = client.awaitFinal(id, WAIT, t -> { });
    assertEquals("SUCCESS", task.get("status").asText(), task.toString());
    return task;
  }

  private static String png() {
    BufferedImage picture = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(3, 3, 0xff0000);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageOps.png(picture));
  }

  @Test
  @Order(1)
  void imagineU2V1ZoomOutDescribeAndBlendRunOnDiscord() {
    account("acct-a", TOKEN_A, "1100000000000000001", 3, 10);
    String imagine = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a lighthouse at dawn")));
    JsonNode grid = succeeded(imagine);
    assertEquals("acct-a", grid.get("properties").get("discordInstanceId").asText());
    assertEquals(4, grid.get("imageUrls").size());
    assertEquals(128, ImageOps.decode(client.download(grid.get("imageUrl").asText())).getWidth());
    assertEquals("a lighthouse at dawn --v 7", grid.get("properties").get("finalPrompt").asText(), "no marker for clients");
    String hash = grid.get("properties").get("messageHash").asText();
    assertTrue(button(grid, "MJ::JOB::upsample::2::").endsWith(hash), "Midjourney's own buttons");

    String u2 = accepted(client.post("/mj/submit/action", Map.of("taskId", imagine, "customId", button(grid, "MJ::JOB::upsample::2::"))));
    JsonNode upscaled = succeeded(u2);
    assertEquals("UPSCALE", upscaled.get("action").asText());
    assertEquals("a lighthouse at dawn --v 7", upscaled.get("properties").get("finalPrompt").asText(), "no marker for clients");
    String v1 = accepted(client.post("/mj/submit/action", Map.of("taskId", imagine, "customId", button(grid, "MJ::JOB::variation::1::"))));
    assertEquals(4, succeeded(v1).get("imageUrls").size());
    String zoom = accepted(client.post("/mj/submit/action", Map.of("taskId", u2, "customId", button(upscaled, "MJ::Outpaint::50::"))));
    assertEquals("ZOOM", succeeded(zoom).get("action").asText());

    JsonNode pressed = discord.interactions().stream().filter(i -> i.path("type").asInt() == 3).toList().get(0);
    assertEquals(grid.get("properties").get("messageId").asText(), pressed.path("message_id").asText(),
        "U2 pressed on the grid's own message");

    String describe = accepted(client.post("/mj-fast/mj/submit/describe", Map.of("base64", png())));
    JsonNode described = succeeded(describe);
    assertTrue(described.get("prompt").asText().startsWith("1\uFE0F\u20E3 "), described.toString());
    String blend = accepted(client.post("/mj-fast/mj/submit/blend", Map.of("base64Array", List.of(png(), png()))));
    assertEquals(4, succeeded(blend).get("imageUrls").size());
    assertEquals(3, discord.requests("PUT", "/upload/").size(), "describe's image and blend's two, uploaded to Discord");

    // Custom Zoom needs the gateway: refused at the button, before any modal step.
    ApiClient.Answer refused = client.post("/mj/submit/action", Map.of("taskId", u2, "customId", button(upscaled, "MJ::CustomZoom::")));
    assertEquals(4, refused.json().get("code").asInt(), "Custom Zoom needs the gateway: " + refused.body());
    assertTrue(refused.json().get("description").asText().contains("gateway"), refused.body());
  }

  @Test
  @Order(2)
  void twoAccountsUnderLoadQueueThenRefuseAndEveryAcceptedTaskEnds() {
    enabled("acct-a", false);
    account("acct-b", TOKEN_B, "1100000000000000002", 1, 1);
    account("acct-c", TOKEN_C, "1100000000000000003", 1, 1);
    List<Integer> codes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ApiClient.Answer answer = client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a busy fox " + i));
      assertEquals(200, answer.status(), answer.body());
      codes.add(answer.json().get("code").asInt());
      if (answer.json().get("code").asInt() != 23) {
        ids.add(answer.json().get("result").asText());
      }
    }
    assertEquals(List.of(1, 1, 22, 22, 23), codes, "a running slot and a waiting slot per account, then full");
    for (String id : ids) {
      succeeded(id);
    }
    enabled("acct-a", true);
  }

  @Test
  @Order(3)
  void anAccountThatDiesMidJobEndsItsTaskWithAReasonAndIsDisabled() {
    enabled("acct-a", false);
    enabled("acct-b", false);
    discord.jobMillis(60_000); // long enough to die in the middle
    String id = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a fox whose account dies")));
    long until = System.nanoTime() + WAIT.toNanos();
    JsonNode seen = client.get("/mj/task/" + id + "/fetch").json();
    while (!seen.get("status").asText().equals("IN_PROGRESS")) {
      assertTrue(System.nanoTime() < until && !seen.get("status").asText().matches("SUCCESS|FAILURE|CANCEL"),
          "the task runs: " + seen);
      seen = client.get("/mj/task/" + id + "/fetch").json();
    }
    discord.revoke(TOKEN_C);
    JsonNode failed = client.awaitFinal(id, WAIT, t -> { });
    assertEquals("FAILURE", failed.get("status").asText(), failed.toString());
    assertTrue(failed.get("failReason").asText().contains("401"), failed.toString());
    JsonNode account = client.get("/mj/account/acct-c/fetch").json();
    assertFalse(account.toString().contains(TOKEN_C), account.toString());
    assertTrue(account.toString().contains("401"), "disabled with the reason: " + account);
  }
}
