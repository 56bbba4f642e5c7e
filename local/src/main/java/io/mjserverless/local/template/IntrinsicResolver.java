package io.mjserverless.local.template;

import io.mjserverless.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions of one parsed template in a local context: the template's
 * parameters (defaults, overridable), the AWS pseudo parameters of a {@link StackContext}, its
 * Conditions and Mappings, and Ref/GetAtt of its resources through a {@link PhysicalNaming}.
 *
 * <p>Supported: Ref, Fn::Sub (string and [string, map]), Fn::GetAtt ("A.B" and [A, B]), Fn::Join,
 * Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, Fn::Select, Fn::Split, Fn::FindInMap
 * (with the optional {DefaultValue: x}), Fn::Base64, Fn::GetAZs (the region + a, b, c),
 * Fn::Length, Fn::ToJsonString. Not supported locally (an error when evaluated): Fn::ImportValue,
 * Fn::Cidr, Fn::Transform and anything else. Ref of AWS::NoValue removes the enclosing map key or
 * list element. SAM's {@code !Ref Fn.Alias}, {@code !Ref Fn.Version} and {@code !Ref FnRole} (the
 * generated execution role of a function without a Role) are understood.
 *
 * <p>Every failure is a {@link TemplateException} whose message starts with the template path of
 * the value (e.g. {@code Resources.X.Properties.Environment.Variables.Y}) and shows the intrinsic.
 */
public final class IntrinsicResolver {

