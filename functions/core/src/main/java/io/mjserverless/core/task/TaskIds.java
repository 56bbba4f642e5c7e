package io.mjserverless.core.task;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Task ids as the peers make them, digits only and time-ordered: epoch milliseconds then six random
 * digits (19 digits, still within a signed 64-bit number for clients that parse it). Uniqueness is
 * enforced by the store's conditional create; six digits make a same-millisecond clash one in a million.
 */
public final class TaskIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Clock clock;

  public TaskIds(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    return clock.millis() + String.format("%06d", RANDOM.nextInt(1_000_000));
  }

  /** Whether a string has the shape of one of our ids (cheap guard before a lookup). */
  public static boolean looksValid(String id) {
    if (id == null || id.isEmpty() || id.length() > 40) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!Character.isDigit(id.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
