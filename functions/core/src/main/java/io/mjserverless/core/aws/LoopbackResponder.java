package io.mjserverless.core.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A one-shot HTTP server on 127.0.0.1 inside this JVM, for priming: it accepts one connection, reads one
 * request and writes one fixed answer, so a dry run can go through the real transport (socket, HTTP
 * writing and parsing, the URL-connection client's streams) without any byte leaving the process.
 */
final class LoopbackResponder implements AutoCloseable {
  private final ServerSocket server;
  private final Thread thread;

  private LoopbackResponder(ServerSocket server, byte[] answer) {
    this.server = server;
    this.thread = new Thread(() -> serveOnce(answer), "mj-priming-loopback");
    thread.setDaemon(true);
    thread.start();
  }

  /** Listens on an ephemeral loopback port and answers the first request with {@code status}, {@code headers}, {@code body}. */
  static LoopbackResponder start(int status, Map<String, String> headers, byte[] body) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setSoTimeout(5_000);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Answer").append("\r\n");
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Content-Length") && !k.equalsIgnoreCase("Connection")) {
        head.append(k).append(": ").append(v).append("\r\n");
      }
    });
    // Keep-alive, as AWS answers: the client's keep-alive stream and cache are loaded too. The cached
    // connection points at this port, which closes with the responder and is never asked again.
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    answer.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    answer.writeBytes(body);
    return new LoopbackResponder(server, answer.toByteArray());
  }

  int port() {
    return server.getLocalPort();
  }

  private void serveOnce(byte[] answer) {
    try (Socket s = server.accept()) {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      readRequest(in);
      OutputStream out = s.getOutputStream();
      out.write(answer);
      out.flush();
    } catch (IOException e) {
      // the client sees a failed call and priming falls back to the in-memory answer
    }
  }

  /** Reads the head and then the body by Content-Length or chunks, so the client is never cut off mid-write. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int at = headers.indexOf("\ncontent-length:");
    if (at >= 0) {
      int end = headers.indexOf('\r', at);
      long length = Long.parseLong(headers.substring(at + "\ncontent-length:".length(), end).trim());
      in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
    } else if (headers.contains("\ntransfer-encoding: chunked")) {
      while (true) {
        StringBuilder size = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          if (b != '\r') {
            size.append((char) b);
          }
        }
        int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
        in.readNBytes(n + 2); // the chunk and its CRLF (the last chunk: its final CRLF)
        if (n == 0 || b < 0) {
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
