package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** One compiled Choice rule (JSONPath dialect): a comparison on a Variable, or And / Or / Not of rules. */
abstract class ChoiceRule {
  private static final Set<String> OPERATORS = Set.of(
      "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
      "StringMatches",
      "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
      "BooleanEquals",
      "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
      "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

  /** @throws StatesError States.Runtime when the Variable (or an operand path) matches nothing */
  abstract boolean test(JsonNode input, JsonNode context);

  /** Compiles a top-level rule (it must have Next) or, when nested, a rule that must not have Next. */
  static ChoiceRule compile(JsonNode rule, String field, boolean topLevel) {
    if (!rule.isObject()) {
      throw new DefinitionProblem(field, "must be an object");
    }
    if (topLevel) {
      JsonNode next = rule.get("Next");
      if (next == null || !next.isTextual()) {
        throw new DefinitionProblem(field + ".Next", "is required (a state name)");
      }
    } else if (rule.has("Next")) {
      throw new DefinitionProblem(field + ".Next", "is only allowed on a top-level choice rule");
    }
    if (rule.has("Condition")) {
      throw new DefinitionProblem(field + ".Condition", "is not supported (a JSONata field)");
    }
    if (rule.has("Assign")) {
      throw new DefinitionProblem(field + ".Assign", "is not supported (variables)");
    }
    List<String> operators = new ArrayList<>();
    List<String> combinators = new ArrayList<>();
    Iterator<String> names = rule.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.equals("Next") || name.equals("Comment") || name.equals("Variable")) {
        continue;
      }
      if (name.equals("And") || name.equals("Or") || name.equals("Not")) {
        combinators.add(name);
      } else if (OPERATORS.contains(name) || (name.endsWith("Path") && OPERATORS.contains(name.substring(0, name.length() - 4))
          && !name.startsWith("Is") && !name.equals("StringMatchesPath"))) {
        operators.add(name);
      } else {
        throw new DefinitionProblem(field + "." + name, "is not supported");
      }
    }
    if (!combinators.isEmpty()) {
      if (combinators.size() > 1 || !operators.isEmpty() || rule.has("Variable")) {
        throw new DefinitionProblem(field, "must have exactly one of And, Or, Not or a Variable with one comparison");
      }
      String op = combinators.get(0);
      JsonNode value = rule.get(op);
      if (op.equals("Not")) {
        return new Not(compile(value, field + ".Not", false));
      }
      if (!value.isArray() || value.isEmpty()) {
        throw new DefinitionProblem(field + "." + op, "must be a non-empty array of rules");
      }
      List<ChoiceRule> rules = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        rules.add(compile(value.get(i), field + "." + op + "[" + i + "]", false));
      }
      return new Junction(op.equals("And"), rules);
    }
    JsonNode variable = rule.get("Variable");
    if (variable == null || !variable.isTextual()) {
      throw new DefinitionProblem(field + ".Variable", "is required (a path)");
    }
    JsonPathExpr variablePath = path(variable.asText(), field + ".Variable");
    if (operators.size() != 1) {
      throw new DefinitionProblem(field, "must have exactly one comparison operator, not " + operators.size());
    }
    String operator = operators.get(0);
    return Comparison.compile(variablePath, operator, rule.get(operator), field + "." + operator);
  }

  static JsonPathExpr path(String text, String field) {
    try {
      return JsonPathExpr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DefinitionProblem(field, "is invalid: " + e.getMessage());
    }
  }

  private static final class Not extends ChoiceRule {
    private final ChoiceRule rule;

    Not(ChoiceRule rule) {
      this.rule = rule;
    }

    @Override
    boolean test(JsonNode input, JsonNode context) {
      return !rule.test(input, context);
    }
  }

  private static final class Junction extends ChoiceRule {
    private final boolean and;
    private final List<ChoiceRule> rules;

    Junction(boolean and, List<ChoiceRule> rules) {
      this.and = and;
      this.rules = List.copyOf(rules);
    }

    @Override
    boolean test(JsonNode input, JsonNode context) {
      for (ChoiceRule rule : rules) {
        if (rule.test(input, context) != and) {
          return !and;
        }
      }
      return and;
    }
  }

  private static final class Comparison extends ChoiceRule {
    private enum Family { STRING, NUMERIC, BOOLEAN, TIMESTAMP, MATCHES, TYPE }

    private final JsonPathExpr variable;
    private final String operator;
    private final Family family;
    /** For comparisons: EQ, LT, GT, LE, GE; for type tests the tested type. */
    private final String relation;
    private final JsonNode literal;
    private final JsonPathExpr operandPath;
    private final Pattern pattern;

    private Comparison(JsonPathExpr variable, String operator, Family family, String relation, JsonNode literal,
        JsonPathExpr operandPath, Pattern pattern) {
      this.variable = variable;
      this.operator = operator;
      this.family = family;
      this.relation = relation;
      this.literal = literal;
      this.operandPath = operandPath;
      this.pattern = pattern;
    }

    static Comparison compile(JsonPathExpr variable, String operator, JsonNode operand, String field) {
      if (operator.startsWith("Is")) {
        if (!operand.isBoolean()) {
          throw new DefinitionProblem(field, "must be true or false");
        }
        return new Comparison(variable, operator, Family.TYPE, operator.substring(2), operand, null, null);
      }
      boolean isPath = operator.endsWith("Path");
      String base = isPath ? operator.substring(0, operator.length() - 4) : operator;
      if (base.equals("StringMatches")) {
        if (!operand.isTextual()) {
          throw new DefinitionProblem(field, "must be a string");
        }
        return new Comparison(variable, operator, Family.MATCHES, "EQ", operand, null, wildcard(operand.asText()));
      }
      Family family;
      String relationName;
      if (base.startsWith("String")) {
        family = Family.STRING;
        relationName = base.substring(6);
      } else if (base.startsWith("Numeric")) {
        family = Family.NUMERIC;
        relationName = base.substring(7);
      } else if (base.startsWith("Boolean")) {
        family = Family.BOOLEAN;
        relationName = base.substring(7);
      } else {
        family = Family.TIMESTAMP;
        relationName = base.substring(9);
      }
      String relation = switch (relationName) {
        case "Equals" -> "EQ";
        case "LessThan" -> "LT";
        case "GreaterThan" -> "GT";
        case "LessThanEquals" -> "LE";
        case "GreaterThanEquals" -> "GE";
        default -> throw new DefinitionProblem(field, "is not supported");
      };
      if (isPath) {
        if (!operand.isTextual()) {
          throw new DefinitionProblem(field, "must be a path");
        }
        return new Comparison(variable, operator, family, relation, null, path(operand.asText(), field), null);
      }
      boolean ok = switch (family) {
        case STRING -> operand.isTextual();
        case NUMERIC -> operand.isNumber();
        case BOOLEAN -> operand.isBoolean();
        case TIMESTAMP -> operand.isTextual() && Timestamps.parse(operand.asText()) != null;
        default -> false;
      };
      if (!ok) {
        String expected = switch (family) {
          case STRING -> "a string";
          case NUMERIC -> "a number";
          case BOOLEAN -> "true or false";
          default -> "an RFC 3339 timestamp such as 2026-01-02T03:04:05Z";
        };
        throw new DefinitionProblem(field, "must be " + expected);
      }
      return new Comparison(variable, operator, family, relation, operand, null, null);
    }

    /** StringMatches: * matches any run of characters; \* is a literal star and \\ a literal backslash. */
    private static Pattern wildcard(String text) {
      StringBuilder regex = new StringBuilder();
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length()) {
          literal.append(text.charAt(++i));
        } else if (c == '*') {
          if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
          }
          regex.append(".*");
        } else {
          literal.append(c);
        }
      }
      if (literal.length() > 0) {
        regex.append(Pattern.quote(literal.toString()));
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    boolean test(JsonNode input, JsonNode context) {
      if (operator.equals("IsPresent")) {
        return (variable.read(input, context) != null) == literal.asBoolean();
      }
      JsonNode value = variable.read(input, context);
      if (value == null) {
        throw StatesError.runtime("Invalid path '" + variable.text() + "': the choice state's condition path ("
            + operator + ") references a value that is not in the input '" + JsonPathExpr.abbreviate(input) + "'");
      }
      if (family == Family.TYPE) {
        boolean is = switch (relation) {
          case "Null" -> value.isNull();
          case "Numeric" -> value.isNumber();
          case "String" -> value.isTextual();
          case "Boolean" -> value.isBoolean();
          case "Timestamp" -> value.isTextual() && Timestamps.parse(value.asText()) != null;
          default -> throw new IllegalStateException(relation);
        };
        return is == literal.asBoolean();
      }
      JsonNode operand = operandPath == null ? literal : operandPath.require(input, context, "the choice operator " + operator);
      switch (family) {
        case MATCHES:
          return value.isTextual() && pattern.matcher(value.asText()).matches();
        case STRING:
          return value.isTextual() && operand.isTextual() && holds(compareCodePoints(value.asText(), operand.asText()));
        case NUMERIC:
          return value.isNumber() && operand.isNumber() && holds(value.decimalValue().compareTo(operand.decimalValue()));
        case BOOLEAN:
          return value.isBoolean() && operand.isBoolean() && value.asBoolean() == operand.asBoolean();
        case TIMESTAMP: {
          Instant a = value.isTextual() ? Timestamps.parse(value.asText()) : null;
          Instant b = operand.isTextual() ? Timestamps.parse(operand.asText()) : null;
          return a != null && b != null && holds(a.compareTo(b));
        }
        default:
          throw new IllegalStateException(family.name());
      }
    }

    private boolean holds(int cmp) {
      return switch (relation) {
        case "EQ" -> cmp == 0;
        case "LT" -> cmp < 0;
        case "GT" -> cmp > 0;
        case "LE" -> cmp <= 0;
        case "GE" -> cmp >= 0;
        default -> throw new IllegalStateException(relation);
      };
    }

    private static int compareCodePoints(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int ca = a.codePointAt(i);
        int cb = b.codePointAt(j);
        if (ca != cb) {
          return Integer.compare(ca, cb);
        }
        i += Character.charCount(ca);
        j += Character.charCount(cb);
      }
      return Integer.compare(a.length() - i, b.length() - j);
    }
  }
}
