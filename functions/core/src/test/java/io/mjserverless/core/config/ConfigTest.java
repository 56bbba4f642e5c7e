package io.mjserverless.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.Mode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("TASKS_TABLE", "tasks");
    env.put("KEYS_TABLE", "keys");
    env.put("IDEMPOTENCY_TABLE", "idem");
    env.put("IMAGES_BUCKET", "images");
    return env;
  }

  @Test
  void defaultsApplyWhenOnlyTheResourcesAreGiven() {
    Config c = Config.from(minimal());
    assertEquals("tasks", c.tasksTable());
    assertEquals(Mode.FAST, c.defaultMode());
    assertEquals(Config.API_GATEWAY_BODY_LIMIT, c.maxBodyBytes());
    assertEquals(OutboundAddressPolicy.PUBLIC_ONLY, c.outboundAddressPolicy());
    assertTrue(c.adminApiKey().isEmpty());
  }

  @Test
  void badValuesNameTheVariable() {
    Map<String, String> env = minimal();
    env.put("DEFAULT_MODE", "slow");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("DEFAULT_MODE"));
    env.put("DEFAULT_MODE", "relax");
    env.put("MAX_IMAGE_BYTES", "-1");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("MAX_IMAGE_BYTES"));
    env.remove("MAX_IMAGE_BYTES");
    env.put("OUTBOUND_ADDRESS_POLICY", "private-too");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("OUTBOUND_ADDRESS_POLICY"));
    env.put("OUTBOUND_ADDRESS_POLICY", "public-and-loopback");
    assertEquals(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, Config.from(env).outboundAddressPolicy());
    env.remove("OUTBOUND_ADDRESS_POLICY");
    // The old switch opened every private range; a deployment still setting it hears so at start.
    env.put("ALLOW_PRIVATE_HOOKS", "true");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("OUTBOUND_ADDRESS_POLICY"));
    env.remove("ALLOW_PRIVATE_HOOKS");
    assertEquals(Mode.RELAX, Config.from(env).defaultMode());
    env.remove("TASKS_TABLE");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("TASKS_TABLE"));
  }

  @Test
  void aProviderModeReadsItsSettingsWithDefaults() {
    Map<String, String> env = minimal();
    env.put("FAST_ENGINE", "mjproxy");
    env.put("FAST_MJPROXY_URL", "https://provider.example.com/");
    env.put("FAST_MJPROXY_KEY", "sk-1");
    Config c = Config.from(env);
    ProviderSettings fast = c.provider(Mode.FAST).orElseThrow();
    assertEquals("https://provider.example.com/", fast.baseUrl().toString());
    assertEquals(ProviderSettings.Auth.MJ_API_SECRET, fast.auth());
    assertEquals(ProviderSettings.DEFAULT_CONCURRENCY, fast.concurrency());
    assertEquals(ProviderSettings.DEFAULT_TIMEOUT_SECONDS, fast.timeout().toSeconds());
    assertEquals("", fast.pathPrefix());
    assertTrue(c.provider(Mode.RELAX).isEmpty(), "simulator modes have no provider");

    env.put("FAST_MJPROXY_AUTH", "Bearer");
    env.put("FAST_MJPROXY_MODE_PREFIX", "true");
    env.put("FAST_MJPROXY_CONCURRENCY", "7");
    env.put("FAST_MJPROXY_TIMEOUT_SECONDS", "12");
    fast = Config.from(env).provider(Mode.FAST).orElseThrow();
    assertEquals(ProviderSettings.Auth.BEARER, fast.auth());
    assertEquals("/mj-fast", fast.pathPrefix());
    assertEquals(7, fast.concurrency());
    assertEquals(12, fast.timeout().toSeconds());
  }

  @Test
  void aBadProviderSettingFailsAtStartNamingIt() {
    Map<String, String> env = minimal();
    env.put("RELAX_ENGINE", "mjproxy");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_URL"));
    env.put("RELAX_MJPROXY_URL", "ftp://provider.example.com");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_URL"));
    env.put("RELAX_MJPROXY_URL", "http://provider.example.com");
    env.put("RELAX_MJPROXY_AUTH", "basic");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_AUTH"));
    env.remove("RELAX_MJPROXY_AUTH");
    env.put("RELAX_MJPROXY_CONCURRENCY", "0");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_CONCURRENCY"));
    env.remove("RELAX_MJPROXY_CONCURRENCY");
    env.put("RELAX_MJPROXY_MODE_PREFIX", "sometimes");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_MODE_PREFIX"));
    env.remove("RELAX_MJPROXY_MODE_PREFIX");
    env.put("RELAX_MJPROXY_KEY", "k");
    env.put("RELAX_MJPROXY_KEY_PARAMETER", "/mj/key");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("RELAX_MJPROXY_KEY_PARAMETER"));
    env.remove("RELAX_MJPROXY_KEY");
    assertEquals("/mj/key", Config.from(env).provider(Mode.RELAX).orElseThrow().keyParameter().orElseThrow());
    env.put("TURBO_ENGINE", "midjourney");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("TURBO_ENGINE"));
  }
}
