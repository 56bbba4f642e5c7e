package io.mjserverless.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The intrinsic functions of the JSONPath dialect ({@code States.Format('{} {}', $.a, 'b')} and
 * friends): a parser that runs when the definition is loaded and an evaluator.
 */
final class Intrinsics {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Function name to {minimum, maximum} argument count (-1 = no maximum). */
  private static final Map<String, int[]> ARITY = Map.ofEntries(
      Map.entry("States.Format", new int[] {1, -1}),
      Map.entry("States.StringToJson", new int[] {1, 1}),
      Map.entry("States.JsonToString", new int[] {1, 1}),
      Map.entry("States.Array", new int[] {0, -1}),
      Map.entry("States.ArrayPartition", new int[] {2, 2}),
      Map.entry("States.ArrayContains", new int[] {2, 2}),
      Map.entry("States.ArrayRange", new int[] {3, 3}),
      Map.entry("States.ArrayGetItem", new int[] {2, 2}),
      Map.entry("States.ArrayLength", new int[] {1, 1}),
      Map.entry("States.ArrayUnique", new int[] {1, 1}),
      Map.entry("States.Base64Encode", new int[] {1, 1}),
      Map.entry("States.Base64Decode", new int[] {1, 1}),
      Map.entry("States.Hash", new int[] {2, 2}),
      Map.entry("States.JsonMerge", new int[] {3, 3}),
      Map.entry("States.MathRandom", new int[] {2, 3}),
      Map.entry("States.MathAdd", new int[] {2, 2}),
      Map.entry("States.StringSplit", new int[] {2, 2}),
      Map.entry("States.UUID", new int[] {0, 0}));

  private static final Map<String, String> HASHES = Map.of(
      "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

  private Intrinsics() {}

  /** An argument of an intrinsic function call. */
  sealed interface Arg permits Literal, StringLit, PathArg, Call {}

  /** A number, true, false or null. */
  record Literal(JsonNode value) implements Arg {}

  /** A quoted string; raw keeps its backslash escapes (States.Format needs them for \{ and \}). */
  record StringLit(String raw) implements Arg {
    String value() {
      StringBuilder out = new StringBuilder(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && i + 1 < raw.length()) {
          c = raw.charAt(++i);
        }
        out.append(c);
      }
      return out.toString();
    }
  }

  record PathArg(JsonPathExpr path) implements Arg {}

  record Call(String function, List<Arg> args, String text) implements Arg {}

  /** A function name that is not one of the intrinsic functions. */
  static final class UnknownFunctionException extends IllegalArgumentException {
    final String function;

    UnknownFunctionException(String function) {
      super("unknown intrinsic function \"" + function + "\"");
      this.function = function;
    }
  }

  static boolean isCall(String text) {
    return text.stripLeading().startsWith("States.");
  }

  /** Parses a whole call. @throws IllegalArgumentException (or UnknownFunctionException) when invalid */
  static Call parse(String text) {
    int[] pos = {0};
    skipSpace(text, pos);
    Call call = parseCall(text, pos);
    skipSpace(text, pos);
    if (pos[0] != text.length()) {
      throw new IllegalArgumentException("unexpected text after the intrinsic function call: \"" + text.substring(pos[0]) + "\"");
    }
    return call;
  }

