package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway still reads every well-formed way of sending a request that clients use: a chunked body,
 * {@code Expect: 100-continue} (curl for larger bodies), several requests on one kept-alive connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayFramingIT {
  private static final String IMAGINE = "{\"prompt\":\"a lantern in the snow\"}";
  private LocalRuntime runtime;
  private int port;

  @BeforeAll
  void start() throws Exception {
    runtime = LocalRuntime.start(new RuntimeOptions(Path.of("../template.yaml"), Files.createTempDirectory("mj-framing-"),
        "127.0.0.1", 0, 0.03, "framing-admin-key"), true);
    port = URI.create(runtime.baseUrl()).getPort();
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
  }

  private String head(String extra) {
    return "POST /mj/submit/imagine HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + runtime.apiKey()
        + "\r\nContent-Type: application/json\r\n" + extra;
  }

  @Test
  void aChunkedBodyIsRead() throws IOException {
    byte[] body = IMAGINE.getBytes(StandardCharsets.UTF_8);
    String chunked = Integer.toHexString(10) + "\r\n" + IMAGINE.substring(0, 10) + "\r\n"
        + Integer.toHexString(body.length - 10) + "\r\n" + IMAGINE.substring(10) + "\r\n0\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write((head("Transfer-Encoding: chunked\r\n\r\n") + chunked).getBytes(StandardCharsets.UTF_8));
      assertSubmitted(readAnswer(socket.getInputStream()));
    }
  }

  @Test
  void expectContinueGetsA100ThenTheAnswer() throws IOException {
    byte[] body = IMAGINE.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String interim = readHead(in);
      assertTrue(interim.startsWith("HTTP/1.1 100"), interim);
      out.write(body);
      out.flush();
      assertSubmitted(readAnswer(in));
    }
  }

  @Test
  void twoRequestsOnOneConnectionAreBothAnswered() throws IOException {
    byte[] body = IMAGINE.getBytes(StandardCharsets.UTF_8);
    String one = head("Content-Length: " + body.length + "\r\n\r\n") + IMAGINE;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write((one + one).getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      assertSubmitted(readAnswer(in));
      assertSubmitted(readAnswer(in));
    }
  }

  private static void assertSubmitted(String[] answer) {
    assertTrue(answer[0].startsWith("HTTP/1.1 200"), answer[0]);
    JsonNode json = Json.tree(answer[1]);
    assertEquals(1, json.get("code").asInt(), answer[1]);
  }

  /** The head and the Content-Length body of one answer. */
  private static String[] readAnswer(InputStream in) throws IOException {
    String head = readHead(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new String[] {head, new String(in.readNBytes(length), StandardCharsets.UTF_8)};
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] end = {'\r', '\n', '\r', '\n'};
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the answer's head ended: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
