package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded state machine definition (Amazon States Language, JSONPath dialect). Loading validates
 * everything and refuses, with {@link UnsupportedDefinitionException}, both invalid definitions and
 * features this executor does not implement.
 */
final class Definition {
  private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Map<StateSpec.Type, Set<String>> FIELDS = Map.of(
      StateSpec.Type.TASK, Set.of("Resource", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
          "ResultPath", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath"),
      StateSpec.Type.PASS, Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath"),
      StateSpec.Type.WAIT, Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
      StateSpec.Type.CHOICE, Set.of("Choices", "Default", "InputPath", "OutputPath"),
      StateSpec.Type.SUCCEED, Set.of("InputPath", "OutputPath"),
      StateSpec.Type.FAIL, Set.of("Error", "Cause", "ErrorPath", "CausePath"));
  private static final Set<String> JSONATA_FIELDS = Set.of("Arguments", "Output", "Condition", "Items");
  private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
      "MaxDelaySeconds", "JitterStrategy", "Comment");
  private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");
  private static final long MAX_SECONDS = 99_999_999L;

  final String startAt;
  final Map<String, StateSpec> states;
  /** The state machine's TimeoutSeconds, or null. */
  final Integer timeoutSeconds;

  private Definition(String startAt, Map<String, StateSpec> states, Integer timeoutSeconds) {
    this.startAt = startAt;
    this.states = Collections.unmodifiableMap(states);
    this.timeoutSeconds = timeoutSeconds;
  }

