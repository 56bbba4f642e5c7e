package io.mjserverless.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Discord's {@code GET /api/v9/users/@me} on 127.0.0.1, for the account check: the one good token gets
 * its user, any other token a 401, as Discord answers a dead token. Records the Authorization headers.
 */
final class DiscordUsersMeFake implements AutoCloseable {
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  DiscordUsersMeFake(String goodToken) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v9/users/@me", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth);
      byte[] body;
      int status;
      if (goodToken.equals(auth)) {
        status = 200;
        body = "{\"id\":\"80351110224678912\",\"username\":\"nelly\",\"global_name\":\"Nelly\",\"discriminator\":\"0\"}"
            .getBytes(StandardCharsets.UTF_8);
      } else {
        status = 401;
        body = "{\"message\":\"401: Unauthorized\",\"code\":0}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /** The base URL to configure as DISCORD_API_URL. */
  String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v9";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
