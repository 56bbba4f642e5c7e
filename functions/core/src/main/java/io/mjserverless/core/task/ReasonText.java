package io.mjserverless.core.task;

import java.util.regex.Pattern;

/**
 * The last guard on every reason a client reads (a task's failReason, a note in its properties): strips
 * what only an operator should see even if it slipped into a message we pass on, such as a Java class
 * name, a stack frame or an AWS request id, and caps the length. Plain text passes unchanged.
 */
public final class ReasonText {
  public static final int MAX_LENGTH = 500;
  private static final Pattern STACK_FRAMES = Pattern.compile("\\s+at [\\w$./]+\\(.*", Pattern.DOTALL);
  private static final Pattern AWS_DETAILS = Pattern.compile(
      "\\s*\\((?:Service|SDK Attempt Count|Status Code|Request ID|RequestId)[^)]*\\)"
      + "|\\s*(?:Extended )?Request ?ID: ?[\\w+/=-]+,?", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*\\b:?\\s*");
  private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern HEAP = Pattern.compile("Java heap space|GC overhead limit exceeded");

  private ReasonText() {}

  /** {@code raw} without internals; {@code null} stays null, and a reason that was nothing but internals becomes a generic one. */
  public static String clean(String raw) {
    if (raw == null) {
      return null;
    }
    String s = STACK_FRAMES.matcher(raw).replaceFirst("");
    s = AWS_DETAILS.matcher(s).replaceAll("");
    s = QUALIFIED_CLASS.matcher(s).replaceAll("");
    s = EXCEPTION_NAME.matcher(s).replaceAll("");
    s = HEAP.matcher(s).replaceAll("not enough memory");
    s = s.replaceAll("\\s+", " ").strip();
    s = s.replaceAll("^[:;,.\\s]+", "").replaceAll("[:;,\\s]+$", "");
    if (s.isEmpty()) {
      return raw.isBlank() ? raw : "the task failed because of an internal error";
    }
    return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "..." : s;
  }
}
