package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset of this executor: {@code $} (the input) or {@code $$} (the context object),
 * followed by any number of {@code .name}, {@code ['name']} / {@code ["name"]} and {@code [index]}.
 * Wildcards, recursive descent, filters, slices and negative indexes are refused when parsing.
 */
final class JsonPathExpr {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String text;
  private final boolean context;
  /** Each step is a String (a field name) or an Integer (an array index). */
  private final List<Object> steps;

  private JsonPathExpr(String text, boolean context, List<Object> steps) {
    this.text = text;
    this.context = context;
    this.steps = List.copyOf(steps);
  }

  /** Parses a whole path. @throws IllegalArgumentException when it is not in the supported subset */
  static JsonPathExpr parse(String text) {
    int[] pos = {0};
    JsonPathExpr path = parse(text, pos, false);
    if (pos[0] != text.length()) {
      throw new IllegalArgumentException("path \"" + text + "\": unexpected '" + text.charAt(pos[0]) + "' at " + pos[0]);
    }
    return path;
  }

  /**
   * Parses a path that starts at pos[0] and, inside an intrinsic function's arguments, ends before
   * ',', ')' or white space; pos[0] is left after it.
   */
  static JsonPathExpr parse(String s, int[] pos, boolean inArguments) {
    int start = pos[0];
    int i = start;
    if (i >= s.length() || s.charAt(i) != '$') {
      throw new IllegalArgumentException("path \"" + s.substring(start) + "\" does not start with $");
    }
    i++;
    boolean context = false;
    if (i < s.length() && s.charAt(i) == '$') {
      context = true;
      i++;
    }
    List<Object> steps = new ArrayList<>();
    while (i < s.length()) {
      char c = s.charAt(i);
      if (inArguments && (c == ',' || c == ')' || Character.isWhitespace(c))) {
        break;
      }
      if (c == '.') {
        i++;
        if (i < s.length() && s.charAt(i) == '.') {
          throw unsupported(s, start, "recursive descent (..)");
        }
        int nameStart = i;
        while (i < s.length()) {
          char d = s.charAt(i);
          if (d == '.' || d == '[' || (inArguments && (d == ',' || d == ')' || Character.isWhitespace(d)))) {
            break;
          }
          i++;
        }
        String name = s.substring(nameStart, i);
        if (name.isEmpty()) {
          throw new IllegalArgumentException("path \"" + s.substring(start, i) + "\" has an empty field name");
        }
        checkName(s, start, name);
        steps.add(name);
      } else if (c == '[') {
        i++;
        if (i >= s.length()) {
          throw new IllegalArgumentException("path \"" + s.substring(start) + "\" ends inside [");
        }
        char d = s.charAt(i);
        if (d == '\'' || d == '"') {
          StringBuilder name = new StringBuilder();
          i++;
          while (i < s.length() && s.charAt(i) != d) {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
              i++;
            }
            name.append(s.charAt(i));
            i++;
          }
          if (i >= s.length()) {
            throw new IllegalArgumentException("path \"" + s.substring(start) + "\" has an unterminated quoted name");
          }
          i++;
          steps.add(name.toString());
        } else if (d >= '0' && d <= '9') {
          int numStart = i;
          while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
          }
          try {
            steps.add(Integer.parseInt(s.substring(numStart, i)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("path \"" + s.substring(start, i) + "\" has an index out of range");
          }
        } else if (d == '*') {
          throw unsupported(s, start, "the wildcard [*]");
        } else if (d == '?' || d == '(') {
          throw unsupported(s, start, "filter and script expressions");
        } else if (d == '-') {
          throw unsupported(s, start, "negative indexes");
        } else {
          throw unsupported(s, start, "'[" + d + "'");
        }
        if (i >= s.length() || s.charAt(i) != ']') {
          char bad = i >= s.length() ? ' ' : s.charAt(i);
          if (bad == ':' || bad == ',') {
            throw unsupported(s, start, "slices and unions");
          }
          throw new IllegalArgumentException("path \"" + s.substring(start) + "\" misses ]");
        }
        i++;
      } else {
        throw new IllegalArgumentException("path \"" + s.substring(start) + "\": unexpected '" + c + "' at " + (i - start));
      }
    }
    pos[0] = i;
    return new JsonPathExpr(s.substring(start, i), context, steps);
  }

