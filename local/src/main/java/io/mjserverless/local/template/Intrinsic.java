package io.mjserverless.local.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An unevaluated CloudFormation intrinsic function in a parsed template tree, from its short form
 * ({@code !Ref X}, {@code !Sub ...}) or its long form ({@code Ref: X}, {@code Fn::Sub: ...}).
 *
 * @param function the long-form name: {@code Ref}, {@code Condition} or {@code Fn::Xxx}
 * @param argument the argument as parsed (a String, Number, Boolean, List, Map or another Intrinsic)
 */
public record Intrinsic(String function, Object argument) {
  public Intrinsic {
    Objects.requireNonNull(function, "function");
  }

  /** The short YAML tag of this function: {@code !Ref}, {@code !Sub}, {@code !Condition}. */
  public String tag() {
    return "!" + (function.startsWith("Fn::") ? function.substring(4) : function);
  }

  /** The argument when it is a plain string, else null. */
  public String stringArgument() {
    return argument instanceof String s ? s : null;
  }

  /** Short-form rendering for error messages, e.g. {@code !GetAtt [Fn, Arn]} or {@code !Ref Missing}. */
  @Override
  public String toString() {
    return tag() + " " + render(argument);
  }

  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s.isEmpty() || s.contains(" ") || s.contains(",") || s.contains("$") ? "'" + s + "'" : s;
    }
    if (value instanceof Intrinsic i) {
      return "(" + i + ")";
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Intrinsic::render).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> e.getKey() + ": " + render(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(value);
  }
}
