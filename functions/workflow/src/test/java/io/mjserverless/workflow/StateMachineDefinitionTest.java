package io.mjserverless.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * statemachine/task.asl.json as AWS would load it: valid JSON, transitions that resolve, substitutions
 * the template declares for functions that exist, error names that are real classes, and a loop that
 * cannot run into the 25,000-event history limit.
 */
class StateMachineDefinitionTest {
  static final Path ASL = Path.of("../../statemachine/task.asl.json");
  static final Path TEMPLATE = Path.of("../../template.yaml");
  /**
   * Generous upper bound of history events one round writes: Wait, Poll and Choice (about 12), plus an
   * AwaitJob whose function failed before the Wait stood in (about 6).
   */
  static final int EVENTS_PER_ROUND = 18;

  private final JsonNode definition = Json.tree(Files.readString(ASL));
  private final JsonNode states = definition.get("States");

  StateMachineDefinitionTest() throws IOException {}

  private Map<String, Set<String>> transitions() {
    Map<String, Set<String>> edges = new HashMap<>();
    for (Iterator<String> it = states.fieldNames(); it.hasNext();) {
      String name = it.next();
      JsonNode state = states.get(name);
      Set<String> next = new TreeSet<>();
      if (state.has("Next")) {
        next.add(state.get("Next").asText());
      }
      if (state.has("Default")) {
        next.add(state.get("Default").asText());
      }
      state.path("Choices").forEach(c -> next.add(c.get("Next").asText()));
      state.path("Catch").forEach(c -> next.add(c.get("Next").asText()));
      edges.put(name, next);
    }
    return edges;
  }

  @Test
  void everyTransitionResolvesAndEveryStateIsReachableAndCanFinish() {
    Map<String, Set<String>> edges = transitions();
    assertTrue(states.has(definition.get("StartAt").asText()));
    edges.forEach((from, to) -> to.forEach(target -> assertTrue(states.has(target), from + " -> missing " + target)));
    Set<String> reachable = reach(edges, definition.get("StartAt").asText());
    assertEquals(edges.keySet(), reachable, "unreachable states");
    for (String name : edges.keySet()) {
      JsonNode state = states.get(name);
      boolean terminal = state.path("End").asBoolean(false) || Set.of("Succeed", "Fail").contains(state.get("Type").asText());
      assertTrue(terminal || !edges.get(name).isEmpty(), name + " has no way out");
      assertTrue(reach(edges, name).stream().anyMatch(n -> states.get(n).get("Type").asText().equals("Succeed")),
          name + " cannot reach the end");
    }
  }

