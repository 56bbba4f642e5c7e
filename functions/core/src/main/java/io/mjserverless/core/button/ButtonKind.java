package io.mjserverless.core.button;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.task.TaskAction;
import java.util.Objects;

/**
 * What a button does, independent of the customId spelling (which only {@link CustomId} knows).
 * Every form clients can send is recognised, so an unsupported one (animate, video, bookmark, "Imagine
 * all") is refused with a clear message instead of "unknown customId".
 */
public enum ButtonKind {
  /** U1-U4 on a grid. */
  UPSCALE(true, false),
  /** V1-V4 on a grid. */
  VARIATION(true, false),
  /** 🔄 on a grid (or on an upscale, for older clients). */
  REROLL(true, false),
  /** Vary (Subtle). */
  VARY_SUBTLE(true, false),
  /** Vary (Strong). */
  VARY_STRONG(true, false),
  /** Vary (Region): the modal carries the mask. */
  VARY_REGION(true, true),
  /** Zoom Out 2x / 1.5x ({@code MJ::Outpaint::50|75}). */
  ZOOM_OUT(true, false),
  /** Custom Zoom: the modal prompt carries {@code --zoom}. */
  CUSTOM_ZOOM(true, true),
  /** ⬅️ ➡️ ⬆️ ⬇️. */
  PAN(true, false),
  /** Upscale (Subtle/Creative) or v5 Upscale (2x/4x). */
  UPSCALE_HD(true, false),
  /** Animate (High/Low motion): we make no video. */
  ANIMATE(false, false),
  /** Extend a video: we make no video. */
  ANIMATE_EXTEND(false, false),
  /** Upscale one video of a video grid: we make no video. */
  VIDEO_UPSCALE(false, false),
  /** ❤️ Favorite: a Discord bookmark, nothing to produce. */
  BOOKMARK(false, false),
  /** 1️⃣-4️⃣ on a describe result: imagine that prompt, after the modal. */
  DESCRIBE_PICK(true, true),
  /** 🎉 Imagine all: fans out into four tasks under one id, which our task model does not have. */
  DESCRIBE_ALL(false, false),
  /** 🔄 on a describe result: describe the same image again. */
  DESCRIBE_RETRY(true, false),
  /** 1️⃣-5️⃣ on a shorten result: imagine that prompt, after the modal. */
  SHORTEN_PICK(true, true);

  private final boolean supported;
  private final boolean modal;

  ButtonKind(boolean supported, boolean modal) {
    this.supported = supported;
    this.modal = modal;
  }

  /** Whether /submit/action accepts it; unsupported kinds are recognised only to be refused. */
  public boolean supported() {
    return supported;
  }

  /** Whether the action always goes through /submit/modal (code 21), whatever the account's remix setting. */
  public boolean modal() {
    return modal;
  }

  /**
   * The action of the task this button creates. Only a reroll depends on the parent: it repeats the
   * parent's job, except that rerolling an upscale re-imagines (there is no grid to upscale from again).
   *
   * @throws ValidationException (field {@code customId}) for an unsupported kind, or a reroll of a
   *     parent that has nothing to reroll (describe, shorten, face swap, HD upscale)
   */
  public TaskAction childAction(TaskAction parentAction) {
    Objects.requireNonNull(parentAction, "parentAction");
    return switch (this) {
      case UPSCALE -> TaskAction.UPSCALE;
      case VARIATION, VARY_SUBTLE, VARY_STRONG, VARY_REGION -> TaskAction.VARIATION;
      case REROLL -> rerollOf(parentAction);
      case ZOOM_OUT, CUSTOM_ZOOM -> TaskAction.ZOOM;
      case PAN -> TaskAction.PAN;
      case UPSCALE_HD -> TaskAction.UPSCALE_HD;
      case DESCRIBE_PICK, SHORTEN_PICK -> TaskAction.IMAGINE;
      case DESCRIBE_RETRY -> TaskAction.DESCRIBE;
      case ANIMATE, ANIMATE_EXTEND, VIDEO_UPSCALE, BOOKMARK, DESCRIBE_ALL ->
          throw new ValidationException("customId", "customId action " + this + " is not supported");
    };
  }

  private static TaskAction rerollOf(TaskAction parent) {
    if (parent == TaskAction.UPSCALE) {
      return TaskAction.IMAGINE;
    }
    if (parent.producesGrid()) {
      return parent;
    }
    throw new ValidationException("customId", "a " + parent + " task cannot be rerolled");
  }
}