  static Definition load(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new UnsupportedDefinitionException("state machine: the definition must be a JSON object");
    }
    String currentState = null;
    try {
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!TOP_FIELDS.contains(field)) {
          throw new DefinitionProblem(field, "is not supported");
        }
      }
      checkQueryLanguage(root);
      JsonNode version = root.get("Version");
      if (version != null && !"1.0".equals(version.asText())) {
        throw new DefinitionProblem("Version", "value \"" + version.asText() + "\" is not supported (only 1.0)");
      }
      Integer timeout = root.has("TimeoutSeconds") ? (int) seconds(root.get("TimeoutSeconds"), "TimeoutSeconds", 1) : null;
      String startAt = text(root, "StartAt", true);
      JsonNode statesNode = root.get("States");
      if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
        throw new DefinitionProblem("States", "must be a non-empty object");
      }
      Map<String, StateSpec> states = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        currentState = e.getKey();
        if (currentState.isEmpty() || currentState.length() > 80) {
          throw new DefinitionProblem("States", "has a state name that is empty or longer than 80 characters");
        }
        states.put(currentState, loadState(currentState, e.getValue()));
      }
      currentState = null;
      if (!states.containsKey(startAt)) {
        throw new DefinitionProblem("StartAt", "names no state \"" + startAt + "\"");
      }
      for (StateSpec s : states.values()) {
        currentState = s.name;
        checkTargets(s, states);
      }
      currentState = null;
      checkReachable(startAt, states);
      return new Definition(startAt, states, timeout);
    } catch (DefinitionProblem p) {
      throw new UnsupportedDefinitionException(p.describe(currentState));
    }
  }

  private static void checkQueryLanguage(JsonNode node) {
    JsonNode ql = node.get("QueryLanguage");
    if (ql != null && !"JSONPath".equals(ql.asText())) {
      throw new DefinitionProblem("QueryLanguage", "value \"" + ql.asText() + "\" is not supported (only JSONPath)");
    }
  }

  private static StateSpec loadState(String name, JsonNode node) {
    if (!node.isObject()) {
      throw new DefinitionProblem("Type", "is missing (the state is not an object)");
    }
    checkQueryLanguage(node);
    String typeName = text(node, "Type", true);
    StateSpec.Type type = switch (typeName) {
      case "Task" -> StateSpec.Type.TASK;
      case "Pass" -> StateSpec.Type.PASS;
      case "Wait" -> StateSpec.Type.WAIT;
      case "Choice" -> StateSpec.Type.CHOICE;
      case "Succeed" -> StateSpec.Type.SUCCEED;
      case "Fail" -> StateSpec.Type.FAIL;
      case "Map", "Parallel" -> throw new DefinitionProblem("Type", "value \"" + typeName + "\" is not supported");
      default -> throw new DefinitionProblem("Type", "value \"" + typeName + "\" is not a state type");
    };
    Set<String> allowed = FIELDS.get(type);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (COMMON.contains(field) || allowed.contains(field)) {
        continue;
      }
      if (JSONATA_FIELDS.contains(field)) {
        throw new DefinitionProblem(field, "is not supported (a JSONata field)");
      }
      if (field.equals("Assign")) {
        throw new DefinitionProblem(field, "is not supported (variables)");
      }
      throw new DefinitionProblem(field, "is not supported" + (isKnownElsewhere(field) ? " in a " + typeName + " state" : ""));
    }
    StateSpec s = new StateSpec();
    s.name = name;
    s.type = type;
    if (allowed.contains("Next")) {
      loadNextOrEnd(s, node);
    }
    if (allowed.contains("InputPath")) {
      s.inputPath = ioPath(node, "InputPath", false);
      s.outputPath = ioPath(node, "OutputPath", false);
    }
    if (allowed.contains("ResultPath")) {
      s.resultPath = ioPath(node, "ResultPath", true);
    }
    if (allowed.contains("Parameters") && node.has("Parameters")) {
      s.parameters = PayloadTemplate.compile(node.get("Parameters"), "Parameters");
    }
    switch (type) {
      case TASK -> loadTask(s, node);
      case PASS -> s.result = node.get("Result");
      case WAIT -> loadWait(s, node);
      case CHOICE -> loadChoice(s, node);
      case FAIL -> loadFail(s, node);
      default -> { }
    }
    return s;
  }

  private static boolean isKnownElsewhere(String field) {
    for (Set<String> fields : FIELDS.values()) {
      if (fields.contains(field)) {
        return true;
      }
    }
    return false;
  }

  private static void loadNextOrEnd(StateSpec s, JsonNode node) {
    JsonNode end = node.get("End");
    if (end != null && !(end.isBoolean() && end.asBoolean())) {
      throw new DefinitionProblem("End", "must be true when present");
    }
    s.end = end != null;
    s.next = text(node, "Next", false);
    if (s.end == (s.next != null)) {
      throw new DefinitionProblem(s.end ? "Next" : "Next", s.end ? "must not be used together with End" : "is required (or End: true)");
    }
  }

  private static StateSpec.IoPath ioPath(JsonNode node, String field, boolean forWriting) {
    JsonNode value = node.get(field);
    if (value == null) {
      return StateSpec.IoPath.ROOT;
    }
    if (value.isNull()) {
      return StateSpec.IoPath.NULL;
    }
    if (!value.isTextual()) {
      throw new DefinitionProblem(field, "must be a path or null");
    }
    JsonPathExpr path = path(value.asText(), field);
    if (forWriting && path.isContext()) {
      throw new DefinitionProblem(field, "must be a path into the input ($...), not the context object");
    }
    return new StateSpec.IoPath(path);
  }

  private static JsonPathExpr path(String text, String field) {
    return ChoiceRule.path(text, field);
  }

  private static void loadTask(StateSpec s, JsonNode node) {
    s.resource = text(node, "Resource", true);
    if (s.resource.isBlank()) {
      throw new DefinitionProblem("Resource", "must not be empty");
    }
    s.waitForToken = s.resource.equals(StateSpec.LAMBDA_INVOKE_WAIT_FOR_TOKEN);
    if (s.resource.endsWith(".waitForTaskToken") && !s.waitForToken) {
      throw new DefinitionProblem("Resource", "value \"" + s.resource + "\" is not supported (the callback pattern: only "
          + StateSpec.LAMBDA_INVOKE_WAIT_FOR_TOKEN + ")");
    }
    if (s.resource.startsWith(StateSpec.LAMBDA_INVOKE + ".") && !s.waitForToken) {
      throw new DefinitionProblem("Resource", "value \"" + s.resource + "\" is not supported");
    }
    s.lambdaInvoke = s.resource.equals(StateSpec.LAMBDA_INVOKE) || s.waitForToken;
    if (s.lambdaInvoke) {
      JsonNode params = node.get("Parameters");
      if (params == null || !params.isObject() || !(params.has("FunctionName") || params.has("FunctionName.$"))) {
        throw new DefinitionProblem("Parameters.FunctionName", "is required for " + StateSpec.LAMBDA_INVOKE);
      }
      for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        String bare = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
        if (!bare.equals("FunctionName") && !bare.equals("Payload")) {
          throw new DefinitionProblem("Parameters." + key, "is not supported for " + StateSpec.LAMBDA_INVOKE);
        }
      }
    }
    if (node.has("ResultSelector")) {
      if (!node.get("ResultSelector").isObject()) {
        throw new DefinitionProblem("ResultSelector", "must be an object");
      }
      s.resultSelector = PayloadTemplate.compile(node.get("ResultSelector"), "ResultSelector");
    }
    if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
      throw new DefinitionProblem("TimeoutSecondsPath", "must not be used together with TimeoutSeconds");
    }
    if (node.has("TimeoutSeconds")) {
      s.timeoutSeconds = (int) seconds(node.get("TimeoutSeconds"), "TimeoutSeconds", 1);
    }
    if (node.has("TimeoutSecondsPath")) {
      s.timeoutSecondsPath = path(text(node, "TimeoutSecondsPath", true), "TimeoutSecondsPath");
    }
    if ((node.has("HeartbeatSeconds") || node.has("HeartbeatSecondsPath")) && !s.waitForToken) {
      throw new DefinitionProblem(node.has("HeartbeatSeconds") ? "HeartbeatSeconds" : "HeartbeatSecondsPath",
          "is supported only for " + StateSpec.LAMBDA_INVOKE_WAIT_FOR_TOKEN);
    }
    if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
      throw new DefinitionProblem("HeartbeatSecondsPath", "must not be used together with HeartbeatSeconds");
    }
    if (node.has("HeartbeatSeconds")) {
      s.heartbeatSeconds = (int) seconds(node.get("HeartbeatSeconds"), "HeartbeatSeconds", 1);
      if (s.timeoutSeconds != null && s.heartbeatSeconds >= s.timeoutSeconds) {
        throw new DefinitionProblem("HeartbeatSeconds", "must be smaller than TimeoutSeconds");
      }
    }
    if (node.has("HeartbeatSecondsPath")) {
      s.heartbeatSecondsPath = path(text(node, "HeartbeatSecondsPath", true), "HeartbeatSecondsPath");
    }
    s.retriers = loadRetriers(node.get("Retry"));
    s.catchers = loadCatchers(node.get("Catch"));
  }

  private static List<StateSpec.Retrier> loadRetriers(JsonNode retry) {
    if (retry == null) {
      return List.of();
    }
    if (!retry.isArray()) {
      throw new DefinitionProblem("Retry", "must be an array");
    }
    List<StateSpec.Retrier> out = new ArrayList<>();
    for (int i = 0; i < retry.size(); i++) {
      String f = "Retry[" + i + "]";
      JsonNode r = retry.get(i);
      if (!r.isObject()) {
        throw new DefinitionProblem(f, "must be an object");
      }
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!RETRIER_FIELDS.contains(field)) {
          throw new DefinitionProblem(f + "." + field, "is not supported");
        }
      }
      List<String> errors = errorEquals(r, f, i == retry.size() - 1);
      double interval = r.has("IntervalSeconds") ? seconds(r.get("IntervalSeconds"), f + ".IntervalSeconds", 1) : 1;
      int maxAttempts = r.has("MaxAttempts") ? (int) seconds(r.get("MaxAttempts"), f + ".MaxAttempts", 0) : 3;
      double backoff = 2.0;
      if (r.has("BackoffRate")) {
        JsonNode b = r.get("BackoffRate");
        if (!b.isNumber() || b.asDouble() < 1.0) {
          throw new DefinitionProblem(f + ".BackoffRate", "must be a number of at least 1.0");
        }
        backoff = b.asDouble();
      }
      Double maxDelay = r.has("MaxDelaySeconds") ? (double) seconds(r.get("MaxDelaySeconds"), f + ".MaxDelaySeconds", 1) : null;
      boolean full = false;
      if (r.has("JitterStrategy")) {
        String jitter = r.get("JitterStrategy").asText();
        if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
          throw new DefinitionProblem(f + ".JitterStrategy", "must be FULL or NONE, not \"" + jitter + "\"");
        }
        full = jitter.equals("FULL");
      }
      out.add(new StateSpec.Retrier(errors, interval, maxAttempts, backoff, maxDelay, full));
    }
    return List.copyOf(out);
  }

  private static List<StateSpec.Catcher> loadCatchers(JsonNode catchNode) {
    if (catchNode == null) {
      return List.of();
    }
    if (!catchNode.isArray()) {
      throw new DefinitionProblem("Catch", "must be an array");
    }
    List<StateSpec.Catcher> out = new ArrayList<>();
    for (int i = 0; i < catchNode.size(); i++) {
      String f = "Catch[" + i + "]";
      JsonNode c = catchNode.get(i);
      if (!c.isObject()) {
        throw new DefinitionProblem(f, "must be an object");
      }
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!CATCHER_FIELDS.contains(field)) {
          throw new DefinitionProblem(f + "." + field, "is not supported" + (JSONATA_FIELDS.contains(field) ? " (a JSONata field)" : ""));
        }
      }
      List<String> errors = errorEquals(c, f, i == catchNode.size() - 1);
      String next = text(c, "Next", false);
      if (next == null) {
        throw new DefinitionProblem(f + ".Next", "is required");
      }
      StateSpec.IoPath resultPath;
      try {
        resultPath = ioPath(c, "ResultPath", true);
      } catch (DefinitionProblem p) {
        throw new DefinitionProblem(f + "." + p.field, p.getMessage());
      }
      out.add(new StateSpec.Catcher(errors, resultPath, next));
    }
    return List.copyOf(out);
  }

  private static List<String> errorEquals(JsonNode node, String f, boolean last) {
    JsonNode e = node.get("ErrorEquals");
    if (e == null || !e.isArray() || e.isEmpty()) {
      throw new DefinitionProblem(f + ".ErrorEquals", "must be a non-empty array of error names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode n : e) {
      if (!n.isTextual() || n.asText().isEmpty()) {
        throw new DefinitionProblem(f + ".ErrorEquals", "must hold only non-empty strings");
      }
      names.add(n.asText());
    }
    if (names.contains(StatesError.ALL) && (names.size() > 1 || !last)) {
      throw new DefinitionProblem(f + ".ErrorEquals", "may use States.ALL only alone and only in the last entry");
    }
    return List.copyOf(names);
  }

  private static void loadWait(StateSpec s, JsonNode node) {
    int count = 0;
    for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
      count += node.has(f) ? 1 : 0;
    }
    if (count != 1) {
      throw new DefinitionProblem("Seconds", "(or SecondsPath, Timestamp, TimestampPath): exactly one is required, found " + count);
    }
    if (node.has("Seconds")) {
      s.seconds = seconds(node.get("Seconds"), "Seconds", 0);
    } else if (node.has("SecondsPath")) {
      s.secondsPath = path(text(node, "SecondsPath", true), "SecondsPath");
    } else if (node.has("Timestamp")) {
      String text = text(node, "Timestamp", true);
      s.timestamp = Timestamps.parse(text);
      if (s.timestamp == null) {
        throw new DefinitionProblem("Timestamp", "must be an RFC 3339 timestamp, not \"" + text + "\"");
      }
    } else {
      s.timestampPath = path(text(node, "TimestampPath", true), "TimestampPath");
    }
  }

  private static void loadChoice(StateSpec s, JsonNode node) {
    JsonNode choices = node.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new DefinitionProblem("Choices", "must be a non-empty array of rules");
    }
    List<StateSpec.Choice> out = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      JsonNode rule = choices.get(i);
      ChoiceRule compiled = ChoiceRule.compile(rule, "Choices[" + i + "]", true);
      out.add(new StateSpec.Choice(compiled, rule.get("Next").asText()));
    }
    s.choices = List.copyOf(out);
    s.defaultNext = text(node, "Default", false);
  }

  private static void loadFail(StateSpec s, JsonNode node) {
    if (node.has("Error") && node.has("ErrorPath")) {
      throw new DefinitionProblem("ErrorPath", "must not be used together with Error");
    }
    if (node.has("Cause") && node.has("CausePath")) {
      throw new DefinitionProblem("CausePath", "must not be used together with Cause");
    }
    s.error = text(node, "Error", false);
    s.cause = text(node, "Cause", false);
    s.errorPath = valueExpr(node, "ErrorPath");
    s.causePath = valueExpr(node, "CausePath");
  }

  private static StateSpec.ValueExpr valueExpr(JsonNode node, String field) {
    String text = text(node, field, false);
    if (text == null) {
      return null;
    }
    try {
      if (Intrinsics.isCall(text)) {
        return new StateSpec.ValueExpr(null, Intrinsics.parse(text), field);
      }
    } catch (Intrinsics.UnknownFunctionException e) {
      throw new DefinitionProblem(field, "uses an unknown intrinsic function \"" + e.function + "\"");
    } catch (IllegalArgumentException e) {
      throw new DefinitionProblem(field, "is invalid: " + e.getMessage());
    }
    return new StateSpec.ValueExpr(path(text, field), null, field);
  }

  private static void checkTargets(StateSpec s, Map<String, StateSpec> states) {
    target(s.next, "Next", states);
    for (int i = 0; i < s.catchers.size(); i++) {
      target(s.catchers.get(i).next(), "Catch[" + i + "].Next", states);
    }
    for (int i = 0; i < s.choices.size(); i++) {
      target(s.choices.get(i).next(), "Choices[" + i + "].Next", states);
    }
    target(s.defaultNext, "Default", states);
  }

  private static void target(String name, String field, Map<String, StateSpec> states) {
    if (name != null && !states.containsKey(name)) {
      throw new DefinitionProblem(field, "names no state \"" + name + "\"");
    }
  }

  private static void checkReachable(String startAt, Map<String, StateSpec> states) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(startAt);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      StateSpec s = states.get(name);
      if (s.next != null) {
        todo.add(s.next);
      }
      s.catchers.forEach(c -> todo.add(c.next()));
      s.choices.forEach(c -> todo.add(c.next()));
      if (s.defaultNext != null) {
        todo.add(s.defaultNext);
      }
    }
    for (String name : states.keySet()) {
      if (!seen.contains(name)) {
        throw new UnsupportedDefinitionException("state \"" + name + "\": is not reachable from StartAt \"" + startAt + "\"");
      }
    }
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null) {
      if (required) {
        throw new DefinitionProblem(field, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new DefinitionProblem(field, "must be a string");
    }
    return value.asText();
  }

  /** A whole number of seconds (or attempts) between min and 99999999. */
  private static long seconds(JsonNode value, String field, long min) {
    if (value != null && value.isNumber()) {
      try {
        BigInteger i = value.decimalValue().toBigIntegerExact();
        if (i.compareTo(BigInteger.valueOf(min)) >= 0 && i.compareTo(BigInteger.valueOf(MAX_SECONDS)) <= 0) {
          return i.longValue();
        }
      } catch (ArithmeticException e) {
        // not whole: falls through
      }
    }
    throw new DefinitionProblem(field, "must be a whole number from " + min + " to " + MAX_SECONDS);
  }

  /** A whole number of seconds at runtime (SecondsPath, TimeoutSecondsPath); null when the value is not one. */
  static Long wholeSeconds(JsonNode value, long min) {
    if (value == null || !value.isNumber()) {
      return null;
    }
    BigDecimal d = value.decimalValue();
    try {
      BigInteger i = d.toBigIntegerExact();
      if (i.compareTo(BigInteger.valueOf(min)) >= 0 && i.compareTo(BigInteger.valueOf(MAX_SECONDS)) <= 0) {
        return i.longValue();
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return null;
  }
}
