package io.mjserverless.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mjserverless.core.api.http.HttpResponse;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.template.RouteMatch;
import io.mjserverless.local.template.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * API Gateway's HTTP API on a local port: routes from the template, each request turned into a
 * payload-format-2.0 event for its function, CORS preflights answered from the template's
 * CorsConfiguration, and API Gateway's own 10 MB body limit.
 *
 * <p>Jetty rather than the JDK's HttpServer: the JDK answers a request it cannot parse (a {@code {} or
 * {@code %zz} in the path, a bad Content-Length, a bad header) with its own HTML page before any
 * handler runs, while Jetty's parser hands every such request to {@link JsonErrorHandler}, so every
 * answer of the gateway is JSON.
 *
 * <p>The port is bound when the gateway is made, before the rest of the stack starts, so a port in use
 * stops a start before anything else runs; requests are served from {@link #start(LambdaHost)}.
 */
public final class HttpGateway implements AutoCloseable {
  private final SamTemplate template;
  private final Server server;
  private final ServerConnector connector;
  private volatile LambdaHost lambdas;

  /**
   * Binds {@code host:port} (0 for any free port).
   *
   * @throws StartFailure when the port is in use or the address cannot be listened on, saying what to do
   */
  public HttpGateway(SamTemplate template, String host, int port) {
    this.template = template;
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("http-gateway");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Routes());
    server.setErrorHandler(new JsonErrorHandler());
    try {
      connector.open();
    } catch (IOException | RuntimeException e) {
      close();
      throw bindFailure(host, port, e);
    }
  }

  private static StartFailure bindFailure(String host, int port, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof BindException)) {
      cause = cause.getCause();
    }
    // A host name that does not resolve fails the bind with no message at all.
    String reason = cause instanceof UnresolvedAddressException || cause.getMessage() == null
        ? "no such address" : cause.getMessage();
    if (cause instanceof BindException && reason.toLowerCase().contains("in use")) {
      return new StartFailure("port " + port + " is in use: stop what holds it or pass --port N (another port)", e);
    }
    return new StartFailure("cannot listen on " + host + " port " + port + " (" + reason
        + "): pass --host 127.0.0.1 or an address of this machine, or another --port", e);
  }

  /** Starts answering requests, each run as its route's function in {@code lambdas}. */
  public void start(LambdaHost lambdas) throws Exception {
    this.lambdas = lambdas;
    server.start();
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The router: every request that Jetty could parse. */
  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        route(request, response, callback);
      } catch (RuntimeException e) {
        // API Gateway answers 500 {"message":"Internal Server Error"} when the integration fails.
        e.printStackTrace();
        send(response, callback, 500, Map.of("Content-Type", "application/json"),
            Json.write(Map.of("message", "Internal Server Error")));
      }
      return true;
    }
  }

  private void route(Request request, Response response, Callback callback) {
    String method = request.getMethod().toUpperCase();
    String path = request.getHttpURI().getPath();
    if (method.equals("OPTIONS") && request.getHeaders().contains("Access-Control-Request-Method")) {
      preflight(response, callback);
      return;
    }
    Map<String, String> query;
    try {
      query = query(request.getHttpURI().getQuery());
    } catch (IllegalArgumentException e) {
      sendError(response, callback, 400, "bad_request", "the query string is not valid percent-encoding");
      return;
    }
    byte[] body;
    try {
      body = readBody(request);
    } catch (IOException e) {
      // A body that ends before its Content-Length or a broken chunk.
      sendError(response, callback, 400, "bad_request", "the request body could not be read: it ended early or is malformed");
      return;
    }
    if (body == null) {
      response.getHeaders().put("Connection", "close"); // whatever was past the drain limit is still unread
      sendError(response, callback, 413, "payload_too_large", "request body is larger than 10 MB");
      return;
    }
    Optional<RouteMatch> match = template.match(method, path);
    if (match.isEmpty()) {
      send(response, callback, 404, Map.of("Content-Type", "application/json"), Json.write(Map.of("message", "Not Found")));
      return;
    }
    APIGatewayV2HTTPResponse answer = lambdas.invokeHttp(match.get().functionLogicalId(),
        event(request, method, path, query, match.get(), body));
    Map<String, String> headers = new LinkedHashMap<>(answer.getHeaders() == null ? Map.of() : answer.getHeaders());
    template.cors().ifPresent(c -> headers.putIfAbsent("Access-Control-Allow-Origin", String.join(",", c.allowOrigins())));
    send(response, callback, answer.getStatusCode(), headers, answer.getBody() == null ? "" : answer.getBody());
  }

  /** The query parameters as API Gateway gives them: decoded, repeated names joined with commas. */
  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    return query;
  }

  private APIGatewayV2HTTPEvent event(Request request, String method, String path, Map<String, String> query,
      RouteMatch match, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getName().toLowerCase(), field.getValue(), (a, b) -> a + "," + b);
    }
    String rawQuery = Optional.ofNullable(request.getHttpURI().getQuery()).orElse("");
    String routeKey = match.route().path().equals("$default") ? "$default" : method + " " + match.route().path();
    long now = System.currentTimeMillis();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(routeKey)
        .withRawPath(path)
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
                .withPath(path)
                .withProtocol(request.getConnectionMetaData().getProtocol())
                .withSourceIp(Request.getRemoteAddr(request))
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build())
            .build())
        .build();
  }

  private void preflight(Response response, Callback callback) {
    Map<String, String> headers = new LinkedHashMap<>();
    template.cors().ifPresent(c -> {
      headers.put("Access-Control-Allow-Origin", String.join(",", c.allowOrigins()));
      headers.put("Access-Control-Allow-Headers", String.join(",", c.allowHeaders()));
      headers.put("Access-Control-Allow-Methods", String.join(",", c.allowMethods()));
      if (c.maxAge() != null) {
        headers.put("Access-Control-Max-Age", String.valueOf(c.maxAge()));
      }
    });
    send(response, callback, 204, headers, "");
  }

  /**
   * Past the limit, what is still on its way is read and dropped (up to this much) before the 413 goes
   * out: a server that answers and closes while the client is still sending resets the connection, and
   * the client never reads the answer.
   */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  /** The body, or null when it is over API Gateway's limit. */
  private static byte[] readBody(Request request) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes((int) Config.API_GATEWAY_BODY_LIMIT + 1);
      if (bytes.length <= Config.API_GATEWAY_BODY_LIMIT) {
        return bytes;
      }
      long drained = 0;
      byte[] sink = new byte[64 * 1024];
      for (int n; drained < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
        drained += n;
      }
      return null;
    }
  }

  /** Our JSON error, {@code {"type","description"}}, as the API's own handlers answer one. */
  static void sendError(Response response, Callback callback, int status, String type, String description) {
    HttpResponse error = HttpResponse.error(status, type, description);
    send(response, callback, error.status(), error.headers(), error.body());
  }

  static void send(Response response, Callback callback, int status, Map<String, String> headers, String body) {
    response.setStatus(status);
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
    if (body.isEmpty()) {
      response.write(true, null, callback);
    } else {
      Content.Sink.write(response, true, body, callback);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway: the connector and its threads are what matter, and stop() ends them first
    } finally {
      connector.close();
    }
  }
}
