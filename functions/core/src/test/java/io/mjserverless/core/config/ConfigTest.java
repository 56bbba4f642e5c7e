package io.mjserverless.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertFalse(c.allowPrivateHooks());
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
    env.put("ALLOW_PRIVATE_HOOKS", "maybe");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("ALLOW_PRIVATE_HOOKS"));
    env.remove("ALLOW_PRIVATE_HOOKS");
    assertEquals(Mode.RELAX, Config.from(env).defaultMode());
    env.remove("TASKS_TABLE");
    assertTrue(assertThrows(IllegalStateException.class, () -> Config.from(env)).getMessage().contains("TASKS_TABLE"));
  }
}
