package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each intrinsic function, run through a Pass state's Parameters. */
class IntrinsicsTest {
  private static final JsonNode INPUT = json("{'name': 'Ada', 'n': 3, 'list': [1, 2, 2, 3], 'text': '{\\'a\\':1}',"
      + " 'obj': {'a': 1, 'inner': {'x': 1}}, 'other': {'b': 2, 'inner': {'y': 2}}, 'csv': 'a,b;;c'}");

  /** Output of a Pass state whose Parameters are {"r.$": call}. */
  static JsonNode eval(String call) {
    ObjectNode params = Json.MAPPER.createObjectNode().put("r.$", call);
    ObjectNode state = Json.MAPPER.createObjectNode().put("Type", "Pass").put("End", true);
    state.set("Parameters", params);
    ObjectNode def = Json.MAPPER.createObjectNode().put("StartAt", "P");
    def.putObject("States").set("P", state);
    return Asl.output(def, INPUT).get("r");
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        Arguments.of("States.Format('Hello {}, you have {} items', $.name, $.n)", "'Hello Ada, you have 3 items'"),
        Arguments.of("States.Format('literal \\{\\} and {}', $.list)", "'literal {} and [1,2,2,3]'"),
        Arguments.of("States.StringToJson($.text)", "{'a': 1}"),
        Arguments.of("States.JsonToString($.obj)", "'{\\'a\\':1,\\'inner\\':{\\'x\\':1}}'"),
        Arguments.of("States.Array($.name, 1, true, null, States.Array())", "['Ada', 1, true, null, []]"),
        Arguments.of("States.ArrayLength($.list)", "4"),
        Arguments.of("States.MathAdd($.n, -5)", "-2"),
        Arguments.of("States.JsonMerge($.obj, $.other, false)", "{'a': 1, 'inner': {'y': 2}, 'b': 2}"),
        Arguments.of("States.JsonMerge($.obj, $.other, true)", "{'a': 1, 'inner': {'x': 1, 'y': 2}, 'b': 2}"),
        Arguments.of("States.ArrayPartition($.list, 3)", "[[1, 2, 2], [3]]"),
        Arguments.of("States.ArrayContains($.list, 3)", "true"),
        Arguments.of("States.ArrayRange(1, 9, 3)", "[1, 4, 7]"),
        Arguments.of("States.ArrayGetItem($.list, 3)", "3"),
        Arguments.of("States.ArrayUnique($.list)", "[1, 2, 3]"),
        Arguments.of("States.Base64Encode($.name)", "'QWRh'"),
        Arguments.of("States.Base64Decode('QWRh')", "'Ada'"),
        Arguments.of("States.Hash($.name, 'SHA-256')", "'1e2b58b1ac1c0d8c8d8b0b4e06ee0f2ba8ffc34e8a6cde01bdc4b0e2b29c5d05'"),
        Arguments.of("States.StringSplit($.csv, ',;')", "['a', 'b', 'c']"),
        Arguments.of("States.MathRandom(7, 8)", "7"),
        Arguments.of("States.ArrayLength(States.Array($$.Execution.Name, $$.State.Name))", "2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void evaluates(String call, String expected) {
    if (call.startsWith("States.Hash")) {
      assertEquals(sha256("Ada"), eval(call).asText());
      return;
    }
    assertEquals(json(expected), eval(call));
  }

  @Test
  void formatTakesEscapedQuotesAndBackslashes() {
    assertEquals("it's me \\ {}", eval("States.Format('it\\'s {} \\\\ \\{\\}', 'me')").asText());
  }

  @Test
  void uuidIsAFreshVersion4Uuid() {
    String a = eval("States.UUID()").asText();
    String b = eval("States.UUID()").asText();
    assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), a);
    assertNotEquals(a, b);
  }

  @Test
  void badArgumentsFailTheExecutionWithStatesRuntime() {
    ObjectNode state = Json.MAPPER.createObjectNode().put("Type", "Pass").put("End", true);
    state.putObject("Parameters").put("r.$", "States.MathAdd($.name, 1)");
    ObjectNode def = Json.MAPPER.createObjectNode().put("StartAt", "P");
    def.putObject("States").set("P", state);
    ExecutionInfo info = Asl.run(def, Asl.ECHO, INPUT);
    assertEquals(ExecutionStatus.FAILED, info.status());
    assertEquals("States.Runtime", info.error());
    assertTrue(info.cause().contains("States.MathAdd"), info.cause());
  }

  @Test
  void parserRefusesUnknownFunctionsAndWrongArity() {
    assertThrows(Intrinsics.UnknownFunctionException.class, () -> Intrinsics.parse("States.Nope(1)"));
    assertThrows(Intrinsics.UnknownFunctionException.class, () -> Intrinsics.parse("States.Array(States.Bogus())"));
    assertThrows(IllegalArgumentException.class, () -> Intrinsics.parse("States.ArrayLength()"));
    assertThrows(IllegalArgumentException.class, () -> Intrinsics.parse("States.Format('{} {}', 1)"));
    assertThrows(IllegalArgumentException.class, () -> Intrinsics.parse("States.UUID() tail"));
    assertThrows(IllegalArgumentException.class, () -> Intrinsics.parse("States.Array(bare)"));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
