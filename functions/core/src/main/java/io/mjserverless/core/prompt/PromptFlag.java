package io.mjserverless.core.prompt;

import io.mjserverless.core.task.Mode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every parameter Midjourney knows, with its aliases: the one list that both submit (code 4) and the
 * simulator (a failed job) use to tell a known parameter from an unrecognized one. The first group we
 * validate; the second group ({@link Value#PASSED} and {@link Value#MARK}) we only recognise and pass
 * upstream as typed, because their values (links, style codes, profile ids) are
 * Midjourney's to judge. A parameter Midjourney adds later is one line here.
 */
enum PromptFlag {
  ASPECT("--ar", Value.ONE, "aspect"),
  VERSION("--v", Value.ONE, "version"),
  NIJI("--niji", Value.ONE),
  STYLIZE("--stylize", Value.ONE, "s"),
  CHAOS("--chaos", Value.ONE, "c"),
  SEED("--seed", Value.ONE),
  QUALITY("--quality", Value.ONE, "q"),
  NO("--no", Value.LIST),
  TILE("--tile", Value.NONE),
  STYLE("--style", Value.ONE),
  WEIRD("--weird", Value.ONE, "w"),
  IMAGE_WEIGHT("--iw", Value.ONE),
  ZOOM("--zoom", Value.ONE),
  REPEAT("--repeat", Value.ONE, "r"),
  STOP("--stop", Value.ONE),
  CHARACTER_WEIGHT("--cw", Value.ONE),
  VIDEO("--video", Value.NONE),
  RELAX("--relax", Value.NONE),
  FAST("--fast", Value.NONE),
  TURBO("--turbo", Value.NONE),

  // Recognised, passed through as typed.
  CHARACTER_REFERENCE("--cref", Value.PASSED),
  STYLE_REFERENCE("--sref", Value.PASSED),
  STYLE_WEIGHT("--sw", Value.PASSED),
  STYLE_VERSION("--sv", Value.PASSED),
  OMNI_REFERENCE("--oref", Value.PASSED),
  OMNI_WEIGHT("--ow", Value.PASSED),
  PERSONALIZE("--personalize", Value.PASSED, "p", "profile"),
  EXPERIMENTAL("--exp", Value.PASSED),
  MOTION("--motion", Value.PASSED),
  END("--end", Value.PASSED),
  BATCH_SIZE("--bs", Value.PASSED),
  RAW("--raw", Value.MARK),
  DRAFT("--draft", Value.MARK),
  HD("--hd", Value.MARK),
  TEST("--test", Value.MARK),
  TESTP("--testp", Value.MARK),
  CREATIVE("--creative", Value.MARK),
  SAMESEED("--sameseed", Value.MARK),
  UPLIGHT("--uplight", Value.MARK),
  UPBETA("--upbeta", Value.MARK),
  UPANIME("--upanime", Value.MARK),
  LOOP("--loop", Value.MARK),
  PUBLIC("--public", Value.MARK),
  STEALTH("--stealth", Value.MARK);

  /** What follows a flag in the prompt. */
  enum Value {
    /** Nothing: the words after it are prompt text ({@code --tile}, {@code --raw}). */
    NONE,
    /** One token we validate; later words are prompt text. */
    ONE,
    /** Every token up to the next flag ({@code --no red flowers, people}). */
    LIST,
    /** Every token up to the next flag, not interpreted: links, codes, weights as the client wrote them. */
    PASSED,
    /** Nothing, and not interpreted either: a switch Midjourney reads ({@code --raw}, {@code --draft}). */
    MARK
  }

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

  final Value value;

  private final String[] aliases;

  PromptFlag(String canonical, Value value, String... aliases) {
    this.canonical = canonical;
    this.value = value;
    this.aliases = aliases;
  }

  /** Flag for a lower-cased name without dashes ({@code "s"} → STYLIZE); empty when unknown. */
  static Optional<PromptFlag> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Whether we only recognise this flag and pass it on, rather than validate it. */
  boolean passedThrough() {
    return value == Value.PASSED || value == Value.MARK;
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
