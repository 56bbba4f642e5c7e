package io.mjserverless.core.button;

import java.util.Optional;

/** The four pan buttons; {@link #token()} is the word after {@code pan_} in the customId. */
public enum PanDirection {
  LEFT, RIGHT, UP, DOWN;

  /** {@code left}, {@code right}, {@code up}, {@code down}: the customId spells them lower case. */
  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Capitalised word for descriptions ("Pan Left"). */
  String word() {
    return name().charAt(0) + token().substring(1);
  }

  /** Exact, case-sensitive match: {@code pan_Left} is not a Discord customId. */
  static Optional<PanDirection> fromToken(String token) {
    for (PanDirection d : values()) {
      if (d.token().equals(token)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
