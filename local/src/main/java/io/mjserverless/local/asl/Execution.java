package io.mjserverless.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** The mutable state of one execution; every field is guarded by the object's monitor. */
final class Execution {
  /** Where in its current state the execution is: what to do when it is (re)started. */
  enum Phase {
    /** About to run the current state from its beginning. */
    ENTERING,
    /** In a Wait state until waitUntil. */
    WAITING,
    /** Between attempts of a Task until waitUntil. */
    BACKOFF,
    /** A Task's resource is being invoked (on resume: invoke it again). */
    TASK,
    /** A waitForTaskToken Task waits for its token to come back (on resume: waits on, same token). */
    CALLBACK
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  final String name;
  final String arn;
  final JsonNode input;
  final Instant startTime;
  final List<HistoryEvent> history = new ArrayList<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();

  ExecutionStatus status = ExecutionStatus.RUNNING;
  JsonNode output;
  String error;
  String cause;
  Instant stopTime;
  /** When the state machine's TimeoutSeconds runs out, or null. */
  Instant deadline;

  String stateName;
  /** The raw input of the current state (before InputPath). */
  JsonNode stateInput;
  Instant enteredTime;
  int retryCount;
  /** Attempts used per retrier of the current Task state. */
  int[] retrierAttempts = new int[0];
  Phase phase = Phase.ENTERING;
  Instant waitUntil;
  /** The token of the current waitForTaskToken attempt, or null. */
  String taskToken;
  /** When that attempt fails with States.Timeout (its TimeoutSeconds), or null. */
  Instant callbackTimeoutAt;
  /** When it fails with States.HeartbeatTimeout unless a heartbeat comes first, or null. */
  Instant heartbeatAt;
  /** Its HeartbeatSeconds (unscaled), for re-arming at each heartbeat, or null. */
  Long heartbeatSeconds;
  Future<?> callbackTimer;
  Future<?> heartbeatTimer;

  /** Loaded from disk and not yet resumed. */
  boolean dormant;
  /** Bumped whenever a continuation is scheduled or invalidated; a continuation runs only with its own token. */
  long token;
  Future<?> pending;
  Future<?> deadlineTimer;

  Execution(String name, String arn, JsonNode input, Instant startTime) {
    this.name = name;
    this.arn = arn;
    this.input = input;
    this.startTime = startTime;
  }

  void event(Instant at, HistoryEvent.Type type, String state, String detail) {
    history.add(new HistoryEvent(history.size() + 1L, at, type, state, detail));
  }

  ExecutionInfo info() {
    boolean running = status == ExecutionStatus.RUNNING;
    return new ExecutionInfo(name, arn, status, input.deepCopy(), output == null ? null : output.deepCopy(),
        error, cause, startTime, stopTime, running ? stateName : null, history);
  }

  // ---------------------------------------------------------------- persistence

  ObjectNode toJson() {
    ObjectNode o = NODES.objectNode();
    o.put("format", 1);
    o.put("name", name);
    o.put("arn", arn);
    o.put("status", status.name());
    o.set("input", input);
    o.set("output", output);
    o.put("error", error);
    o.put("cause", cause);
    o.put("startTime", startTime.toString());
    o.put("stopTime", stopTime == null ? null : stopTime.toString());
    o.put("deadline", deadline == null ? null : deadline.toString());
    ObjectNode cursor = o.putObject("cursor");
    cursor.put("state", stateName);
    cursor.set("input", stateInput);
    cursor.put("enteredTime", enteredTime == null ? null : enteredTime.toString());
    cursor.put("retryCount", retryCount);
    ArrayNode attempts = cursor.putArray("retrierAttempts");
    for (int a : retrierAttempts) {
      attempts.add(a);
    }
    cursor.put("phase", phase.name());
    cursor.put("waitUntil", waitUntil == null ? null : waitUntil.toString());
    cursor.put("taskToken", taskToken);
    cursor.put("callbackTimeoutAt", callbackTimeoutAt == null ? null : callbackTimeoutAt.toString());
    cursor.put("heartbeatAt", heartbeatAt == null ? null : heartbeatAt.toString());
    if (heartbeatSeconds != null) {
      cursor.put("heartbeatSeconds", heartbeatSeconds);
    }
    ArrayNode events = o.putArray("history");
    for (HistoryEvent e : history) {
      ObjectNode j = events.addObject();
      j.put("id", e.id());
      j.put("timestamp", e.timestamp().toString());
      j.put("type", e.type().name());
      j.put("state", e.stateName());
      j.put("detail", e.detail());
    }
    return o;
  }

  static Execution fromJson(JsonNode o) {
    Execution ex = new Execution(o.get("name").asText(), o.get("arn").asText(), o.get("input"),
        Instant.parse(o.get("startTime").asText()));
    ex.status = ExecutionStatus.valueOf(o.get("status").asText());
    ex.output = ex.status == ExecutionStatus.SUCCEEDED ? nullable(o.get("output")) : null;
    ex.error = text(o.get("error"));
    ex.cause = text(o.get("cause"));
    ex.stopTime = instant(o.get("stopTime"));
    ex.deadline = instant(o.get("deadline"));
    JsonNode cursor = o.get("cursor");
    ex.stateName = text(cursor.get("state"));
    ex.stateInput = nullable(cursor.get("input"));
    ex.enteredTime = instant(cursor.get("enteredTime"));
    ex.retryCount = cursor.get("retryCount").asInt();
    JsonNode attempts = cursor.get("retrierAttempts");
    ex.retrierAttempts = new int[attempts.size()];
    for (int i = 0; i < attempts.size(); i++) {
      ex.retrierAttempts[i] = attempts.get(i).asInt();
    }
    ex.phase = Phase.valueOf(cursor.get("phase").asText());
    ex.waitUntil = instant(cursor.get("waitUntil"));
    ex.taskToken = text(cursor.get("taskToken"));
    ex.callbackTimeoutAt = instant(cursor.get("callbackTimeoutAt"));
    ex.heartbeatAt = instant(cursor.get("heartbeatAt"));
    ex.heartbeatSeconds = cursor.hasNonNull("heartbeatSeconds") ? cursor.get("heartbeatSeconds").asLong() : null;
    for (JsonNode j : o.get("history")) {
      ex.history.add(new HistoryEvent(j.get("id").asLong(), Instant.parse(j.get("timestamp").asText()),
          HistoryEvent.Type.valueOf(j.get("type").asText()), text(j.get("state")), text(j.get("detail"))));
    }
    ex.dormant = true;
    if (ex.status != ExecutionStatus.RUNNING) {
      ex.done.complete(null);
    }
    return ex;
  }

  private static JsonNode nullable(JsonNode node) {
    return node == null || node.isMissingNode() ? null : node;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Instant instant(JsonNode node) {
    String s = text(node);
    return s == null ? null : Instant.parse(s);
  }
}
