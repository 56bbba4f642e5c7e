package io.mjserverless.core.engine.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridSizeTest {
  @Test
  void wideRatioKeepsTheLongSideAndRoundsToEven() {
    GridSize s = GridSize.of(16, 9, 512);
    assertEquals(512, s.quadrantWidth());
    assertEquals(288, s.quadrantHeight());
    assertEquals(1024, s.gridWidth());
    assertEquals(576, s.gridHeight());
  }

  @Test
  void tallRatio() {
    GridSize s = GridSize.of(2, 3, 512);
    assertEquals(342, s.quadrantWidth()); // 341.33 rounded to the nearest even number
    assertEquals(512, s.quadrantHeight());
  }

  @Test
  void everySizeIsEvenAndWithinTwoPercentOfTheRatio() {
    int[][] ratios = {{1, 1}, {16, 9}, {9, 16}, {4, 3}, {3, 2}, {21, 9}, {7, 4}, {2, 3}, {5, 4}};
    for (int[] r : ratios) {
      for (int side : new int[] {128, 200, 512}) {
        GridSize s = GridSize.of(r[0], r[1], side);
        assertEquals(0, s.quadrantWidth() % 2);
        assertEquals(0, s.quadrantHeight() % 2);
        double want = (double) r[0] / r[1];
        double got = (double) s.gridWidth() / s.gridHeight();
        assertTrue(Math.abs(got - want) / want < 0.02, r[0] + ":" + r[1] + " at " + side + " gave " + got);
      }
    }
  }

  @Test
  void fromPromptReadsTheLastAr() {
    assertEquals(GridSize.of(16, 9, 256), GridSize.fromPrompt("a fox --ar 4:3 --ar 16:9", 256));
    assertEquals(GridSize.of(1, 1, 256), GridSize.fromPrompt("a fox", 256));
    assertEquals(GridSize.of(2, 3, 256), GridSize.fromPrompt("a fox --aspect 2:3 --v 6", 256));
  }

  @Test
  void rejectsNonPositiveRatios() {
    assertThrows(IllegalArgumentException.class, () -> GridSize.of(0, 9, 512));
  }
}
