package io.mjserverless.core.engine.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.config.OpenAiSettings.Size;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.mjproxy.ProviderKey;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.testing.FakeOpenAi;
import io.mjserverless.core.testing.FakeOpenAi.Answer;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiClientTest {
  static final String KEY = "sk-client-test";
  private final FakeOpenAi fake = FakeOpenAi.start().secret(KEY);

  @AfterEach
  void stop() {
    fake.close();
  }

  private OpenAiClient client(String key, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("FAST_OPENAI_URL", fake.baseUrl().replace("/v1", ""),
        "FAST_OPENAI_TIMEOUT_SECONDS", "1"));
    env.putAll(extra);
    OpenAiSettings settings = OpenAiSettings.read(Mode.FAST, env);
    return new OpenAiClient(settings, ProviderKey.fixed(Optional.of(key)), new RemoteImages(io.mjserverless.core.notify.OutboundAddressPolicy.PUBLIC_AND_LOOPBACK));
  }

  private OpenAiClient client() {
    return client(KEY, Map.of());
  }

  private static PictureRequest fourSquares() {
    return PictureRequest.generation("a cat", 4, new Size(32, 32), Optional.empty());
  }

  @Test
  void picturesComeAsPngsFromBase64OrFromLinks() {
    List<byte[]> b64 = client().pictures(fourSquares());
    assertEquals(4, b64.size());
    assertEquals(32, ImageOps.decode(b64.get(3)).getWidth());
    fake.urls(true);
    List<byte[]> linked = client(KEY, Map.of("FAST_OPENAI_RESPONSE_FORMAT", "url")).pictures(fourSquares());
    assertEquals(4, linked.size());
    assertEquals(32, ImageOps.decode(linked.get(0)).getHeight());
    assertEquals("url", fake.requests("images/generations").get(1).json().path("response_format").asText());
    assertTrue(fake.requests("images/generations").get(0).json().path("response_format").isMissingNode(),
        "none sent unless configured: gpt-image-1 refuses the parameter");
  }

  @Test
  void anEditSendsItsPicturesAndMaskAsMultipart() {
    BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
    List<byte[]> out = client().pictures(PictureRequest.edit("paint it", 2, new Size(32, 32),
        List.of(ImageOps.png(picture)), Optional.of(ImageOps.png(mask))));
    assertEquals(2, out.size());
    FakeOpenAi.Recorded edit = fake.requests("images/edits").get(0);
    assertEquals("paint it", edit.fields().get("prompt"));
    assertEquals("2", edit.fields().get("n"));
    assertEquals(List.of("image", "mask"), edit.files().stream().map(FakeOpenAi.Part::name).toList());
    assertEquals(FakeOpenAi.REPAINT.getRGB(), ImageOps.decode(out.get(0)).getRGB(5, 5) | 0xff000000,
        "the fake repainted the clear mask: the bytes arrived intact");
  }

  @Test
  void refusalsAreBannedWithTheModelsWords() {
    fake.script("images/generations", Answer.refusal(), Answer.moderationBlocked());
    ContentRefusedException refused = assertThrows(ContentRefusedException.class, () -> client().pictures(fourSquares()));
    assertTrue(refused.getMessage().startsWith("banned prompt") && refused.getMessage().contains(FakeOpenAi.REFUSAL_MESSAGE),
        refused.getMessage());
    assertTrue(assertThrows(ContentRefusedException.class, () -> client().pictures(fourSquares())).getMessage()
        .contains("moderation_blocked"));
  }

  @Test
  void rateLimitsAnd5xxAndTimeoutsAreBusyWithTheProvidersWait() {
    fake.script("images/generations", Answer.rateLimited(42),
        new Answer(429, "{}", Map.of("retry-after-ms", "1500"), Duration.ZERO),
        Answer.http(502, "bad gateway"), Answer.slow(Duration.ofSeconds(3)));
    EngineBusyException limited = assertThrows(EngineBusyException.class, () -> client().pictures(fourSquares()));
    assertEquals(42, limited.retryAfterSeconds());
    assertTrue(limited.getMessage().contains("HTTP 429"), limited.getMessage());
    assertEquals(2, assertThrows(EngineBusyException.class, () -> client().pictures(fourSquares())).retryAfterSeconds());
    assertTrue(assertThrows(EngineBusyException.class, () -> client().pictures(fourSquares())).getMessage().contains("HTTP 502"));
    assertTrue(assertThrows(EngineBusyException.class, () -> client().pictures(fourSquares())).getMessage().contains("within 1 s"));
  }

  @Test
  void anExhaustedQuotaAWrongKeyAndARedirectAreRefusedForGoodWithoutTheKey() {
    fake.script("images/generations", Answer.error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota."));
    assertTrue(assertThrows(JobRejectedException.class, () -> client().pictures(fourSquares())).getMessage()
        .contains("exceeded your current quota"));
    JobRejectedException wrongKey = assertThrows(JobRejectedException.class,
        () -> client("sk-wrong", Map.of()).pictures(fourSquares()));
    assertTrue(wrongKey.getMessage().contains("refused our key") && wrongKey.getMessage().contains("FAST_OPENAI_KEY"),
        wrongKey.getMessage());
    assertFalse(wrongKey.getMessage().contains("sk-wrong"));
    fake.script("images/generations", new Answer(302, "", Map.of("Location", "http://127.0.0.1:9/elsewhere"), Duration.ZERO));
    assertTrue(assertThrows(JobRejectedException.class, () -> client().pictures(fourSquares())).getMessage()
        .contains("FAST_OPENAI_URL"));
  }

  @Test
  void anAnswerThatIsNotPicturesIsQuoted() {
    fake.script("images/generations", Answer.http(200, "<html>gateway</html>"), Answer.http(200, "{\"data\":[{\"b64_json\":\"aGVsbG8=\"}]}"));
    assertTrue(assertThrows(JobRejectedException.class, () -> client().pictures(fourSquares())).getMessage()
        .contains("<html>gateway</html>"));
    assertTrue(assertThrows(JobRejectedException.class, () -> client().pictures(fourSquares())).getMessage()
        .contains("not a PNG"));
  }

  @Test
  void chatAnswersItsTextOrTheModelsRefusal() {
    fake.chatReply("one\ntwo");
    assertEquals("one\ntwo", client().chat((com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"messages\":[]}")));
    assertEquals("gpt-4o-mini", fake.requests("chat/completions").get(0).json().path("model").asText());
    fake.script("chat/completions", Answer.http(200,
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}}]}"));
    assertTrue(assertThrows(ContentRefusedException.class,
        () -> client().chat((com.fasterxml.jackson.databind.node.ObjectNode) Json.tree("{\"messages\":[]}"))).getMessage()
        .contains("I can't help with that."));
  }
}
