package io.mjserverless.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client image links: fetched from the address the guard checked, through a resolver seam and a loopback listener. */
class RemoteImagesTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

  private final List<String> hosts = new CopyOnWriteArrayList<>();
  private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/cat.png", exchange -> {
      hosts.add(exchange.getRequestHeaders().getFirst("Host"));
      exchange.sendResponseHeaders(200, PNG.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(PNG);
      }
    });
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private RemoteImages remote(HookAddressGuard.HostResolver resolver) {
    PinnedHttpClient.Connector connector = (address, timeout) -> {
      attempts.add(address);
      if (!address.getAddress().isLoopbackAddress()) {
        throw new AssertionError("a test tried to connect to " + address);
      }
      Socket socket = new Socket();
      socket.connect(address, timeout);
      return socket;
    };
    return new RemoteImages(new HookAddressGuard(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, resolver),
        new PinnedHttpClient(Duration.ofSeconds(2), connector, (SSLSocketFactory) SSLSocketFactory.getDefault()));
  }

  @Test
  void fetchesFromTheCheckedAddressWhateverTheNameResolvesToLater() {
    AtomicInteger lookups = new AtomicInteger();
    // First answer checked and used; every later answer (127.0.0.2, where nothing listens) must never be asked for.
    RemoteImages remote = remote(host -> new InetAddress[] {
        InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")});

    assertArrayEquals(PNG, remote.fetch("http://images.rebind.test:" + port + "/cat.png"));
    assertEquals(1, lookups.get());
    assertEquals(List.of("images.rebind.test:" + port), hosts);
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", port)), attempts);
  }

  @Test
  void aPrivateOrMetadataAnswerIsRefusedWithoutAnyConnectionAttempt() {
    for (String answer : List.of("10.1.2.3", "169.254.169.254", "fd00:ec2::254", "100.64.0.1", "::ffff:192.168.1.1")) {
      RemoteImages remote = remote(host -> new InetAddress[] {InetAddress.getByName(answer)});
      JobRejectedException e = assertThrows(JobRejectedException.class,
          () -> remote.fetch("http://images.inside.test:" + port + "/cat.png"));
      assertTrue(e.getMessage().startsWith("the image link cannot be fetched: link points to a private"), e.getMessage());
    }
    assertTrue(attempts.isEmpty(), "no connection may be attempted: " + attempts);
    assertTrue(hosts.isEmpty());
  }

  @Test
  void aRedirectIsNotFollowed() {
    RemoteImages remote = remote(host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
    JobRejectedException e = assertThrows(JobRejectedException.class, () -> remote.fetch("http://images.test:" + port + "/moved"));
    assertEquals("the image link answered HTTP 302", e.getMessage());
    assertEquals(1, attempts.size());
  }
}
