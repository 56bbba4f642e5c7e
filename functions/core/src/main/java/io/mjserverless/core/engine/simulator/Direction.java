package io.mjserverless.core.engine.simulator;

/** Pan directions, as in the {@code pan_left} ... {@code pan_down} buttons: the side that is revealed. */
public enum Direction {
  LEFT, RIGHT, UP, DOWN;

  /** The direction of a button customId such as {@code MJ::JOB::pan_left::1::<hash>::SOLO}. */
  public static Direction fromCustomId(String customId) {
    for (Direction d : values()) {
      if (customId != null && customId.contains("pan_" + d.name().toLowerCase(java.util.Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("not a pan customId: " + customId);
  }
}
