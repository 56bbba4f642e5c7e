package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Definitions the executor refuses, each with the message naming the state and the field. */
class DefinitionValidationTest {

  private static String refusal(JsonNode definition) {
    return assertThrows(UnsupportedDefinitionException.class, () -> Asl.executor(definition, Asl.ECHO).close()).getMessage();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("JSONata at the top",
            "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}",
            "state machine: field \"QueryLanguage\" value \"JSONata\" is not supported (only JSONPath)"),
        Arguments.of("JSONata on a state",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'QueryLanguage': 'JSONata', 'End': true}}}",
            "state \"A\": field \"QueryLanguage\" value \"JSONata\" is not supported (only JSONPath)"),
        Arguments.of("a JSONata field",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'r', 'Arguments': {}, 'End': true}}}",
            "state \"A\": field \"Arguments\" is not supported (a JSONata field)"),
        Arguments.of("variables",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Assign': {'x': 1}, 'End': true}}}",
            "state \"A\": field \"Assign\" is not supported (variables)"),
        Arguments.of("Map",
            "{'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'ItemProcessor': {}, 'End': true}}}",
            "state \"M\": field \"Type\" value \"Map\" is not supported"),
        Arguments.of("Parallel",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'Branches': [], 'End': true}}}",
            "state \"P\": field \"Type\" value \"Parallel\" is not supported"),
        Arguments.of("an unknown state type",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Sleep', 'End': true}}}",
            "state \"P\": field \"Type\" value \"Sleep\" is not a state type"),
        Arguments.of("ItemReader",
            "{'StartAt': 'Fetch', 'States': {'Fetch': {'Type': 'Task', 'Resource': 'r', 'ItemReader': {}, 'End': true}}}",
            "state \"Fetch\": field \"ItemReader\" is not supported"),
        Arguments.of("HeartbeatSeconds",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'r', 'HeartbeatSeconds': 5, 'End': true}}}",
            "state \"T\": field \"HeartbeatSeconds\" is supported only for arn:aws:states:::lambda:invoke.waitForTaskToken"),
        Arguments.of("a field of another state type",
            "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'Retry': [], 'End': true}}}",
            "state \"W\": field \"Retry\" is not supported in a Wait state"),
        Arguments.of("an unknown intrinsic",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Parameters': {'x.$': 'States.Bogus($.a)'}, 'End': true}}}",
            "state \"P\": field \"Parameters.x.$\" uses an unknown intrinsic function \"States.Bogus\""),
        Arguments.of("an unknown intrinsic, nested",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Parameters': {'a': {'b': [{'x.$': 'States.Format(States.Nope())'}]}}, 'End': true}}}",
            "state \"P\": field \"Parameters.a.b[0].x.$\" uses an unknown intrinsic function \"States.Nope\""),
        Arguments.of("a .$ value that is neither path nor call",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Parameters': {'x.$': 'hello'}, 'End': true}}}",
            "state \"P\": field \"Parameters.x.$\" must be a path ($...) or an intrinsic function call (States....), not \"hello\""),
        Arguments.of("a path outside the subset",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'InputPath': '$.items[*]', 'End': true}}}",
            "state \"P\": field \"InputPath\" is invalid: path \"$.items[*]\" uses the wildcard [*], which is not supported"),
        Arguments.of("a Next that names no state",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'Nowhere'}}}",
            "state \"A\": field \"Next\" names no state \"Nowhere\""),
        Arguments.of("a Catch Next that names no state",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'Gone'}]}}}",
            "state \"A\": field \"Catch[0].Next\" names no state \"Gone\""),
        Arguments.of("a Choice Default that names no state",
            "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsPresent': true, 'Next': 'E'}], 'Default': 'X'}, 'E': {'Type': 'Succeed'}}}",
            "state \"C\": field \"Default\" names no state \"X\""),
        Arguments.of("a Choice without Choices",
            "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Default': 'E'}, 'E': {'Type': 'Succeed'}}}",
            "state \"C\": field \"Choices\" must be a non-empty array of rules"),
        Arguments.of("a Choice rule without Next",
            "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsPresent': true}], 'Default': 'E'}, 'E': {'Type': 'Succeed'}}}",
            "state \"C\": field \"Choices[0].Next\" is required (a state name)"),
        Arguments.of("a Choice with End",
            "{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsPresent': true, 'Next': 'E'}], 'End': true}, 'E': {'Type': 'Succeed'}}}",
            "state \"C\": field \"End\" is not supported in a Choice state"),
        Arguments.of("neither Next nor End",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass'}}}",
            "state \"A\": field \"Next\" is required (or End: true)"),
        Arguments.of("an unreachable state",
            "{'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}, 'Orphan': {'Type': 'Succeed'}}}",
            "state \"Orphan\": is not reachable from StartAt \"A\""),
        Arguments.of("a StartAt that names no state",
            "{'StartAt': 'Z', 'States': {'A': {'Type': 'Succeed'}}}",
            "state machine: field \"StartAt\" names no state \"Z\""),
        Arguments.of("an unknown top-level field",
            "{'StartAt': 'A', 'Flavour': 1, 'States': {'A': {'Type': 'Succeed'}}}",
            "state machine: field \"Flavour\" is not supported"),
        Arguments.of("States.ALL before another retrier",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Retry': [{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['X']}]}}}",
            "state \"T\": field \"Retry[0].ErrorEquals\" may use States.ALL only alone and only in the last entry"),
        Arguments.of("a bad JitterStrategy",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Retry': [{'ErrorEquals': ['X'], 'JitterStrategy': 'HALF'}]}}}",
            "state \"T\": field \"Retry[0].JitterStrategy\" must be FULL or NONE, not \"HALF\""),
        Arguments.of("a BackoffRate below 1",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Retry': [{'ErrorEquals': ['X'], 'BackoffRate': 0.5}]}}}",
            "state \"T\": field \"Retry[0].BackoffRate\" must be a number of at least 1.0"),
        Arguments.of("two wait durations",
            "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 1, 'SecondsPath': '$.s', 'End': true}}}",
            "state \"W\": field \"Seconds\" (or SecondsPath, Timestamp, TimestampPath): exactly one is required, found 2"),
        Arguments.of("a bad Timestamp",
            "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Timestamp': 'tomorrow', 'End': true}}}",
            "state \"W\": field \"Timestamp\" must be an RFC 3339 timestamp, not \"tomorrow\""),
        Arguments.of("the callback pattern",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'End': true}}}",
            "state \"T\": field \"Resource\" value \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\" is not supported (the callback pattern: only arn:aws:states:::lambda:invoke.waitForTaskToken)"),
        Arguments.of("a heartbeat as long as the timeout",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken', 'Parameters': {'FunctionName': 'f'}, 'TimeoutSeconds': 60, 'HeartbeatSeconds': 60, 'End': true}}}",
            "state \"T\": field \"HeartbeatSeconds\" must be smaller than TimeoutSeconds"),
        Arguments.of("lambda:invoke without FunctionName",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': {'Payload': {}}, 'End': true}}}",
            "state \"T\": field \"Parameters.FunctionName\" is required for arn:aws:states:::lambda:invoke"),
        Arguments.of("a Fail with Error and ErrorPath",
            "{'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'E', 'ErrorPath': '$.e'}}}",
            "state \"F\": field \"ErrorPath\" must not be used together with Error"),
        Arguments.of("a ResultPath into the context object",
            "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'ResultPath': '$$.State', 'End': true}}}",
            "state \"P\": field \"ResultPath\" must be a path into the input ($...), not the context object"),
        Arguments.of("a Catch with an invalid ResultPath",
            "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$..x', 'Next': 'T'}]}}}",
            "state \"T\": field \"Catch[0].ResultPath\" is invalid: path \"$..x\" uses recursive descent (..), which is not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(String what, String definition, String message) {
    assertEquals(message, refusal(json(definition)));
  }

  @Test
  void acceptsEverythingItImplements() {
    String def = "{'Comment': 'all of it', 'Version': '1.0', 'TimeoutSeconds': 60, 'QueryLanguage': 'JSONPath', 'StartAt': 'P',"
        + " 'States': {"
        + "  'P': {'Type': 'Pass', 'Comment': 'c', 'InputPath': '$', 'Parameters': {'a.$': '$.x', 'b': [{'c.$': 'States.UUID()'}]},"
        + "        'ResultPath': '$.p', 'OutputPath': '$', 'Next': 'W'},"
        + "  'W': {'Type': 'Wait', 'TimestampPath': '$.t', 'Next': 'T'},"
        + "  'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'Parameters': {'FunctionName': 'f', 'Payload.$': '$'},"
        + "        'ResultSelector': {'r.$': '$.Payload'}, 'ResultPath': null, 'TimeoutSecondsPath': '$.timeout',"
        + "        'Retry': [{'ErrorEquals': ['States.Timeout'], 'IntervalSeconds': 1, 'MaxAttempts': 0},"
        + "                  {'ErrorEquals': ['States.TaskFailed'], 'BackoffRate': 1.5, 'MaxDelaySeconds': 3, 'JitterStrategy': 'NONE'},"
        + "                  {'ErrorEquals': ['States.ALL']}],"
        + "        'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'C'}], 'Next': 'C'},"
        + "  'C': {'Type': 'Choice', 'Choices': [{'Not': {'Variable': '$.error', 'IsPresent': true}, 'Next': 'S'},"
        + "        {'And': [{'Variable': '$$.State.RetryCount', 'NumericGreaterThanEqualsPath': '$.max'}, {'Variable': '$.s', 'StringMatches': 'a*'}], 'Next': 'F'}],"
        + "        'Default': 'F'},"
        + "  'F': {'Type': 'Fail', 'ErrorPath': '$.error.Error', 'CausePath': 'States.JsonToString($.error.Cause)'},"
        + "  'S': {'Type': 'Succeed', 'OutputPath': '$.p'}}}";
    assertDoesNotThrow(() -> Asl.executor(json(def), Asl.ECHO).close());
  }

  @Test
  void acceptsTheProjectStateMachine() throws Exception {
    String text = java.nio.file.Files.readString(java.nio.file.Path.of("../statemachine/task.asl.json"));
    JsonNode def = Json.tree(text.replaceAll("\\$\\{(\\w+)}", "$1"));
    assertDoesNotThrow(() -> Asl.executor(def, Asl.ECHO).close());
  }

  @Test
  void aNonObjectDefinitionIsRefused() {
    ObjectNode empty = Json.MAPPER.createObjectNode();
    assertEquals("state machine: field \"StartAt\" is required", refusal(empty));
  }
}
