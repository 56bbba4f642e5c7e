package io.mjserverless.local.asl;

import static io.mjserverless.local.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathExprTest {
  private final JsonNode doc = json("{'a': {'b': [10, {'c': 'x'}], 'n': null}, 'my key': 1, 'it.em': 2}");
  private final JsonNode ctx = json("{'State': {'Name': 'S'}}");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$                  | {\"a\":{\"b\":[10,{\"c\":\"x\"}],\"n\":null},\"my key\":1,\"it.em\":2}",
      "$.a.b[0]           | 10",
      "$.a.b[1].c         | \"x\"",
      "$['a']['b'][1]['c'] | \"x\"",
      "$[\"my key\"]      | 1",
      "$['it.em']         | 2",
      "$.a.n              | null",
      "$$.State.Name      | \"S\""})
  void reads(String path, String expected) {
    assertEquals(json(expected.replace('"', '\'')), JsonPathExpr.parse(path).read(doc, ctx));
  }

  @ParameterizedTest
  @ValueSource(strings = {"$.missing", "$.a.b[2]", "$.a.b.c", "$.a.n.x", "$$.Execution.Id"})
  void missingIsJavaNullAndRequireIsRuntime(String path) {
    JsonPathExpr p = JsonPathExpr.parse(path);
    assertNull(p.read(doc, ctx));
    StatesError e = assertThrows(StatesError.class, () -> p.require(doc, ctx, "the field 'x.$'"));
    assertEquals("States.Runtime", e.error);
    assertTrue(e.cause.contains(path), e.cause);
  }

  @ParameterizedTest
  @ValueSource(strings = {"$.a[*]", "$..a", "$.a[?(@.b)]", "$.a[-1]", "$.a[0:2]", "$.*", "a.b", "$.a.", "$[", "$.a[0"})
  void refusesWhatIsNotInTheSubset(String path) {
    assertThrows(IllegalArgumentException.class, () -> JsonPathExpr.parse(path));
  }

  @Test
  void writesCreatingNestedObjectsWithoutTouchingTheOriginal() {
    JsonNode in = json("{'a': 1}");
    JsonNode out = JsonPathExpr.parse("$.x.y.z").write(in, TextNode.valueOf("v"));
    assertEquals(json("{'a': 1, 'x': {'y': {'z': 'v'}}}"), out);
    assertEquals(json("{'a': 1}"), in);
    assertEquals(json("{'a': [1, 'v']}"), JsonPathExpr.parse("$.a[1]").write(json("{'a': [1, 2]}"), TextNode.valueOf("v")));
    assertEquals(TextNode.valueOf("v"), JsonPathExpr.parse("$").write(in, TextNode.valueOf("v")));
  }

  @Test
  void writeThatCannotApplyIsAResultPathMatchFailure() {
    StatesError e = assertThrows(StatesError.class,
        () -> JsonPathExpr.parse("$.a.b").write(json("{'a': 'text'}"), TextNode.valueOf("v")));
    assertEquals("States.ResultPathMatchFailure", e.error);
    assertThrows(StatesError.class, () -> JsonPathExpr.parse("$.a").write(TextNode.valueOf("s"), TextNode.valueOf("v")));
  }
}
