package io.mjserverless.core.engine.simulator;

/** The {@code dimensions} of {@code /submit/blend}: the aspect ratio of the blended pictures. */
public enum BlendDimensions {
  PORTRAIT(2, 3), SQUARE(1, 1), LANDSCAPE(3, 2);

  private final int arW;
  private final int arH;

  BlendDimensions(int arW, int arH) {
    this.arW = arW;
    this.arH = arH;
  }

  public int arW() {
    return arW;
  }

  public int arH() {
    return arH;
  }

  public GridSize gridSize(int quadrantLongSide) {
    return GridSize.of(arW, arH, quadrantLongSide);
  }
}
