package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One loaded and validated state of a definition (JSONPath dialect). Fields not used by a type are null. */
final class StateSpec {
  enum Type { TASK, PASS, WAIT, CHOICE, SUCCEED, FAIL }

  static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
  /** Invokes the function, then waits for SendTaskSuccess / SendTaskFailure with the task token ($$.Task.Token). */
  static final String LAMBDA_INVOKE_WAIT_FOR_TOKEN = LAMBDA_INVOKE + ".waitForTaskToken";

  /** InputPath / OutputPath / ResultPath: absent = $; path == null for an explicit JSON null. */
  record IoPath(JsonPathExpr path) {
    static final IoPath ROOT = new IoPath(JsonPathExpr.parse("$"));
    static final IoPath NULL = new IoPath(null);
  }

  /** A value taken from the input: a path or an intrinsic function call (Fail's ErrorPath / CausePath). */
  record ValueExpr(JsonPathExpr path, Intrinsics.Call call, String field) {
    JsonNode evaluate(JsonNode input, JsonNode context) {
      return path != null ? path.require(input, context, "the field '" + field + "'") : Intrinsics.evaluate(call, input, context);
    }
  }

  /**
   * @param intervalSeconds first delay; then times backoffRate per attempt
   * @param maxDelaySeconds cap on one delay, null = none
   */
  record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
      Double maxDelaySeconds, boolean fullJitter) {}

  record Catcher(List<String> errorEquals, IoPath resultPath, String next) {}

  record Choice(ChoiceRule rule, String next) {}

  String name;
  Type type;
  String next;
  boolean end;
  IoPath inputPath = IoPath.ROOT;
  IoPath outputPath = IoPath.ROOT;
  IoPath resultPath = IoPath.ROOT;
  PayloadTemplate parameters;
  PayloadTemplate resultSelector;

  // Pass
  JsonNode result;

  // Task
  String resource;
  boolean lambdaInvoke;
  /** lambda:invoke.waitForTaskToken: the state ends by a task token, not by the function's answer. */
  boolean waitForToken;
  List<Retrier> retriers = List.of();
  List<Catcher> catchers = List.of();
  Integer timeoutSeconds;
  JsonPathExpr timeoutSecondsPath;
  Integer heartbeatSeconds;
  JsonPathExpr heartbeatSecondsPath;

  // Wait
  Long seconds;
  JsonPathExpr secondsPath;
  Instant timestamp;
  JsonPathExpr timestampPath;

  // Choice
  List<Choice> choices = List.of();
  String defaultNext;

  // Fail
  String error;
  String cause;
  ValueExpr errorPath;
  ValueExpr causePath;
}
