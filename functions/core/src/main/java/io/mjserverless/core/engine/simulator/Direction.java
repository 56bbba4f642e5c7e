package io.mjserverless.core.engine.simulator;

/**
 * Pan directions, as in the {@code pan_left} ... {@code pan_down} buttons: the side that is revealed.
 * The button grammar itself is {@link io.mjserverless.core.button.CustomId}'s; this is the picture side.
 */
public enum Direction {
  LEFT, RIGHT, UP, DOWN
}
