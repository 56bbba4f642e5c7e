package io.mjserverless.core.prompt;

import io.mjserverless.core.task.Mode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The flags we understand and validate. Any other flag is passed through untouched. */
enum PromptFlag {
  ASPECT("--ar", "aspect"),
  VERSION("--v", "version"),
  NIJI("--niji"),
  STYLIZE("--stylize", "s"),
  CHAOS("--chaos", "c"),
  SEED("--seed"),
  QUALITY("--quality", "q"),
  NO("--no"),
  TILE("--tile"),
  STYLE("--style"),
  WEIRD("--weird", "w"),
  IMAGE_WEIGHT("--iw"),
  ZOOM("--zoom"),
  RELAX("--relax"),
  FAST("--fast"),
  TURBO("--turbo");

  private static final Map<String, PromptFlag> BY_NAME = new HashMap<>();

  static {
    for (PromptFlag f : values()) {
      BY_NAME.put(f.canonical.substring(2), f);
      for (String alias : f.aliases) {
        BY_NAME.put(alias, f);
      }
    }
  }

  /** The name used in error fields and messages, whichever alias the client typed. */
  final String canonical;

  private final String[] aliases;

  PromptFlag(String canonical, String... aliases) {
    this.canonical = canonical;
    this.aliases = aliases;
  }

  /** Flag for a lower-cased name without dashes ({@code "s"} → STYLIZE); empty when unknown. */
  static Optional<PromptFlag> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The speed tier a mode flag selects; empty for every other flag. */
  Optional<Mode> mode() {
    return switch (this) {
      case RELAX -> Optional.of(Mode.RELAX);
      case FAST -> Optional.of(Mode.FAST);
      case TURBO -> Optional.of(Mode.TURBO);
      default -> Optional.empty();
    };
  }
}
