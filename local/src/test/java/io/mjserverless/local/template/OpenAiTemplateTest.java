package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.Config;
import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.task.Mode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The openai engine's template parameters reach every function as the variables core/config reads. */
class OpenAiTemplateTest {
  static final Path TEMPLATE = Path.of("../template.yaml");
  static final List<String> MODES = List.of("Relax", "Fast", "Turbo");
  static final Map<String, String> SETTINGS = Map.of(
      "_OPENAI_URL", "OpenAiUrl",
      "_OPENAI_KEY_PARAMETER", "ProviderKeyParameter",
      "_OPENAI_IMAGE_MODEL", "OpenAiImageModel",
      "_OPENAI_CHAT_MODEL", "OpenAiChatModel",
      "_OPENAI_SIZES", "OpenAiSizes",
      "_OPENAI_PICTURES_PER_REQUEST", "OpenAiPicturesPerRequest",
      "_OPENAI_RESPONSE_FORMAT", "OpenAiResponseFormat",
      "_OPENAI_SEED", "OpenAiSeed",
      "_OPENAI_CONCURRENCY", "OpenAiConcurrency",
      "_OPENAI_TIMEOUT_SECONDS", "OpenAiTimeoutSeconds");

  @Test
  void eachModesOpenAiVariableComesFromItsOwnParameterAndConfigReadsThem() {
    Map<String, String> overrides = new LinkedHashMap<>();
    int n = 1;
    for (String mode : MODES) {
      overrides.put(mode + "Engine", "openai");
      overrides.put(mode + "OpenAiUrl", "https://" + mode.toLowerCase() + ".example.com/v1");
      overrides.put(mode + "ProviderKeyParameter", "/mj/" + mode.toLowerCase() + "-key");
      overrides.put(mode + "OpenAiImageModel", "flux-" + mode.toLowerCase());
      overrides.put(mode + "OpenAiChatModel", "chat-" + mode.toLowerCase());
      overrides.put(mode + "OpenAiSizes", (500 + n) + "x512");
      overrides.put(mode + "OpenAiPicturesPerRequest", mode.equals("Fast") ? "2" : "1");
      overrides.put(mode + "OpenAiResponseFormat", "url");
      overrides.put(mode + "OpenAiSeed", "true");
      overrides.put(mode + "OpenAiConcurrency", String.valueOf(n++));
      overrides.put(mode + "OpenAiTimeoutSeconds", String.valueOf(200 + n++));
    }
    SamTemplate t = SamTemplate.load(TEMPLATE, overrides, "us-east-1", "mj-local");
    for (FunctionDef fn : t.functions().values()) {
      for (String mode : MODES) {
        SETTINGS.forEach((variable, parameter) -> assertEquals(overrides.get(mode + parameter),
            fn.environment().get(mode.toUpperCase() + variable), fn.logicalId() + " " + mode.toUpperCase() + variable));
        assertFalse(fn.environment().containsKey(mode.toUpperCase() + "_OPENAI_KEY"), "no plain key goes through the template");
      }
    }
    Map<String, String> env = new HashMap<>(t.functions().get("PollFunction").environment());
    env.put("TASKS_TABLE", "t");
    env.put("KEYS_TABLE", "k");
    env.put("IDEMPOTENCY_TABLE", "i");
    env.put("IMAGES_BUCKET", "b");
    OpenAiSettings fast = Config.from(env).openAi(Mode.FAST).orElseThrow();
    assertEquals("flux-fast", fast.imageModel());
    assertEquals(2, fast.picturesPerRequest());
    assertEquals("https://fast.example.com/v1", fast.apiRoot());
    assertTrue(fast.seed());
  }

  @Test
  void theDefaultsAreGptImage1WithItsSizesAndAParameterOutsideTheAllowedValuesStopsTheStack() {
    SamTemplate t = SamTemplate.load(TEMPLATE, Map.of(), "us-east-1", "mj-local");
    Map<String, String> env = t.functions().get("DispatchFunction").environment();
    assertEquals("gpt-image-1", env.get("FAST_OPENAI_IMAGE_MODEL"));
    assertEquals(OpenAiSettings.DEFAULT_SIZES, env.get("FAST_OPENAI_SIZES"));
    assertEquals("120", env.get("FAST_OPENAI_TIMEOUT_SECONDS"));
    assertThrows(RuntimeException.class, () -> SamTemplate.load(TEMPLATE, Map.of("FastOpenAiPicturesPerRequest", "3"),
        "us-east-1", "mj-local"));
    assertThrows(RuntimeException.class, () -> SamTemplate.load(TEMPLATE, Map.of("FastEngine", "dalle"), "us-east-1", "mj-local"));
  }

  @Test
  void serveHandsTheOpenAiKeysFromItsEnvironmentToTheFunctions() {
    assertEquals(Map.of("FAST_OPENAI_KEY", "sk-a", "RELAX_OPENAI_KEY", "sk-b"), io.mjserverless.local.runtime.RuntimeOptions
        .providerKeys(Map.of("FAST_OPENAI_KEY", "sk-a", "RELAX_OPENAI_KEY", "sk-b", "OPENAI_API_KEY", "sk-c", "HOME", "/root")));
  }
}
