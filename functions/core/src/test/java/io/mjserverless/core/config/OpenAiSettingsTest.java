package io.mjserverless.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.task.Mode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiSettingsTest {
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("TASKS_TABLE", "t", "KEYS_TABLE", "k", "IDEMPOTENCY_TABLE", "i",
        "IMAGES_BUCKET", "b", "TURBO_ENGINE", "openai", "TURBO_OPENAI_URL", "https://api.openai.com"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static String complaint(Map<String, String> env) {
    return assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage();
  }

  @Test
  void aModeOnOpenAiGetsGptImage1sDefaultsAndOthersNeedNothing() {
    Config config = Config.from(env());
    OpenAiSettings turbo = config.openAi(Mode.TURBO).orElseThrow();
    assertEquals("https://api.openai.com/v1", turbo.apiRoot());
    assertEquals("gpt-image-1", turbo.imageModel());
    assertEquals("gpt-4o-mini", turbo.chatModel());
    assertEquals(List.of(new OpenAiSettings.Size(1024, 1024), new OpenAiSettings.Size(1536, 1024),
        new OpenAiSettings.Size(1024, 1536)), turbo.sizes());
    assertEquals(4, turbo.picturesPerRequest());
    assertEquals(120, turbo.timeout().toSeconds());
    assertFalse(turbo.seed());
    assertTrue(config.openAi(Mode.FAST).isEmpty());
    assertEquals("https://x.example/v1", OpenAiSettings.read(Mode.FAST, Map.of("FAST_OPENAI_URL", "https://x.example/v1/")).apiRoot());
  }

  @Test
  void everyBadSettingIsNamed() {
    assertTrue(complaint(env("TURBO_OPENAI_URL", "")).contains("TURBO_OPENAI_URL is required"));
    assertTrue(complaint(env("TURBO_OPENAI_URL", "ftp://x")).contains("TURBO_OPENAI_URL"));
    assertTrue(complaint(env("TURBO_OPENAI_SIZES", "1024by1024")).contains("TURBO_OPENAI_SIZES"));
    assertTrue(complaint(env("TURBO_OPENAI_PICTURES_PER_REQUEST", "3")).contains("TURBO_OPENAI_PICTURES_PER_REQUEST"));
    assertTrue(complaint(env("TURBO_OPENAI_RESPONSE_FORMAT", "png")).contains("TURBO_OPENAI_RESPONSE_FORMAT"));
    assertTrue(complaint(env("TURBO_OPENAI_TIMEOUT_SECONDS", "301")).contains("TURBO_OPENAI_TIMEOUT_SECONDS"));
    assertTrue(complaint(env("TURBO_OPENAI_KEY", "sk", "TURBO_OPENAI_KEY_PARAMETER", "/k")).contains("only one of"));
    assertTrue(complaint(env("FAST_ENGINE", "dalle")).contains("FAST_ENGINE"));
  }
}
