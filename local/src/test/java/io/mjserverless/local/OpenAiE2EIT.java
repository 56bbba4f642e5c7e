package io.mjserverless.local;

import static io.mjserverless.local.E2eTasks.accepted;
import static io.mjserverless.local.E2eTasks.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.testing.FakeOpenAi;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product over real HTTP with FAST mode on an OpenAI-compatible image model (the fake on loopback),
 * selected the way a user does it: {@code --param FastEngine=openai --param FastOpenAiUrl=...} and the
 * key in {@code FAST_OPENAI_KEY}. Imagine, U3, Zoom Out and describe; a refusal ends as banned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiE2EIT {
  static final Duration WAIT = Duration.ofSeconds(90);
  static final String KEY = "sk-openai-e2e";

  private FakeOpenAi provider;
  private LocalRuntime runtime;
  private ApiClient client;

  @BeforeAll
  void start() throws Exception {
    provider = FakeOpenAi.start().secret(KEY);
    RuntimeOptions options = new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-e2e-openai-"),
        "127.0.0.1", 0, 0.03, "e2e-openai-admin-key")
        .withParameters(Map.of("FastEngine", "openai", "FastOpenAiUrl", provider.baseUrl(),
            "FastOpenAiSizes", "128x128,192x128,128x192", "FastOpenAiTimeoutSeconds", "10"))
        .withExtraEnvironment(Map.of("FAST_OPENAI_KEY", KEY));
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
  void imagineUpscaleZoomAndDescribeRunOnTheImageModel() {
    String imagine = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a lighthouse at dawn --ar 3:2")));
    JsonNode grid = succeeded(imagine);
    assertEquals("192x128", grid.get("properties").get("openaiSize").asText());
    assertEquals(4, grid.get("imageUrls").size());
    BufferedImage gridImage = ImageOps.decode(client.download(grid.get("imageUrl").asText()));
    assertEquals(384, gridImage.getWidth());
    assertEquals(256, gridImage.getHeight());
    assertTrue(provider.requests().stream().allMatch(r -> ("Bearer " + KEY).equals(r.headers().get("authorization"))));

    String u3 = accepted(client.post("/mj/submit/action", Map.of("taskId", imagine, "customId", button(grid, "MJ::JOB::upsample::3::"))));
    JsonNode upscaled = succeeded(u3);
    assertEquals(192, ImageOps.decode(client.download(upscaled.get("imageUrl").asText())).getWidth());

    String zoom = accepted(client.post("/mj/submit/action", Map.of("taskId", u3, "customId", button(upscaled, "MJ::Outpaint::75::"))));
    JsonNode zoomed = succeeded(zoom);
    assertEquals("ZOOM", zoomed.get("action").asText());
    assertEquals(1, provider.requests("images/edits").size());

    BufferedImage picture = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
    String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageOps.png(picture));
    JsonNode described = succeeded(accepted(client.post("/mj-fast/mj/submit/describe", Map.of("base64", uri))));
    assertTrue(described.get("prompt").asText().startsWith("1\uFE0F\u20E3 "), described.toString());
    assertTrue(described.get("prompt").asText().contains("--ar 2:1"), described.toString());
  }

  @Test
  void aRefusalIsAFailureSayingBannedWithTheModelsWords() {
    provider.script("images/generations", FakeOpenAi.Answer.refusal());
    String id = accepted(client.post("/mj-fast/mj/submit/imagine", Map.of("prompt", "a harmless fox")));
    JsonNode failed = client.awaitFinal(id, WAIT, t -> { });
    assertEquals("FAILURE", failed.get("status").asText());
    assertTrue(failed.get("failReason").asText().contains(FakeOpenAi.REFUSAL_MESSAGE), failed.toString());
  }
}
