package io.mjserverless.core.task;

import java.util.Locale;
import java.util.Optional;

/** Speed tier of a task; chosen per request and stored on the task. */
public enum Mode {
  RELAX, FAST, TURBO;

  /** The path prefix segment for this mode, e.g. {@code mj-relax}. */
  public String pathSegment() {
    return "mj-" + name().toLowerCase(Locale.ROOT);
  }

  /** Mode named by a path segment ({@code mj-fast}); empty for anything else. */
  public static Optional<Mode> fromPathSegment(String segment) {
    for (Mode m : values()) {
      if (m.pathSegment().equals(segment)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Case-insensitive name ({@code relax}, {@code FAST}); empty when unknown. */
  public static Optional<Mode> fromName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Mode m : values()) {
      if (m.name().equalsIgnoreCase(name.trim())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
