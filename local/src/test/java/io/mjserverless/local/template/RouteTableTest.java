package io.mjserverless.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API Gateway's route selection, on the example routes of its documentation and a few more. */
class RouteTableTest {
  static final RouteTable TABLE = new RouteTable(List.of(
      new HttpRoute("GET", "/pets/dog/1", "Exact"),
      new HttpRoute("GET", "/pets/dog/{id}", "Variable"),
      new HttpRoute("GET", "/pets/{proxy+}", "Greedy"),
      new HttpRoute("ANY", "/{proxy+}", "AnyGreedy"),
      new HttpRoute("ANY", "/toys/{id}", "AnyToy"),
      new HttpRoute("DELETE", "/toys/{id}", "DeleteToy"),
      new HttpRoute("GET", "/{a}/x", "VarThenLiteral"),
      new HttpRoute("GET", "/y/{b}", "LiteralThenVar"),
      new HttpRoute("ANY", "$default", "Default")));

  static RouteMatch match(String method, String path) {
    return TABLE.match(method, path).orElseThrow();
  }

  @Test
  void exactBeatsVariableBeatsGreedy() {
    assertEquals("Exact", match("GET", "/pets/dog/1").functionLogicalId());
    RouteMatch variable = match("GET", "/pets/dog/2");
    assertEquals("Variable", variable.functionLogicalId());
    assertEquals(Map.of("id", "2"), variable.pathParameters());
    RouteMatch greedy = match("GET", "/pets/cat/1");
    assertEquals("Greedy", greedy.functionLogicalId());
    assertEquals(Map.of("proxy", "cat/1"), greedy.pathParameters());
  }

  @Test
  void anyCatchesMethodsWithoutARoute() {
    assertEquals("AnyGreedy", match("POST", "/pets/dog/1").functionLogicalId());
    assertEquals("AnyGreedy", match("GET", "/other").functionLogicalId());
    assertEquals("DeleteToy", match("DELETE", "/toys/7").functionLogicalId());
    assertEquals("AnyToy", match("PATCH", "/toys/7").functionLogicalId());
  }

  @Test
  void leftmostLiteralWins() {
    // both /{a}/x and /y/{b} match /y/x: the literal in the first segment decides
    assertEquals("LiteralThenVar", match("GET", "/y/x").functionLogicalId());
    assertEquals(Map.of("a", "z"), match("GET", "/z/x").pathParameters());
  }

  @Test
  void defaultOnlyWhenNothingElseMatches() {
    RouteTable noGreedy = new RouteTable(List.of(
        new HttpRoute("GET", "/mj/task/{id}/fetch", "Task"),
        new HttpRoute("ANY", "$default", "Fallback")));
    assertEquals("Task", noGreedy.match("GET", "/mj/task/1/fetch").orElseThrow().functionLogicalId());
    RouteMatch otherMethod = noGreedy.match("POST", "/mj/task/1/fetch").orElseThrow();
    assertEquals("Fallback", otherMethod.functionLogicalId());
    assertEquals("$default", otherMethod.routeKey());
    assertEquals(Map.of(), otherMethod.pathParameters());
    assertEquals("Fallback", noGreedy.match("GET", "/mj/task/1/fetch/").orElseThrow().functionLogicalId());
  }

  @Test
  void noDefaultMeansNotFound() {
    RouteTable t = new RouteTable(List.of(new HttpRoute("GET", "/a", "A")));
    assertEquals(Optional.empty(), t.match("GET", "/b"));
    assertEquals(Optional.empty(), t.match("POST", "/a"));
    assertEquals("A", t.match("get", "/a?q=1").orElseThrow().functionLogicalId());
  }

  @Test
  void pathParametersArePercentDecoded() {
    RouteTable t = new RouteTable(List.of(new HttpRoute("GET", "/f/{name}/{rest+}", "F")));
    assertEquals(Map.of("name", "a b+c/é", "rest", "x/y z"),
        t.match("GET", "/f/a%20b+c%2F%C3%A9/x/y%20z").orElseThrow().pathParameters());
    assertEquals(Map.of("name", "100%", "rest", "ok"), t.match("GET", "/f/100%/ok").orElseThrow().pathParameters());
  }

  @Test
  void malformedRoutesAreRejected() {
    assertTrue(assertThrows(TemplateException.class, () -> new RouteTable(List.of(
        new HttpRoute("GET", "/a/{p+}/b", "F")))).getMessage().contains("must be the last segment"));
    assertTrue(assertThrows(TemplateException.class, () -> new RouteTable(List.of(
        new HttpRoute("GET", "/a/{x}", "F"), new HttpRoute("GET", "/a/{y}", "G")))).getMessage().contains("conflicts"));
    assertTrue(assertThrows(TemplateException.class, () -> new RouteTable(List.of(
        new HttpRoute("ANY", "$default", "F"), new HttpRoute("ANY", "$default", "G")))).getMessage()
        .contains("second $default"));
    assertTrue(assertThrows(TemplateException.class, () -> new RouteTable(List.of(
        new HttpRoute("FETCH", "/a", "F")))).getMessage().contains("unknown method"));
    assertTrue(assertThrows(TemplateException.class, () -> new RouteTable(List.of(
        new HttpRoute("GET", "a", "F")))).getMessage().contains("must start with /"));
  }
}
