package io.mjserverless.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A local webhook receiver: records every callback and answers what the test tells it to. */
final class CallbackReceiver implements AutoCloseable {
  record Received(String signature, String delivery, String body) {
    JsonNode json() {
      return Json.tree(body);
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger finalAttempts = new AtomicInteger();
  private final HttpServer server;
  /** Decides the status of each answer from the callback's task JSON. */
  volatile Function<JsonNode, Integer> answer = task -> 200;

  CallbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Received r = new Received(exchange.getRequestHeaders().getFirst("X-Mj-Signature"),
          exchange.getRequestHeaders().getFirst("X-Mj-Delivery"), body);
      received.add(r);
      int status = answer.apply(r.json());
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  List<String> statuses() {
    return received.stream().map(r -> r.json().get("status").asText() + ":" + r.json().get("progress").asText()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
