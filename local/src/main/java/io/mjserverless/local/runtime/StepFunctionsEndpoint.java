package io.mjserverless.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.asl.AslExecutor;
import io.mjserverless.local.asl.ExecutionAlreadyExistsException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of the Step Functions API the functions call (StartExecution; SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat for waitForTaskToken Tasks; and DescribeExecution and
 * StopExecution for people poking at it), spoken in AWS's JSON 1.0 protocol on a local port. The
 * functions keep their real SDK client and only get a different endpoint, so the code that starts
 * workflows in AWS is the code that starts them here.
 */
public final class StepFunctionsEndpoint implements AutoCloseable {
  private final Map<String, AslExecutor> executorsByArn;
  private final HttpServer server;

  public StepFunctionsEndpoint(Map<String, AslExecutor> executorsByStateMachineArn) throws IOException {
    this.executorsByArn = Map.copyOf(executorsByStateMachineArn);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
      String operation = target.substring(target.indexOf('.') + 1);
      try {
        send(exchange, 200, switch (operation) {
          case "StartExecution" -> start(request);
          case "DescribeExecution" -> describe(request);
          case "StopExecution" -> stop(request);
          case "SendTaskSuccess" -> {
            JsonNode output = output(request);
            yield withToken(request, (executor, token) -> executor.sendTaskSuccess(token, output));
          }
          case "SendTaskFailure" -> withToken(request, (executor, token) ->
              executor.sendTaskFailure(token, request.path("error").asText(null), request.path("cause").asText(null)));
          case "SendTaskHeartbeat" -> withToken(request, AslExecutor::sendTaskHeartbeat);
          default -> throw new AwsError(400, "UnknownOperationException", operation + " is not served locally");
        });
      } catch (AwsError e) {
        send(exchange, e.status, Map.of("__type", e.type, "message", e.getMessage()));
      }
    }
  }

  private Map<String, Object> start(JsonNode request) {
    String arn = request.path("stateMachineArn").asText();
    AslExecutor executor = executor(arn);
    String name = request.path("name").asText(java.util.UUID.randomUUID().toString());
    JsonNode input = request.hasNonNull("input") ? Json.tree(request.get("input").asText()) : Json.MAPPER.createObjectNode();
    try {
      executor.start(name, input);
    } catch (ExecutionAlreadyExistsException e) {
      throw new AwsError(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + executionArn(arn, name) + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("executionArn", executionArn(arn, name));
    out.put("startDate", System.currentTimeMillis() / 1000.0);
    return out;
  }

  private Map<String, Object> describe(JsonNode request) {
    String executionArn = request.path("executionArn").asText();
    String[] parts = split(executionArn);
    var info = executor(parts[0]).describe(parts[1])
        .orElseThrow(() -> new AwsError(400, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("executionArn", executionArn);
    out.put("stateMachineArn", parts[0]);
    out.put("name", parts[1]);
    out.put("status", info.status().toString());
    out.put("output", info.output() == null ? null : Json.write(info.output()));
    out.put("error", info.error());
    out.put("cause", info.cause());
    return out;
  }

  private Map<String, Object> stop(JsonNode request) {
    String executionArn = request.path("executionArn").asText();
    String[] parts = split(executionArn);
    executor(parts[0]).stop(parts[1], request.path("error").asText(null), request.path("cause").asText(null));
    return Map.of("stopDate", System.currentTimeMillis() / 1000.0);
  }

  /** SendTaskSuccess's output: a JSON text, as AWS requires. */
  private static JsonNode output(JsonNode request) {
    JsonNode output;
    try {
      output = Json.tree(request.path("output").asText(""));
    } catch (RuntimeException e) {
      output = null;
    }
    if (output == null || output.isMissingNode()) {
      throw new AwsError(400, "InvalidOutput", "Invalid Output: the output must be JSON");
    }
    return output;
  }

  /**
   * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat: to the executor whose running Task holds the
   * token; an unknown or spent token (used, timed out, its execution ended) is TaskDoesNotExist, as AWS says.
   */
  private Map<String, Object> withToken(JsonNode request, java.util.function.BiConsumer<AslExecutor, String> action) {
    String token = request.path("taskToken").asText("");
    if (token.isEmpty()) {
      throw new AwsError(400, "InvalidToken", "Invalid Token: the taskToken is missing");
    }
    for (AslExecutor executor : executorsByArn.values()) {
      if (executor.holdsTaskToken(token)) {
        try {
          action.accept(executor, token);
          return Map.of();
        } catch (java.util.NoSuchElementException spent) {
          break; // it ended meanwhile
        }
      }
    }
    throw new AwsError(400, "TaskDoesNotExist", "Task Does Not Exist");
  }

  private AslExecutor executor(String stateMachineArn) {
    AslExecutor executor = executorsByArn.get(stateMachineArn);
    if (executor == null) {
      throw new AwsError(400, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + stateMachineArn + "'");
    }
    return executor;
  }

  static String executionArn(String stateMachineArn, String name) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
  }

  /** {state machine ARN, execution name} of an execution ARN. */
  private static String[] split(String executionArn) {
    int at = executionArn.lastIndexOf(':');
    if (at < 0 || !executionArn.contains(":execution:")) {
      throw new AwsError(400, "InvalidArn", "Invalid Arn: '" + executionArn + "'");
    }
    return new String[] {executionArn.substring(0, at).replaceFirst(":execution:", ":stateMachine:"), executionArn.substring(at + 1)};
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** An error in the shape AWS JSON protocols use, which the SDK maps to its exception types. */
  private static final class AwsError extends RuntimeException {
    final int status;
    final String type;

    AwsError(int status, String type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
