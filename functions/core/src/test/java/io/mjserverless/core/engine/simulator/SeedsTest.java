package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void seedFlagWins() {
    assertEquals(1234L, Seeds.forPrompt("a cat --ar 16:9 --seed 1234"));
    assertEquals(7L, Seeds.forPrompt("--seed 7 a cat"));
  }

  @Test
  void promptHashIsStableAndIgnoresFlagsAndCase() {
    long a = Seeds.forPrompt("A red  fox");
    assertEquals(a, Seeds.forPrompt("a red fox --ar 16:9 --relax"));
    assertNotEquals(a, Seeds.forPrompt("a blue fox"));
    assertTrue(a >= 0 && a <= Seeds.MAX_SEED);
  }

  @Test
  void mixSeparatesSalts() {
    assertNotEquals(Seeds.mix(42, 1), Seeds.mix(42, 2));
    assertNotEquals(Seeds.mix(42, 1), Seeds.mix(43, 1));
    assertEquals(Seeds.mix(42, "zoom"), Seeds.mix(42, "zoom"));
  }
}
