package io.mjserverless.core.engine.simulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cutting a 2x2 grid into its four pictures and putting four pictures together. Quadrant numbers are
 * the U/V button numbers: 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right.
 */
public final class Grids {
  private Grids() {}

  /** Quadrant n (1..4) as a real copy. An odd grid size gives the extra row/column to the right/bottom quadrants. */
  public static BufferedImage quadrant(BufferedImage grid, int n) {
    if (n < 1 || n > 4) {
      throw new IllegalArgumentException("quadrant must be 1..4, got " + n);
    }
    int hw = grid.getWidth() / 2;
    int hh = grid.getHeight() / 2;
    boolean right = n == 2 || n == 4;
    boolean bottom = n >= 3;
    int x = right ? hw : 0;
    int y = bottom ? hh : 0;
    int w = right ? grid.getWidth() - hw : hw;
    int h = bottom ? grid.getHeight() - hh : hh;
    return Pixels.crop(grid, x, y, w, h);
  }

  public static List<BufferedImage> split(BufferedImage grid) {
    List<BufferedImage> parts = new ArrayList<>(4);
    for (int n = 1; n <= 4; n++) {
      parts.add(quadrant(grid, n));
    }
    return parts;
  }

  /**
   * The grid of four pictures in button order. They must tile: 1 and 3 share a width, 1 and 2 a height,
   * and so on, which holds for the output of {@link #split} and for four pictures of one size.
   */
  public static BufferedImage assemble(List<BufferedImage> parts) {
    if (parts.size() != 4) {
      throw new IllegalArgumentException("a grid needs 4 pictures, got " + parts.size());
    }
    BufferedImage p1 = parts.get(0);
    BufferedImage p2 = parts.get(1);
    BufferedImage p3 = parts.get(2);
    BufferedImage p4 = parts.get(3);
    if (p1.getWidth() != p3.getWidth() || p2.getWidth() != p4.getWidth()
        || p1.getHeight() != p2.getHeight() || p3.getHeight() != p4.getHeight()) {
      throw new IllegalArgumentException("the four pictures do not tile into a grid");
    }
    BufferedImage grid = Pixels.rgb(p1.getWidth() + p2.getWidth(), p1.getHeight() + p3.getHeight());
    Pixels.paste(grid, p1, 0, 0);
    Pixels.paste(grid, p2, p1.getWidth(), 0);
    Pixels.paste(grid, p3, 0, p1.getHeight());
    Pixels.paste(grid, p4, p1.getWidth(), p1.getHeight());
    return grid;
  }
}