  private static void checkName(String s, int start, String name) {
    if (name.equals("*")) {
      throw unsupported(s, start, "the wildcard .*");
    }
    for (char c : new char[] {'*', '?', '@', '(', ')', ']', '\'', '"'}) {
      if (name.indexOf(c) >= 0) {
        throw unsupported(s, start, "'" + c + "' in a field name (use ['...'])");
      }
    }
  }

  private static IllegalArgumentException unsupported(String s, int start, String what) {
    return new IllegalArgumentException("path \"" + s.substring(start) + "\" uses " + what + ", which is not supported");
  }

  String text() {
    return text;
  }

  /** True for a path into the context object ($$...). */
  boolean isContext() {
    return context;
  }

  boolean isRoot() {
    return steps.isEmpty();
  }

  /** The value at this path, or Java null when nothing matches (a JSON null that is there is a NullNode). */
  JsonNode read(JsonNode input, JsonNode contextObject) {
    JsonNode current = context ? contextObject : input;
    for (Object step : steps) {
      if (current == null) {
        return null;
      }
      if (step instanceof String name) {
        current = current.isObject() ? current.get(name) : null;
      } else {
        current = current.isArray() ? current.get((Integer) step) : null;
      }
    }
    return current;
  }

  /** Like {@link #read}, but a path that matches nothing is a States.Runtime error. */
  JsonNode require(JsonNode input, JsonNode contextObject, String what) {
    JsonNode value = read(input, contextObject);
    if (value == null) {
      throw StatesError.runtime("The JSONPath '" + text + "' specified for " + what + " could not be found in the "
          + (context ? "context object" : "input") + " '" + abbreviate(context ? contextObject : input) + "'");
    }
    return value;
  }

  /**
   * A copy of root with value placed at this path (ResultPath): missing objects on the way are
   * created; an existing array element can be replaced.
   *
   * @throws StatesError States.ResultPathMatchFailure when the path cannot be applied to root
   */
  JsonNode write(JsonNode root, JsonNode value) {
    if (steps.isEmpty()) {
      return value;
    }
    if (root == null || !root.isContainerNode()) {
      throw failure(root);
    }
    JsonNode copy = root.deepCopy();
    JsonNode current = copy;
    for (int k = 0; k < steps.size(); k++) {
      Object step = steps.get(k);
      boolean last = k == steps.size() - 1;
      if (step instanceof String name) {
        if (!(current instanceof ObjectNode object)) {
          throw failure(root);
        }
        if (last) {
          object.set(name, value);
        } else {
          JsonNode child = object.get(name);
          if (child == null || child.isNull()) {
            child = steps.get(k + 1) instanceof String ? object.putObject(name) : null;
          }
          if (child == null || !child.isContainerNode()) {
            throw failure(root);
          }
          current = child;
        }
      } else {
        int index = (Integer) step;
        if (!(current instanceof ArrayNode array) || index >= array.size()) {
          throw failure(root);
        }
        if (last) {
          array.set(index, value);
        } else {
          JsonNode child = array.get(index);
          if (child.isNull() && steps.get(k + 1) instanceof String) {
            child = array.objectNode();
            array.set(index, child);
          }
          if (!child.isContainerNode()) {
            throw failure(root);
          }
          current = child;
        }
      }
    }
    return copy;
  }

  private StatesError failure(JsonNode root) {
    return new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
        "Unable to apply ResultPath '" + text + "' to input '" + abbreviate(root) + "'");
  }

  static String abbreviate(JsonNode node) {
    String s = node == null ? "null" : node.toString();
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  static JsonNode emptyObject() {
    return NODES.objectNode();
  }

  @Override
  public String toString() {
    return text;
  }
}
