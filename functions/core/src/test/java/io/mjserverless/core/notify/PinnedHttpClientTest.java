package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned client against loopback listeners only; names never reach DNS (targets carry their addresses). */
class PinnedHttpClientTest {
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private PinnedHttpClient.Connector recording() {
    return (address, timeout) -> {
      attempts.add(address);
      if (!address.getAddress().isLoopbackAddress()) {
        throw new AssertionError("a test tried to connect to " + address);
      }
      Socket socket = new Socket();
      socket.connect(address, timeout);
      return socket;
    };
  }

  private PinnedHttpClient client() {
    return new PinnedHttpClient(Duration.ofSeconds(2), recording(), (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  private static CheckedTarget target(String url, String... addresses) throws IOException {
    URI uri = URI.create(url);
    boolean https = uri.getScheme().equals("https");
    List<InetAddress> resolved = new ArrayList<>();
    for (String a : addresses) {
      resolved.add(InetAddress.getByName(a));
    }
    return new CheckedTarget(uri, uri.getHost(), uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort(), https, resolved);
  }

  private HttpServer httpServer() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0); // chunked
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 50; i++) {
          out.write(("part " + i + ";").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    });
    server.createContext("/sized", exchange -> {
      byte[] body = ("host=" + exchange.getRequestHeaders().getFirst("Host") + " path=" + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(201, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    toClose.add(() -> server.stop(0));
    return server;
  }

  private static String read(PinnedHttpClient.Response response) throws IOException {
    try (response; InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsChunkedAndSizedBodiesAndSendsTheNameAsHost() throws IOException {
    int port = httpServer().getAddress().getPort();
    PinnedHttpClient.Response chunked = client().send(target("http://hooks.test:" + port + "/chunked", "127.0.0.1"), "GET", Map.of(), null,
        Duration.ofSeconds(2));
    assertEquals(200, chunked.status());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      expected.append("part ").append(i).append(';');
    }
    assertEquals(expected.toString(), read(chunked));

    PinnedHttpClient.Response sized = client().send(target("http://hooks.test:" + port + "/sized?a=1#frag", "127.0.0.1"), "POST",
        Map.of("Content-Type", "text/plain"), "hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
    assertEquals(201, sized.status());
    assertEquals("host=hooks.test:" + port + " path=/sized?a=1", read(sized));
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnection() throws IOException {
    ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    toClose.add(raw);
    Thread server = new Thread(() -> {
      try (Socket s = raw.accept()) {
        s.getInputStream().read(new byte[4096]);
        s.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nX-A: 1\r\n\r\nuntil the end".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException ignored) {
        // the test fails on its own
      }
    });
    server.start();
    PinnedHttpClient.Response response = client().send(target("http://raw.test:" + raw.getLocalPort() + "/", "127.0.0.1"), "GET", Map.of(),
        null, Duration.ofSeconds(2));
    assertEquals(200, response.status());
    assertEquals("1", response.header("x-a").orElseThrow());
    assertEquals("until the end", read(response));
  }

  @Test
  void theDeadlineCoversADribblingBody() throws IOException {
    ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    toClose.add(raw);
    Thread server = new Thread(() -> {
      try (Socket s = raw.accept()) {
        s.getInputStream().read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 1000; i++) { // one byte every 100 ms: each read is quick, the whole is not
          out.write('x');
          out.flush();
          Thread.sleep(100);
        }
      } catch (IOException | InterruptedException ignored) {
        // the client hung up
      }
    });
    server.setDaemon(true);
    server.start();
    long start = System.nanoTime();
    PinnedHttpClient.Response response = client().send(target("http://slow.test:" + raw.getLocalPort() + "/", "127.0.0.1"), "GET",
        Map.of(), null, Duration.ofMillis(600));
    assertThrows(SocketTimeoutException.class, () -> read(response));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(elapsed < 3_000, "elapsed " + elapsed); // about 600 ms; generous for a busy machine
  }

  @Test
  void theDeadlineCoversAReceiverThatNeverReads() throws IOException {
    ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    toClose.add(raw);
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    Thread server = new Thread(() -> {
      try {
        accepted.add(raw.accept()); // accepts, never reads: our write fills the buffers and blocks
      } catch (IOException ignored) {
        // closed by the test
      }
    });
    server.setDaemon(true);
    server.start();
    toClose.add(() -> accepted.forEach(s -> {
      try {
        s.close();
      } catch (IOException ignored) {
        // done anyway
      }
    }));
    byte[] large = new byte[32 * 1024 * 1024];
    long start = System.nanoTime();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThrows(SocketTimeoutException.class, () -> client().send(target("http://deaf.test:" + raw.getLocalPort() + "/", "127.0.0.1"),
          "POST", Map.of(), large, Duration.ofMillis(500)));
    });
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(elapsed < 5_000, "elapsed " + elapsed); // about 500 ms; generous for a busy machine
  }

  @Test
  void triesTheNextCheckedAddressAndNoOther() throws IOException {
    int port = httpServer().getAddress().getPort();
    // Nothing listens on 127.0.0.2 at this port; the second checked address answers.
    PinnedHttpClient.Response response = client().send(target("http://two.test:" + port + "/sized", "127.0.0.2", "127.0.0.1"), "GET",
        Map.of(), null, Duration.ofSeconds(2));
    assertEquals(201, response.status());
    read(response);
    assertEquals(List.of(new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port)), attempts);
  }

  @Test
  void aHeaderThatCouldSplitTheRequestIsRefusedBeforeConnecting() throws IOException {
    CheckedTarget target = target("http://hooks.test:9/x", "127.0.0.1");
    assertThrows(IllegalArgumentException.class,
        () -> client().send(target, "POST", Map.of("X-Evil", "a\r\nHost: other"), new byte[0], Duration.ofSeconds(1)));
    assertTrue(attempts.isEmpty());
  }

  /** https to the checked IP still names the host: SNI carries it and the certificate is verified against it. */
  @Test
  void httpsNamesTheOriginalHostForSniAndCertificate(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("hooks.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hooks.test",
        "-ext", "SAN=dns:hooks.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);

    List<String> serverNames = new CopyOnWriteArrayList<>();
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext("/", exchange -> {
      if (((HttpsExchange) exchange).getSSLSession() instanceof ExtendedSSLSession session) {
        for (SNIServerName name : session.getRequestedServerNames()) {
          serverNames.add(((SNIHostName) name).getAsciiName());
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    toClose.add(() -> server.stop(0));
    int port = server.getAddress().getPort();
    PinnedHttpClient client = new PinnedHttpClient(Duration.ofSeconds(2), recording(), clientContext.getSocketFactory());

    PinnedHttpClient.Response ok = client.send(target("https://hooks.test:" + port + "/cb", "127.0.0.1"), "POST", Map.of(), new byte[0],
        Duration.ofSeconds(5));
    assertEquals(204, ok.status());
    ok.close();
    assertEquals(List.of("hooks.test"), serverNames);

    // The same server and address under another name: the certificate does not match, so no request is made.
    assertThrows(SSLException.class, () -> client.send(target("https://other.test:" + port + "/cb", "127.0.0.1"), "POST", Map.of(),
        new byte[0], Duration.ofSeconds(5)));
  }
}
