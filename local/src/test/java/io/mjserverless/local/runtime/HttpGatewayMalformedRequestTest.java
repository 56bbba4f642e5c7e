package io.mjserverless.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that cannot be parsed, sent over a raw socket on loopback: each is answered with a 4xx and
 * our JSON error {@code {"type","description"}}, never an HTML page. None of them reaches a function,
 * so the gateway runs here without the stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGatewayMalformedRequestTest {
  private HttpGateway gateway;

  @BeforeAll
  void start() throws Exception {
    SamTemplate template = SamTemplate.load(Path.of("../template.yaml"), Map.of(), "us-east-1", "mj-local");
    gateway = new HttpGateway(template, "127.0.0.1", 0);
    gateway.start(new LambdaHost(template, Map.of()));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /mj/{ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/task/%zz/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/task/list-by-condition?ids=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/task/a b/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n{}",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n{}",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n{}",
      "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "GET /mj/task/x/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\nHeaderWithoutColon\r\n\r\n",
      "GET /mj/task/x/fetch HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/task/x/fetch FOO/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "G{T /mj/task/x/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET /mj/task/x/fetch HTTP/1.1\r\n\r\n",
      "GET /mj/task/\u00e9/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/task/%00/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /mj/%2e%2e/admin/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
  })
  void malformedRequestsGetOurJsonError(String request) throws IOException {
    assertJsonError(send(request.getBytes(StandardCharsets.ISO_8859_1), false), request);
  }

  @Test
  void aBodyShorterThanItsContentLengthGetsOurJsonError() throws IOException {
    // The client says 100 bytes, sends 2 and stops sending.
    byte[] request = "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertJsonError(send(request, true), "short body");
  }

  @Test
  void aTooLongRequestLineOrHeaderGetsOurJsonError() throws IOException {
    String longPath = "GET /mj/task/" + "a".repeat(20_000) + "/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    Answer uri = send(longPath.getBytes(StandardCharsets.ISO_8859_1), false);
    assertJsonError(uri, "long URI");
    assertEquals("uri_too_long", uri.json().get("type").asText());
    String longHeader = "GET /mj/task/x/fetch HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n";
    assertJsonError(send(longHeader.getBytes(StandardCharsets.ISO_8859_1), false), "long header");
  }

  @Test
  void aWellFormedRequestStillReachesTheRouter() throws IOException {
    // A CORS preflight is answered by the gateway itself from the template's CorsConfiguration.
    Answer answer = send(("OPTIONS /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:1002\r\n"
        + "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false);
    assertEquals(204, answer.status(), answer.toString());
    assertTrue(answer.headers().containsKey("access-control-allow-origin"), answer.toString());
  }

  private static void assertJsonError(Answer answer, String request) {
    String what = request.lines().findFirst().orElse(request) + " -> " + answer;
    assertTrue(answer.status() >= 400 && answer.status() < 500, "a 4xx: " + what);
    assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), "JSON content type: " + what);
    JsonNode body = answer.json();
    assertTrue(body.hasNonNull("type") && body.hasNonNull("description"), "our error shape: " + what);
    assertFalse(answer.body().contains("<"), "no markup: " + what);
    // the connection is closed after such a request: a keep-alive client must be told, or it sends its
    // next request down a dead connection and gets no answer (seen in ApiFuzzIT)
    if (body.path("description").asText().startsWith("malformed request")) { // Jetty could not read it
      assertEquals("close", answer.headers().getOrDefault("connection", "").toLowerCase(), "Connection: close: " + what);
    }
  }

  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      return Json.tree(body);
    }
  }

  /** Sends raw bytes and reads one answer (status line, headers, Content-Length bytes of body). */
  private Answer send(byte[] request, boolean stopSending) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      if (stopSending) {
        socket.shutdownOutput();
      }
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
        }
      }
      String length = headers.get("content-length");
      byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
      return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the answer's headers ended: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
