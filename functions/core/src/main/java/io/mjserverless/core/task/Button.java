package io.mjserverless.core.task;

/** One action a finished task offers; {@code customId} is what a client sends to /submit/action. */
public record Button(String customId, String emoji, String label, int type, int style) {
  public static final int TYPE_BUTTON = 2;
  public static final int STYLE_PRIMARY = 1;
  public static final int STYLE_SECONDARY = 2;

  public static Button of(String customId, String emoji, String label) {
    return new Button(customId, emoji, label, TYPE_BUTTON, STYLE_SECONDARY);
  }
}