  /** What a Ref of AWS::NoValue evaluates to; maps and lists drop it. */
  public static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "AWS::NoValue";
    }
  };

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private final StackContext stack;
  private final PhysicalNaming naming;
  private final Map<String, ParameterValue> parameters = new LinkedHashMap<>();
  private final Map<String, Object> mappings;
  private final Map<String, Object> conditionBodies;
  private final Map<String, Boolean> conditions = new LinkedHashMap<>();
  private final Set<String> conditionsInProgress = new HashSet<>();
  private final Map<String, TemplateResource> resources = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> globals;
  private final Deque<String> namingInProgress = new ArrayDeque<>();
  private final PhysicalNaming.Lookup lookup = new PhysicalNaming.Lookup() {
    @Override
    public StackContext stack() {
      return stack;
    }

    @Override
    public Optional<String> property(TemplateResource resource, String name) {
      return resolvedProperty(resource, name);
    }
  };

  /** A parameter's effective value: a String, a List of String (list types), or missing. */
  private record ParameterValue(String type, Object value, String missingReason) {}

  /**
   * @param template the parsed template ({@link CfnYaml})
   * @param parameterOverrides values by parameter name; an unknown name is an error
   */
  public IntrinsicResolver(Map<String, Object> template, Map<String, String> parameterOverrides,
      StackContext stack, PhysicalNaming naming) {
    this.stack = stack;
    this.naming = naming;
    this.mappings = section(template, "Mappings");
    this.conditionBodies = section(template, "Conditions");
    Map<String, Object> globalsSection = section(template, "Globals");
    Map<String, Map<String, Object>> g = new LinkedHashMap<>();
    globalsSection.forEach((k, v) -> g.put(k, mapAt(v, "Globals." + k)));
    this.globals = g;
    readParameters(section(template, "Parameters"), parameterOverrides == null ? Map.of() : parameterOverrides);
    for (String name : conditionBodies.keySet()) {
      condition(name, "Conditions." + name);
    }
    section(template, "Resources").forEach((id, body) -> {
      Map<String, Object> r = mapAt(body, "Resources." + id);
      Object type = r.get("Type");
      if (!(type instanceof String t)) {
        throw new TemplateException("Resources." + id + ".Type: missing or not a string");
      }
      Object cond = r.get("Condition");
      String condName = null;
      boolean created = true;
      if (cond != null) {
        if (!(cond instanceof String c)) {
          throw new TemplateException("Resources." + id + ".Condition: must be the name of a condition");
        }
        condName = c;
        created = condition(c, "Resources." + id + ".Condition");
      }
      Object props = r.get("Properties");
      Map<String, Object> properties = props == null ? new LinkedHashMap<>() : mapAt(props, "Resources." + id + ".Properties");
      resources.put(id, new TemplateResource(id, t, condName, created, Collections.unmodifiableMap(properties)));
    });
  }

  public StackContext stack() {
    return stack;
  }

  /** Every resource of the template, in template order (including those whose condition is false). */
  public Map<String, TemplateResource> resources() {
    return Collections.unmodifiableMap(resources);
  }

  /** A section of Globals ({@code Function}, {@code HttpApi}, ...), empty when absent. */
  public Map<String, Object> globals(String section) {
    return globals.getOrDefault(section, Map.of());
  }

  /** Every condition of the template, evaluated. */
  public Map<String, Boolean> conditions() {
    return Collections.unmodifiableMap(conditions);
  }

  /** Effective parameter values as strings (list types joined by commas); those without a value are left out. */
  public Map<String, String> parameterValues() {
    Map<String, String> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (v.value() instanceof String s) {
        out.put(k, s);
      } else if (v.value() instanceof List<?> l) {
        out.put(k, String.join(",", l.stream().map(String::valueOf).toList()));
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ public evaluation

  /**
   * Evaluates every intrinsic in {@code node}, deeply. Maps and lists lose the entries that are
   * AWS::NoValue; a top-level AWS::NoValue comes back as {@link #NO_VALUE}.
   *
   * @param where the template path of {@code node}, for messages
   */
  public Object resolve(Object node, String where) {
    if (node instanceof Intrinsic i) {
      return evaluate(i, where);
    }
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object v = resolve(e.getValue(), where + "." + e.getKey());
        if (v != NO_VALUE) {
          out.put(String.valueOf(e.getKey()), v);
        }
      }
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        Object v = resolve(l.get(i), where + "[" + i + "]");
        if (v != NO_VALUE) {
          out.add(v);
        }
      }
      return out;
    }
    return node;
  }

  /** Evaluates to a string (numbers as their text, booleans as true/false); empty for null or AWS::NoValue. */
  public Optional<String> resolveString(Object node, String where) {
    Object v = resolve(node, where);
    if (v == null || v == NO_VALUE) {
      return Optional.empty();
    }
    if (v instanceof List || v instanceof Map) {
      throw new TemplateException(where + ": expected a string, got " + describe(v)
          + (node instanceof Intrinsic i ? " from " + i : ""));
    }
    return Optional.of(text(v));
  }

  /** The value of a condition; an unknown name is an error naming {@code where}. */
  public boolean condition(String name, String where) {
    Boolean known = conditions.get(name);
    if (known != null) {
      return known;
    }
    if (!conditionBodies.containsKey(name)) {
      throw new TemplateException(where + ": no condition named '" + name + "' in Conditions");
    }
    if (!conditionsInProgress.add(name)) {
      throw new TemplateException(where + ": condition '" + name + "' depends on itself");
    }
    try {
      Object v = resolve(conditionBodies.get(name), "Conditions." + name);
      boolean b = asBoolean(v, "Conditions." + name, null);
      conditions.put(name, b);
      return b;
    } finally {
      conditionsInProgress.remove(name);
    }
  }

  /** Text of a resolved scalar: numbers as written (decimals without exponent), booleans true/false. */
  public static String text(Object scalar) {
    if (scalar instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(scalar);
  }

  // ------------------------------------------------------------------ parameters

  private void readParameters(Map<String, Object> declared, Map<String, String> overrides) {
    for (String name : overrides.keySet()) {
      if (!declared.containsKey(name)) {
        throw new TemplateException("parameter override '" + name + "': the template declares no such parameter (declared: "
            + declared.keySet() + ")");
      }
    }
    declared.forEach((name, body) -> {
      String where = "Parameters." + name;
      Map<String, Object> p = mapAt(body, where);
      String type = p.get("Type") instanceof String t ? t : "String";
      String raw;
      if (overrides.containsKey(name)) {
        raw = overrides.get(name);
      } else if (p.containsKey("Default")) {
        Object d = p.get("Default");
        if (d instanceof List<?> l) {
          raw = String.join(",", l.stream().map(IntrinsicResolver::text).toList());
        } else if (d instanceof Map || d instanceof Intrinsic) {
          throw new TemplateException(where + ".Default: must be a plain value");
        } else {
          raw = d == null ? "" : text(d);
        }
      } else {
        parameters.put(name, new ParameterValue(type, null,
            "parameter " + name + " has no Default and no override was given"));
        return;
      }
      if (type.startsWith("AWS::SSM::Parameter::Value<") && !overrides.containsKey(name)) {
        parameters.put(name, new ParameterValue(type, null,
            "parameter " + name + " is of type " + type + ", which is not looked up locally; give an override"));
        return;
      }
      boolean list = type.startsWith("List<") || type.equals("CommaDelimitedList")
          || type.startsWith("AWS::SSM::Parameter::Value<List<") || type.equals("AWS::SSM::Parameter::Value<CommaDelimitedList>");
      List<String> items = list ? splitList(raw) : List.of(raw);
      for (String item : items) {
        validate(name, where, p, type, item);
      }
      parameters.put(name, new ParameterValue(type, list ? items : raw, null));
    });
  }

  private static List<String> splitList(String raw) {
    if (raw.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",", -1)) {
      out.add(s.trim());
    }
    return out;
  }

  private static void validate(String name, String where, Map<String, Object> p, String type, String value) {
    String bad = "parameter " + name + " = '" + value + "': ";
    if ((type.equals("Number") || type.equals("List<Number>")) && !NUMBER.matcher(value).matches()) {
      throw new TemplateException(where + ": " + bad + "not a number");
    }
    if (p.get("AllowedValues") instanceof List<?> allowed) {
      List<String> texts = allowed.stream().map(IntrinsicResolver::text).toList();
      if (!texts.contains(value)) {
        throw new TemplateException(where + ": " + bad + "not one of the AllowedValues " + texts);
      }
    }
    if (p.get("AllowedPattern") instanceof String pattern && !Pattern.compile(pattern).matcher(value).matches()) {
      throw new TemplateException(where + ": " + bad + "does not match AllowedPattern " + pattern);
    }
    if (p.get("MinLength") instanceof Number min && value.length() < min.intValue()) {
      throw new TemplateException(where + ": " + bad + "shorter than MinLength " + min);
    }
    if (p.get("MaxLength") instanceof Number max && value.length() > max.intValue()) {
      throw new TemplateException(where + ": " + bad + "longer than MaxLength " + max);
    }
    if (type.equals("Number")) {
      BigDecimal v = new BigDecimal(value.startsWith("+") ? value.substring(1) : value);
      if (p.get("MinValue") instanceof Number min && v.compareTo(new BigDecimal(text(min))) < 0) {
        throw new TemplateException(where + ": " + bad + "below MinValue " + text(min));
      }
      if (p.get("MaxValue") instanceof Number max && v.compareTo(new BigDecimal(text(max))) > 0) {
        throw new TemplateException(where + ": " + bad + "above MaxValue " + text(max));
      }
    }
  }

  // ------------------------------------------------------------------ intrinsics

  private Object evaluate(Intrinsic i, String where) {
    switch (i.function()) {
      case "Ref":
        return ref(nameArg(i, where), where, i, "");
      case "Condition":
        return condition(nameArg(i, where), where);
      case "Fn::Sub":
        return sub(i, where);
      case "Fn::GetAtt":
        return getAtt(i, where);
      case "Fn::Join": {
        List<?> args = args(i, where, 2, 2);
        String delimiter = string(args.get(0), where, i);
        List<?> items = list(resolve(args.get(1), where), where, i);
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
          texts.add(scalar(item, where, i));
        }
        return String.join(delimiter, texts);
      }
      case "Fn::If": {
        List<?> args = args(i, where, 3, 3);
        if (!(args.get(0) instanceof String name)) {
          throw fail(where, i, "the first argument must be a condition name");
        }
        return resolve(condition(name, where) ? args.get(1) : args.get(2), where);
      }
      case "Fn::Equals": {
        List<?> args = args(i, where, 2, 2);
        return canonical(resolve(args.get(0), where)).equals(canonical(resolve(args.get(1), where)));
      }
      case "Fn::Not": {
        Object arg = i.argument() instanceof List<?> l && l.size() == 1 ? l.get(0) : i.argument();
        if (arg instanceof List) {
          throw fail(where, i, "takes a list of exactly one condition");
        }
        return !asBoolean(resolve(arg, where), where, i);
      }
      case "Fn::And":
      case "Fn::Or": {
        List<?> args = args(i, where, 2, 10);
        boolean and = i.function().equals("Fn::And");
        for (Object arg : args) {
          boolean b = asBoolean(resolve(arg, where), where, i);
          if (and != b) {
            return b;
          }
        }
        return and;
      }
      case "Fn::Select": {
        List<?> args = args(i, where, 2, 2);
        String indexText = string(args.get(0), where, i);
        int index;
        try {
          index = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
          throw fail(where, i, "index '" + indexText + "' is not an integer");
        }
        List<?> items = list(resolve(args.get(1), where), where, i);
        if (index < 0 || index >= items.size()) {
          throw fail(where, i, "index " + index + " is outside the list of " + items.size());
        }
        return items.get(index);
      }
      case "Fn::Split": {
        List<?> args = args(i, where, 2, 2);
        String delimiter = string(args.get(0), where, i);
        String source = string(args.get(1), where, i);
        if (delimiter.isEmpty()) {
          throw fail(where, i, "the delimiter is empty");
        }
        return new ArrayList<>(List.of(source.split(Pattern.quote(delimiter), -1)));
      }
      case "Fn::FindInMap":
        return findInMap(i, where);
      case "Fn::Base64":
        return Base64.getEncoder().encodeToString(string(i.argument(), where, i).getBytes(StandardCharsets.UTF_8));
      case "Fn::GetAZs":
        return new ArrayList<>(List.of(stack.region() + "a", stack.region() + "b", stack.region() + "c"));
      case "Fn::Length":
        return list(resolve(i.argument(), where), where, i).size();
      case "Fn::ToJsonString": {
        Object v = resolve(i.argument(), where);
        return v instanceof String s ? s : Json.write(v);
      }
      case "Fn::ImportValue":
        throw fail(where, i, "imports from other stacks are not supported locally");
      default:
        throw fail(where, i, i.function() + " is not supported locally");
    }
  }

  /** @param context prefix of failure reasons ("${X}: " inside a Sub) */
  private Object ref(String name, String where, Intrinsic i, String context) {
    switch (name) {
      case "AWS::Region":
        return stack.region();
      case "AWS::AccountId":
        return stack.accountId();
      case "AWS::Partition":
        return stack.partition();
      case "AWS::URLSuffix":
        return stack.urlSuffix();
      case "AWS::StackName":
        return stack.stackName();
      case "AWS::StackId":
        return stack.stackId();
      case "AWS::NotificationARNs":
        return new ArrayList<>();
      case "AWS::NoValue":
        return NO_VALUE;
      default:
        break;
    }
    ParameterValue p = parameters.get(name);
    if (p != null) {
      if (p.value() == null) {
        throw fail(where, i, context + p.missingReason());
      }
      return p.value() instanceof List<?> l ? new ArrayList<>(l) : p.value();
    }
    TemplateResource r = resources.get(name);
    if (r != null) {
      return name(r, null, where, i, context);
    }
    int dot = name.indexOf('.');
    if (dot > 0) {
      TemplateResource base = resources.get(name.substring(0, dot));
      if (base != null && base.isFunction()) {
        return name(base, name.substring(dot + 1), where, i, context);
      }
    }
    if (name.endsWith("Role")) {
      TemplateResource base = resources.get(name.substring(0, name.length() - 4));
      if (base != null && "AWS::Serverless::Function".equals(base.type()) && !base.properties().containsKey("Role")) {
        return name(base, "Role", where, i, context);
      }
    }
    if (name.startsWith("AWS::")) {
      throw fail(where, i, context + "unknown pseudo parameter " + name);
    }
    throw fail(where, i, context + "no parameter, pseudo parameter or resource named '" + name + "'");
  }

  private String name(TemplateResource r, String qualifier, String where, Intrinsic i, String context) {
    return naming(r, where, i, context, () -> naming.ref(r, qualifier, lookup),
        "no local physical name for a Ref of " + r.type() + (qualifier == null ? "" : " ." + qualifier));
  }

  private Object getAtt(Intrinsic i, String where) {
    String id;
    String attribute;
    if (i.argument() instanceof String s) {
      int dot = s.indexOf('.');
      if (dot <= 0 || dot == s.length() - 1) {
        throw fail(where, i, "expected LogicalId.Attribute");
      }
      id = s.substring(0, dot);
      attribute = s.substring(dot + 1);
    } else {
      List<?> args = args(i, where, 2, 2);
      if (!(args.get(0) instanceof String s)) {
        throw fail(where, i, "the logical id must be a string");
      }
      id = s;
      attribute = string(args.get(1), where, i);
    }
    return getAtt(id, attribute, where, i, "");
  }

  private String getAtt(String id, String attribute, String where, Intrinsic i, String context) {
    TemplateResource r = resources.get(id);
    if (r == null) {
      throw fail(where, i, context + "no resource named '" + id + "'");
    }
    return naming(r, where, i, context, () -> naming.getAtt(r, attribute, lookup),
        "attribute " + attribute + " of " + r.type() + " is not available locally");
  }

  private interface Naming {
    String get();
  }

  private String naming(TemplateResource r, String where, Intrinsic i, String context, Naming call,
      String unsupported) {
    if (!r.created()) {
      throw fail(where, i, context + "resource " + r.logicalId() + " is not created: its condition " + r.condition() + " is false");
    }
    if (namingInProgress.contains(r.logicalId())) {
      throw fail(where, i, context + "circular reference through the name of " + r.logicalId());
    }
    namingInProgress.push(r.logicalId());
    String value;
    try {
      value = call.get();
    } catch (IllegalArgumentException e) {
      throw fail(where, i, context + e.getMessage());
    } finally {
      namingInProgress.pop();
    }
    if (value == null) {
      throw fail(where, i, context + unsupported);
    }
    return value;
  }

  private Optional<String> resolvedProperty(TemplateResource r, String name) {
    Object raw = r.properties().get(name);
    String where = r.propertiesPath() + "." + name;
    if (raw == null && "AWS::Serverless::Function".equals(r.type())) {
      raw = globals("Function").get(name);
      where = "Globals.Function." + name;
    } else if (raw == null && "AWS::Serverless::StateMachine".equals(r.type())) {
      raw = globals("StateMachine").get(name);
      where = "Globals.StateMachine." + name;
    }
    return raw == null ? Optional.empty() : resolveString(raw, where);
  }

  private String sub(Intrinsic i, String where) {
    String template;
    Map<String, Object> variables = new LinkedHashMap<>();
    if (i.argument() instanceof String s) {
      template = s;
    } else {
      List<?> args = args(i, where, 2, 2);
      if (!(args.get(0) instanceof String s)) {
        throw fail(where, i, "the first argument must be a string");
      }
      template = s;
      if (!(args.get(1) instanceof Map<?, ?> vars)) {
        throw fail(where, i, "the second argument must be a map of variables");
      }
      vars.forEach((k, v) -> variables.put(String.valueOf(k), v));
    }
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (true) {
      int start = template.indexOf("${", pos);
      if (start < 0) {
        out.append(template, pos, template.length());
        return out.toString();
      }
      out.append(template, pos, start);
      if (start + 2 < template.length() && template.charAt(start + 2) == '!') {
        out.append("${");
        pos = start + 3;
        continue;
      }
      int end = template.indexOf('}', start);
      if (end < 0) {
        throw fail(where, i, "unterminated ${ at offset " + start);
      }
      String name = template.substring(start + 2, end).trim();
      out.append(subVariable(name, variables, where, i));
      pos = end + 1;
    }
  }

  private String subVariable(String name, Map<String, Object> variables, String where, Intrinsic i) {
    if (variables.containsKey(name)) {
      return scalar(resolve(variables.get(name), where), where, i);
    }
    if (name.isEmpty()) {
      throw fail(where, i, "empty ${}");
    }
    String context = "${" + name + "}: ";
    int dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith("AWS::")) {
      String id = name.substring(0, dot);
      String rest = name.substring(dot + 1);
      TemplateResource r = resources.get(id);
      if (r != null && r.isFunction() && (rest.equals("Alias") || rest.equals("Version"))) {
        return name(r, rest, where, i, context);
      }
      return getAtt(id, rest, where, i, context);
    }
    Object v = ref(name, where, i, context);
    if (v == NO_VALUE) {
      throw fail(where, i, context + "is AWS::NoValue");
    }
    return scalar(v, where, i);
  }

  private Object findInMap(Intrinsic i, String where) {
    List<?> args = args(i, where, 3, 4);
    String mapName = string(args.get(0), where, i);
    String top = string(args.get(1), where, i);
    String second = string(args.get(2), where, i);
    Object defaultValue = null;
    boolean hasDefault = false;
    if (args.size() == 4) {
      if (!(args.get(3) instanceof Map<?, ?> d) || !d.containsKey("DefaultValue")) {
        throw fail(where, i, "the fourth argument must be {DefaultValue: ...}");
      }
      defaultValue = d.get("DefaultValue");
      hasDefault = true;
    }
    Object map = mappings.get(mapName);
    Object level = map instanceof Map<?, ?> m ? m.get(top) : null;
    Object value = level instanceof Map<?, ?> m ? m.get(second) : null;
    if (value == null) {
      if (hasDefault) {
        return resolve(defaultValue, where);
      }
      throw fail(where, i, map == null ? "no mapping named '" + mapName + "'"
          : level == null ? "mapping " + mapName + " has no key '" + top + "'"
          : "mapping " + mapName + "." + top + " has no key '" + second + "'");
    }
    return resolve(value, where);
  }

  // ------------------------------------------------------------------ helpers

  private String nameArg(Intrinsic i, String where) {
    if (!(i.argument() instanceof String s) || s.isEmpty()) {
      throw fail(where, i, "takes a name");
    }
    return s;
  }

  private static List<?> args(Intrinsic i, String where, int min, int max) {
    if (!(i.argument() instanceof List<?> l) || l.size() < min || l.size() > max) {
      throw fail(where, i, "takes a list of " + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments");
    }
    return l;
  }

  private String string(Object node, String where, Intrinsic i) {
    return scalar(resolve(node, where), where, i);
  }

  private static String scalar(Object v, String where, Intrinsic i) {
    if (v == null || v == NO_VALUE || v instanceof List || v instanceof Map) {
      throw fail(where, i, "expected a string, got " + describe(v));
    }
    return text(v);
  }

  private static List<?> list(Object v, String where, Intrinsic i) {
    if (!(v instanceof List<?> l)) {
      throw fail(where, i, "expected a list, got " + describe(v));
    }
    return l;
  }

  private static boolean asBoolean(Object v, String where, Intrinsic i) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    String message = "expected a condition (true/false), got " + describe(v);
    throw i == null ? new TemplateException(where + ": " + message) : fail(where, i, message);
  }

  private static Object canonical(Object v) {
    if (v instanceof List<?> l) {
      return l.stream().map(IntrinsicResolver::canonical).toList();
    }
    if (v == null || v instanceof Map) {
      return String.valueOf(v);
    }
    return text(v);
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v == NO_VALUE) {
      return "AWS::NoValue";
    }
    if (v instanceof List<?> l) {
      return "a list " + Intrinsic.render(l);
    }
    if (v instanceof Map<?, ?> m) {
      return "a map " + Intrinsic.render(m);
    }
    return "'" + text(v) + "'";
  }

  static TemplateException fail(String where, Intrinsic i, String reason) {
    return new TemplateException(where + ": " + i + ": " + reason);
  }

  private static Map<String, Object> section(Map<String, Object> template, String name) {
    Object s = template.get(name);
    return s == null ? new LinkedHashMap<>() : mapAt(s, name);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Object node, String where) {
    if (!(node instanceof Map)) {
      throw new TemplateException(where + ": expected a mapping, got "
          + (node instanceof Intrinsic i ? i.toString() : describe(node)));
    }
    return (Map<String, Object>) node;
  }
}