  @Test
  void everyChoiceHasADefaultAndEveryWorkingTaskCatchesIntoRecordFailure() {
    for (Iterator<String> it = states.fieldNames(); it.hasNext();) {
      String name = it.next();
      JsonNode state = states.get(name);
      if (state.get("Type").asText().equals("Choice")) {
        assertTrue(state.has("Default"), name + " has no Default");
      }
      if (state.get("Type").asText().equals("Task") && Set.of("Dispatch", "Poll", "StoreResult").contains(name)) {
        // Catchers are tried in order: the catch-all comes last, after any narrower one.
        JsonNode catchers = state.get("Catch");
        JsonNode catchAll = catchers.get(catchers.size() - 1);
        assertEquals("States.ALL", catchAll.get("ErrorEquals").get(0).asText());
        assertEquals("RecordFailure", catchAll.get("Next").asText());
        List<String> retried = new ArrayList<>();
        state.get("Retry").forEach(r -> r.get("ErrorEquals").forEach(e -> retried.add(e.asText())));
        assertTrue(retried.containsAll(List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
            "io.mjserverless.core.workflow.TransientStepException")), name + " retries " + retried);
      }
    }
  }

  @Test
  void storeResultRetriesAndGivesUpOnTheFinalCallbackAsNotifyDoes() {
    String callbackFailed = "io.mjserverless.core.notify.CallbackFailedException";
    JsonNode store = states.get("StoreResult");
    JsonNode notify = states.get("Notify");
    JsonNode storeRetry = retrierFor(store, callbackFailed);
    JsonNode notifyRetry = retrierFor(notify, callbackFailed);
    for (String field : List.of("IntervalSeconds", "MaxAttempts", "BackoffRate")) {
      assertEquals(notifyRetry.get(field), storeRetry.get(field), field);
    }
    assertEquals(callbackFailed, store.get("Catch").get(0).get("ErrorEquals").get(0).asText());
    assertEquals("CallbackGaveUp", store.get("Catch").get(0).get("Next").asText());
    assertTrue(store.path("End").asBoolean(), "a stored result with its callback delivered ends the execution");
  }

  private static JsonNode retrierFor(JsonNode state, String error) {
    for (JsonNode retry : state.get("Retry")) {
      for (JsonNode name : retry.get("ErrorEquals")) {
        if (name.asText().equals(error)) {
          return retry;
        }
      }
    }
    throw new AssertionError(state + " does not retry " + error);
  }

  @Test
  void errorNamesThatAreClassNamesExist() {
    Set<String> names = new TreeSet<>();
    definition.findValues("ErrorEquals").forEach(list -> list.forEach(e -> names.add(e.asText())));
    for (String name : names) {
      if (name.startsWith("io.")) {
        assertDoesLoad(name);
      }
    }
    assertTrue(names.contains("io.mjserverless.core.notify.CallbackFailedException"));
  }

  private static void assertDoesLoad(String className) {
    try {
      Class<?> type = Class.forName(className);
      assertTrue(RuntimeException.class.isAssignableFrom(type), className + " is an exception");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("ErrorEquals names a class that does not exist: " + className);
    }
  }

  @Test
  void everySubstitutionIsDeclaredAndNamesAWorkflowFunctionOfTheTemplate() throws IOException {
    String template = Files.readString(TEMPLATE);
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(Files.readString(ASL));
    while (m.find()) {
      used.add(m.group(1));
    }
    assertFalse(used.isEmpty());
    int subs = template.indexOf("DefinitionSubstitutions:");
    assertTrue(subs > 0);
    for (String name : used) {
      Matcher decl = Pattern.compile("\\n\\s+" + name + ": !Ref (\\w+)\\.Alias").matcher(template.substring(subs));
      assertTrue(decl.find(), name + " is not declared in DefinitionSubstitutions (as an alias ARN)");
      String function = decl.group(1);
      Matcher handler = Pattern.compile("\\n  " + function + ":\\n(?:.*\\n)*?\\s+Handler: (\\S+)::handleRequest").matcher(template);
      assertTrue(handler.find(), function + " is not a function of the template");
      assertDoesLoadHandler(handler.group(1));
      assertTrue(template.contains("LambdaInvokePolicy: {FunctionName: !Ref " + function + "}"),
          "the state machine may invoke " + function);
    }
  }

  private static void assertDoesLoadHandler(String className) {
    try {
      assertTrue(StepFunction.class.isAssignableFrom(Class.forName(className)), className + " is a workflow step");
    } catch (ClassNotFoundException e) {
      throw new AssertionError("handler class does not exist: " + className);
    }
  }

  @Test
  void theLoopIsBoundedFarBelowTheHistoryLimit() {
    Map<String, Set<String>> edges = transitions();
    // Every cycle of the graph goes through Poll (which counts) and CheckJob (which stops at the bound).
    Map<String, Set<String>> withoutPoll = new HashMap<>(edges);
    withoutPoll.put("Poll", Set.of());
    for (String start : edges.keySet()) {
      for (String next : withoutPoll.getOrDefault(start, Set.of())) {
        assertFalse(reach(withoutPoll, next).contains(start) && !start.equals("Poll"), "a cycle avoids Poll at " + start);
      }
    }
    JsonNode bound = null;
    for (JsonNode choice : states.get("CheckJob").get("Choices")) {
      if (choice.path("Variable").asText().equals("$.polls")) {
        bound = choice.get("NumericGreaterThanEquals");
      }
    }
    assertNotNull(bound, "CheckJob stops at a poll count");
    int retries = 0;
    for (JsonNode retry : states.get("Poll").get("Retry")) {
      retries += retry.get("MaxAttempts").asInt();
    }
    assertTrue(states.get("AwaitJob").path("Retry").isMissingNode(), "AwaitJob is in every round: no retries to add up");
    long worstCase = (long) bound.asInt() * (EVENTS_PER_ROUND + 2L * retries) + 500;
    assertTrue(worstCase < 25_000, "worst case " + worstCase + " history events");
    assertEquals("$.polls", states.get("Poll").get("Parameters").path("polls.$").asText(), "Poll gets the count it increments");
  }

  private static Set<String> reach(Map<String, Set<String>> edges, String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String s = todo.pop();
      if (seen.add(s)) {
        todo.addAll(edges.getOrDefault(s, Set.of()));
      }
    }
    return seen;
  }
}