  private static Call parseCall(String s, int[] pos) {
    int start = pos[0];
    int i = start;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    String name = s.substring(start, i);
    int[] arity = ARITY.get(name);
    if (arity == null) {
      throw new UnknownFunctionException(name);
    }
    pos[0] = i;
    skipSpace(s, pos);
    if (pos[0] >= s.length() || s.charAt(pos[0]) != '(') {
      throw new IllegalArgumentException(name + " misses its '('");
    }
    pos[0]++;
    List<Arg> args = new ArrayList<>();
    skipSpace(s, pos);
    if (pos[0] < s.length() && s.charAt(pos[0]) == ')') {
      pos[0]++;
    } else {
      while (true) {
        skipSpace(s, pos);
        args.add(parseArg(s, pos));
        skipSpace(s, pos);
        if (pos[0] >= s.length()) {
          throw new IllegalArgumentException(name + " misses its ')'");
        }
        char c = s.charAt(pos[0]++);
        if (c == ')') {
          break;
        }
        if (c != ',') {
          throw new IllegalArgumentException(name + ": expected ',' or ')' but found '" + c + "'");
        }
      }
    }
    if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
      String expected = arity[1] < 0 ? "at least " + arity[0] : arity[0] == arity[1] ? "" + arity[0] : arity[0] + " to " + arity[1];
      throw new IllegalArgumentException(name + " takes " + expected + " argument(s), not " + args.size());
    }
    Call call = new Call(name, List.copyOf(args), s.substring(start, pos[0]));
    checkFormat(call);
    return call;
  }

  private static void checkFormat(Call call) {
    if (call.function().equals("States.Format") && call.args().get(0) instanceof StringLit template) {
      int placeholders = countPlaceholders(template.raw());
      if (placeholders != call.args().size() - 1) {
        throw new IllegalArgumentException("States.Format: the template has " + placeholders
            + " placeholder(s) {} but " + (call.args().size() - 1) + " value(s) follow it");
      }
    }
  }

  private static int countPlaceholders(String raw) {
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        n++;
        i++;
      }
    }
    return n;
  }

  private static Arg parseArg(String s, int[] pos) {
    if (pos[0] >= s.length()) {
      throw new IllegalArgumentException("an argument is missing at the end");
    }
    char c = s.charAt(pos[0]);
    if (c == '\'') {
      int i = pos[0] + 1;
      StringBuilder raw = new StringBuilder();
      while (i < s.length() && s.charAt(i) != '\'') {
        if (s.charAt(i) == '\\' && i + 1 < s.length()) {
          raw.append('\\');
          i++;
        }
        raw.append(s.charAt(i));
        i++;
      }
      if (i >= s.length()) {
        throw new IllegalArgumentException("unterminated string literal");
      }
      pos[0] = i + 1;
      return new StringLit(raw.toString());
    }
    if (c == '$') {
      return new PathArg(JsonPathExpr.parse(s, pos, true));
    }
    if (s.startsWith("States.", pos[0])) {
      return parseCall(s, pos);
    }
    int i = pos[0];
    while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ')' && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    String token = s.substring(pos[0], i);
    if (token.isEmpty()) {
      throw new IllegalArgumentException("an argument is missing before '" + s.charAt(i) + "'");
    }
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(token);
    } catch (JsonProcessingException e) {
      value = null;
    }
    if (value == null || !(value.isNumber() || value.isBoolean() || value.isNull())) {
      throw new IllegalArgumentException("argument \"" + token + "\" is not a string in '', a number, true, false, null, a path or a function call");
    }
    pos[0] = i;
    return new Literal(value);
  }

  private static void skipSpace(String s, int[] pos) {
    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  // ---------------------------------------------------------------- evaluation

  static JsonNode evaluate(Call call, JsonNode input, JsonNode context) {
    List<JsonNode> values = new ArrayList<>(call.args().size());
    for (Arg arg : call.args()) {
      values.add(value(arg, input, context, call));
    }
    try {
      return apply(call, values);
    } catch (StatesError e) {
      throw e;
    } catch (RuntimeException e) {
      throw fail(call, e.getMessage());
    }
  }

  private static JsonNode value(Arg arg, JsonNode input, JsonNode context, Call call) {
    if (arg instanceof Literal literal) {
      return literal.value();
    }
    if (arg instanceof StringLit string) {
      return NODES.textNode(string.value());
    }
    if (arg instanceof PathArg path) {
      return path.path().require(input, context, "an argument of " + call.function());
    }
    return evaluate((Call) arg, input, context);
  }

  private static JsonNode apply(Call call, List<JsonNode> v) {
    switch (call.function()) {
      case "States.Format": {
        String template = call.args().get(0) instanceof StringLit lit ? lit.raw() : text(call, v.get(0), 1);
        return NODES.textNode(format(call, template, v.subList(1, v.size())));
      }
      case "States.StringToJson":
        try {
          return Json.MAPPER.readTree(text(call, v.get(0), 1));
        } catch (JsonProcessingException e) {
          throw fail(call, "the argument is not JSON: " + e.getOriginalMessage());
        }
      case "States.JsonToString":
        return NODES.textNode(Json.write(v.get(0)));
      case "States.Array": {
        ArrayNode array = NODES.arrayNode();
        v.forEach(array::add);
        return array;
      }
      case "States.ArrayPartition": {
        ArrayNode source = array(call, v.get(0), 1);
        int size = integer(call, v.get(1), 2);
        if (size <= 0) {
          throw fail(call, "the chunk size must be greater than 0");
        }
        ArrayNode out = NODES.arrayNode();
        ArrayNode chunk = null;
        for (JsonNode item : source) {
          if (chunk == null || chunk.size() == size) {
            chunk = out.addArray();
          }
          chunk.add(item);
        }
        return out;
      }
      case "States.ArrayContains": {
        ArrayNode source = array(call, v.get(0), 1);
        for (JsonNode item : source) {
          if (sameValue(item, v.get(1))) {
            return NODES.booleanNode(true);
          }
        }
        return NODES.booleanNode(false);
      }
      case "States.ArrayRange": {
        int start = integer(call, v.get(0), 1);
        int end = integer(call, v.get(1), 2);
        int step = integer(call, v.get(2), 3);
        if (step == 0) {
          throw fail(call, "the step must not be 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long x = start; step > 0 ? x <= end : x >= end; x += step) {
          if (out.size() == 1000) {
            throw fail(call, "the range has more than 1000 items");
          }
          out.add((int) x);
        }
        return out;
      }
      case "States.ArrayGetItem": {
        ArrayNode source = array(call, v.get(0), 1);
        int index = integer(call, v.get(1), 2);
        if (index < 0 || index >= source.size()) {
          throw fail(call, "index " + index + " is out of bounds for an array of " + source.size());
        }
        return source.get(index);
      }
      case "States.ArrayLength":
        return NODES.numberNode(array(call, v.get(0), 1).size());
      case "States.ArrayUnique": {
        ArrayNode out = NODES.arrayNode();
        Set<JsonNode> seen = new LinkedHashSet<>();
        for (JsonNode item : array(call, v.get(0), 1)) {
          boolean dup = false;
          for (JsonNode s : seen) {
            if (sameValue(s, item)) {
              dup = true;
              break;
            }
          }
          if (!dup) {
            seen.add(item);
            out.add(item);
          }
        }
        return out;
      }
      case "States.Base64Encode":
        return NODES.textNode(Base64.getEncoder().encodeToString(text(call, v.get(0), 1).getBytes(StandardCharsets.UTF_8)));
      case "States.Base64Decode":
        try {
          return NODES.textNode(new String(Base64.getDecoder().decode(text(call, v.get(0), 1)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw fail(call, "the argument is not Base64: " + e.getMessage());
        }
      case "States.Hash": {
        String data = v.get(0).isTextual() ? v.get(0).asText() : Json.write(v.get(0));
        String algorithm = HASHES.get(text(call, v.get(1), 2));
        if (algorithm == null) {
          throw fail(call, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
          byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
          return NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
          throw fail(call, "this JVM has no " + algorithm);
        }
      }
      case "States.JsonMerge": {
        ObjectNode left = object(call, v.get(0), 1);
        ObjectNode right = object(call, v.get(1), 2);
        if (!v.get(2).isBoolean()) {
          throw fail(call, "argument 3 (deep merge) must be true or false");
        }
        return merge(left.deepCopy(), right, v.get(2).asBoolean());
      }
      case "States.MathRandom": {
        int start = integer(call, v.get(0), 1);
        int end = integer(call, v.get(1), 2);
        if (end <= start) {
          throw fail(call, "the end must be greater than the start");
        }
        Random random = v.size() == 3 ? new Random(integer(call, v.get(2), 3)) : ThreadLocalRandom.current();
        return NODES.numberNode(start + random.nextInt(end - start));
      }
      case "States.MathAdd": {
        long sum = (long) integer(call, v.get(0), 1) + integer(call, v.get(1), 2);
        if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
          throw fail(call, "the sum is out of the integer range");
        }
        return NODES.numberNode((int) sum);
      }
      case "States.StringSplit": {
        String s = text(call, v.get(0), 1);
        String delimiters = text(call, v.get(1), 2);
        ArrayNode out = NODES.arrayNode();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (delimiters.indexOf(c) >= 0) {
            if (token.length() > 0) {
              out.add(token.toString());
            }
            token.setLength(0);
          } else {
            token.append(c);
          }
        }
        if (token.length() > 0) {
          out.add(token.toString());
        }
        return out;
      }
      case "States.UUID":
        return NODES.textNode(UUID.randomUUID().toString());
      default:
        throw new IllegalStateException(call.function());
    }
  }

  private static String format(Call call, String template, List<JsonNode> values) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\\' && i + 1 < template.length()) {
        out.append(template.charAt(++i));
      } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        if (next >= values.size()) {
          throw fail(call, "the template has more placeholders than values");
        }
        JsonNode value = values.get(next++);
        out.append(value.isTextual() ? value.asText() : Json.write(value));
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != values.size()) {
      throw fail(call, "the template has fewer placeholders than values");
    }
    return out.toString();
  }

  private static JsonNode merge(ObjectNode target, ObjectNode source, boolean deep) {
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (deep && existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode incoming) {
        merge(existingObject, incoming, true);
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return target;
  }

  /** JSON equality where numbers compare by value (1 equals 1.0). */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static String text(Call call, JsonNode value, int position) {
    if (!value.isTextual()) {
      throw fail(call, "argument " + position + " must be a string, not " + JsonPathExpr.abbreviate(value));
    }
    return value.asText();
  }

  private static ArrayNode array(Call call, JsonNode value, int position) {
    if (!(value instanceof ArrayNode array)) {
      throw fail(call, "argument " + position + " must be an array, not " + JsonPathExpr.abbreviate(value));
    }
    return array;
  }

  private static ObjectNode object(Call call, JsonNode value, int position) {
    if (!(value instanceof ObjectNode object)) {
      throw fail(call, "argument " + position + " must be an object, not " + JsonPathExpr.abbreviate(value));
    }
    return object;
  }

  private static int integer(Call call, JsonNode value, int position) {
    if (value.isNumber()) {
      BigDecimal d = value.decimalValue();
      try {
        BigInteger i = d.toBigIntegerExact();
        if (i.bitLength() < 32) {
          return i.intValue();
        }
      } catch (ArithmeticException e) {
        // not an integer: falls through
      }
    }
    throw fail(call, "argument " + position + " must be an integer, not " + JsonPathExpr.abbreviate(value));
  }

  private static StatesError fail(Call call, String message) {
    return StatesError.runtime("Invalid arguments in " + call.text() + ": " + message);
  }
}
