package io.mjserverless.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {

  @Test
  void defaultsAreDiscordsApiAndThePeersPacing() {
    DiscordSettings s = DiscordSettings.read(Map.of());
    assertEquals("https://discord.com/api/v9", s.apiRoot());
    assertEquals(Duration.ofSeconds(15), s.timeout());
    assertEquals(Duration.ofMillis(3000), s.submitGap());
    assertEquals(5, s.pollSeconds());
    assertEquals(Duration.ofSeconds(180), s.startTimeout());
  }

  @Test
  void aTestPointsItAtAFakeAndABadValueNamesItsVariable() {
    assertEquals("http://127.0.0.1:4567/api/v9",
        DiscordSettings.read(Map.of("DISCORD_API_URL", "http://127.0.0.1:4567/api/v9/")).apiRoot());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DiscordSettings.read(Map.of("DISCORD_SUBMIT_GAP_MILLIS", "0")));
    assertTrue(e.getMessage().contains("DISCORD_SUBMIT_GAP_MILLIS"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> DiscordSettings.read(Map.of("DISCORD_API_URL", "not a url")));
  }

  @Test
  void discordIsAnEngineAModeMayName() {
    assertTrue(Config.ENGINES.contains("discord"));
  }
}
