package io.mjserverless.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.RouteMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * API Gateway's HTTP API on a local port: routes from the template, each request turned into a
 * payload-format-2.0 event for its function, CORS preflights answered from the template's
 * CorsConfiguration, and API Gateway's own 10 MB body limit.
 */
public final class HttpGateway implements AutoCloseable {
  private final SamTemplate template;
  private final LambdaHost lambdas;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16);

  public HttpGateway(SamTemplate template, LambdaHost lambdas, String host, int port) throws IOException {
    this.template = template;
    this.lambdas = lambdas;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase();
      String path = exchange.getRequestURI().getRawPath();
      if (method.equals("OPTIONS") && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
        preflight(exchange);
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        send(exchange, 413, Map.of("Content-Type", "application/json"),
            Json.write(Map.of("type", "payload_too_large", "description", "request body is larger than 10 MB")));
        return;
      }
      Optional<RouteMatch> match = template.match(method, path);
      if (match.isEmpty()) {
        send(exchange, 404, Map.of("Content-Type", "application/json"), Json.write(Map.of("message", "Not Found")));
        return;
      }
      APIGatewayV2HTTPResponse response = lambdas.invokeHttp(match.get().functionLogicalId(), event(exchange, match.get(), body));
      Map<String, String> headers = new LinkedHashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
      template.cors().ifPresent(c -> headers.putIfAbsent("Access-Control-Allow-Origin", String.join(",", c.allowOrigins())));
      send(exchange, response.getStatusCode(), headers, response.getBody() == null ? "" : response.getBody());
    } catch (RuntimeException e) {
      // API Gateway answers 500 {"message":"Internal Server Error"} when the integration fails.
      e.printStackTrace();
      send(exchange, 500, Map.of("Content-Type", "application/json"), Json.write(Map.of("message", "Internal Server Error")));
    }
  }

  private APIGatewayV2HTTPEvent event(HttpExchange exchange, RouteMatch match, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    String method = exchange.getRequestMethod().toUpperCase();
    String routeKey = match.route().path().equals("$default") ? "$default" : method + " " + match.route().path();
    long now = System.currentTimeMillis();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(routeKey)
        .withRawPath(exchange.getRequestURI().getRawPath())
        .withRawQueryString(rawQuery)
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
        .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId("000000000000")
            .withApiId("local")
            .withDomainName(headers.getOrDefault("host", "localhost"))
            .withRequestId(UUID.randomUUID().toString())
            .withRouteKey(routeKey)
            .withStage("$default")
            .withTime(Instant.ofEpochMilli(now).toString())
            .withTimeEpoch(now)
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method)
                .withPath(exchange.getRequestURI().getRawPath())
                .withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build())
            .build())
        .build();
  }

  private void preflight(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    template.cors().ifPresent(c -> {
      headers.put("Access-Control-Allow-Origin", String.join(",", c.allowOrigins()));
      headers.put("Access-Control-Allow-Headers", String.join(",", c.allowHeaders()));
      headers.put("Access-Control-Allow-Methods", String.join(",", c.allowMethods()));
      if (c.maxAge() != null) {
        headers.put("Access-Control-Max-Age", String.valueOf(c.maxAge()));
      }
    });
    send(exchange, 204, headers, "");
  }

  /** The body, or null when it is over API Gateway's limit. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) Config.API_GATEWAY_BODY_LIMIT + 1);
    return bytes.length > Config.API_GATEWAY_BODY_LIMIT ? null : bytes;
  }

  private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

}
