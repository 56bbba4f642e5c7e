package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A payload template (Parameters, ResultSelector): a JSON value in which, at any depth, a field
 * whose name ends in {@code .$} holds a path or an intrinsic function call whose value replaces it
 * (under the name without {@code .$}). Compiled once when the definition is loaded.
 */
final class PayloadTemplate {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private sealed interface Node permits Static, FromPath, FromCall, Obj, Arr {}

  private record Static(JsonNode value) implements Node {}

  private record FromPath(JsonPathExpr path, String field) implements Node {}

  private record FromCall(Intrinsics.Call call) implements Node {}

  private record Obj(List<Map.Entry<String, Node>> fields) implements Node {}

  private record Arr(List<Node> items) implements Node {}

  private final Node root;

  private PayloadTemplate(Node root) {
    this.root = root;
  }

  /**
   * @param fieldName the name of the field holding the template ("Parameters"), used in messages
   * @throws DefinitionProblem naming the failing field, e.g. "Parameters.error.Cause.$"
   */
  static PayloadTemplate compile(JsonNode template, String fieldName) {
    return new PayloadTemplate(compileNode(template, fieldName));
  }

  private static Node compileNode(JsonNode node, String field) {
    if (node.isObject()) {
      List<Map.Entry<String, Node>> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      boolean dynamic = false;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        String where = field + "." + key;
        Node compiled;
        if (key.endsWith(".$")) {
          compiled = compileDynamic(e.getValue(), where);
          key = key.substring(0, key.length() - 2);
        } else {
          compiled = compileNode(e.getValue(), where);
        }
        dynamic |= !(compiled instanceof Static);
        fields.add(Map.entry(key, compiled));
      }
      return dynamic ? new Obj(fields) : new Static(node);
    }
    if (node.isArray()) {
      List<Node> items = new ArrayList<>();
      boolean dynamic = false;
      for (int i = 0; i < node.size(); i++) {
        Node compiled = compileNode(node.get(i), field + "[" + i + "]");
        dynamic |= !(compiled instanceof Static);
        items.add(compiled);
      }
      return dynamic ? new Arr(items) : new Static(node);
    }
    return new Static(node);
  }

  private static Node compileDynamic(JsonNode value, String where) {
    if (!value.isTextual()) {
      throw new DefinitionProblem(where, "must be a string holding a path or an intrinsic function call");
    }
    String text = value.asText();
    try {
      if (Intrinsics.isCall(text)) {
        return new FromCall(Intrinsics.parse(text));
      }
      if (text.startsWith("$")) {
        return new FromPath(JsonPathExpr.parse(text), where);
      }
    } catch (Intrinsics.UnknownFunctionException e) {
      throw new DefinitionProblem(where, "uses an unknown intrinsic function \"" + e.function + "\"");
    } catch (IllegalArgumentException e) {
      throw new DefinitionProblem(where, "is invalid: " + e.getMessage());
    }
    throw new DefinitionProblem(where, "must be a path ($...) or an intrinsic function call (States....), not \"" + text + "\"");
  }

  /** The template's value for this input. @throws StatesError States.Runtime when a path matches nothing */
  JsonNode apply(JsonNode input, JsonNode context) {
    return apply(root, input, context);
  }

  private static JsonNode apply(Node node, JsonNode input, JsonNode context) {
    if (node instanceof Static s) {
      return s.value().deepCopy();
    }
    if (node instanceof FromPath p) {
      return p.path().require(input, context, "the field '" + p.field() + "'").deepCopy();
    }
    if (node instanceof FromCall c) {
      return Intrinsics.evaluate(c.call(), input, context);
    }
    if (node instanceof Obj o) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, Node> e : o.fields()) {
        out.set(e.getKey(), apply(e.getValue(), input, context));
      }
      return out;
    }
    ArrayNode out = NODES.arrayNode();
    for (Node item : ((Arr) node).items()) {
      out.add(apply(item, input, context));
    }
    return out;
  }
}
