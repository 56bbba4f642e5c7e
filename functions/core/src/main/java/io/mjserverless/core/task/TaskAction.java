package io.mjserverless.core.task;

/** What a task does; the names are the wire values of the task's {@code action} field. */
public enum TaskAction {
  IMAGINE, UPSCALE, VARIATION, REROLL, DESCRIBE, BLEND, ZOOM, PAN, SHORTEN, SWAP_FACE, UPSCALE_HD;

  /** Results that are a 2x2 grid and so carry U/V/reroll buttons. */
  public boolean producesGrid() {
    return switch (this) {
      case IMAGINE, BLEND, VARIATION, REROLL, ZOOM, PAN -> true;
      default -> false;
    };
  }
}
