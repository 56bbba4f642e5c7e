package io.mjserverless.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallbackSenderTest {
  private static final String SECRET = "whsec_receiver_test";
  private static final String BODY =
      "{\"id\":\"1717000000000123456\",\"status\":\"SUCCESS\",\"prompt\":\"\u732b \u0031\ufe0f\u20e3\",\"progress\":\"100%\"}";
  private static final String DELIVERY = DeliveryIds.of("1717000000000123456", "SUCCESS", "100%", 9);

  /** One request as the receiver saw it: headers by lower-case name, body decoded as UTF-8. */
  private record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase());
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private final AtomicInteger endlessBytes = new AtomicInteger();
  private HttpServer server;
  private ExecutorService executor;
  private String base;

  private final CallbackSigner signer = new CallbackSigner(Clock.systemUTC());
  private final HookAddressGuard lenient = new HookAddressGuard(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK);

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
    executor.shutdownNow(); // wakes the sleeping and streaming handlers
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, List<String>> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), path, headers, body));
    try (exchange) {
      switch (path) {
        case "/hook" -> respond(exchange, 200, "ok");
        case "/no-content" -> exchange.sendResponseHeaders(204, -1);
        case "/broken" -> respond(exchange, 500, "boom");
        case "/redirect" -> {
          exchange.getResponseHeaders().add("Location", base + "/target");
          respond(exchange, 302, "");
        }
        case "/target" -> respond(exchange, 200, "should never be reached");
        case "/slow" -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            return;
          }
          respond(exchange, 200, "late");
        }
        case "/stall" -> {
          exchange.sendResponseHeaders(200, 1_000); // promises 1000 bytes, sends 10, then stalls
          exchange.getResponseBody().write(new byte[10]);
          exchange.getResponseBody().flush();
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException e) {
            return;
          }
        }
        case "/flaky" -> respond(exchange, flakyCalls.incrementAndGet() <= 2 ? 500 : 200, "");
        case "/endless" -> {
          exchange.sendResponseHeaders(200, 0); // chunked, no length
          byte[] chunk = new byte[8192];
          long until = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
          OutputStream out = exchange.getResponseBody();
          while (System.nanoTime() < until) {
            out.write(chunk); // throws once the client hangs up
            out.flush();
            endlessBytes.addAndGet(chunk.length);
          }
        }
        default -> respond(exchange, 404, "");
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private CallbackSender sender(Duration timeout) {
    return new CallbackSender(lenient, signer, timeout);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void postsSignedJsonWithDeliveryIdAndIsDelivered() {
    CallbackResult result = sender(Duration.ofSeconds(2)).send(base + "/hook", BODY, SECRET, DELIVERY);

    assertTrue(result.delivered(), result.toString());
    assertEquals(200, result.status());
    assertNull(result.error());
    assertTrue(result.elapsedMillis() >= 0);

    assertEquals(1, received.size());
    Received r = received.get(0);
    assertEquals("POST", r.method());
    assertEquals(BODY, r.body());
    assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
    assertEquals("mj-serverless-callback/1", r.header("User-Agent"));
    assertEquals(DELIVERY, r.header("X-Mj-Delivery"));
    String signature = r.header("X-Mj-Signature");
    assertTrue(signature != null && signature.matches("t=\\d+,v1=[0-9a-f]{64}"), signature);
    assertTrue(CallbackSigner.verify(SECRET, signature, r.body(), nowSeconds(), 300));
    assertFalse(CallbackSigner.verify("whsec_someone_else", signature, r.body(), nowSeconds(), 300));
  }

  @Test
  void noContentCountsAsDelivered() {
    CallbackResult result = sender(Duration.ofSeconds(2)).send(base + "/no-content", BODY, SECRET, DELIVERY);
    assertTrue(result.delivered(), result.toString());
    assertEquals(204, result.status());
    assertNull(result.error());
  }

  @Test
  void serverErrorIsNotDelivered() {
    CallbackResult result = sender(Duration.ofSeconds(2)).send(base + "/broken", BODY, SECRET, DELIVERY);
    assertFalse(result.delivered());
    assertEquals(500, result.status());
    assertEquals("HTTP 500", result.error());
  }

  @Test
  void redirectIsNotFollowedAndNotDelivered() {
    CallbackResult result = sender(Duration.ofSeconds(2)).send(base + "/redirect", BODY, SECRET, DELIVERY);
    assertFalse(result.delivered());
    assertEquals(302, result.status());
    assertTrue(result.error().startsWith("HTTP 302"), result.error());
    assertEquals(List.of("/redirect"), received.stream().map(Received::path).toList());
  }

  @Test
  void slowReceiverTimesOut() {
    CallbackResult result = sender(Duration.ofMillis(300)).send(base + "/slow", BODY, SECRET, DELIVERY);
    assertFalse(result.delivered());
    assertNull(result.status());
    assertEquals("timed out after 300ms", result.error());
    assertTrue(result.elapsedMillis() >= 250 && result.elapsedMillis() < 1_500, "elapsed " + result.elapsedMillis());
  }

  @Test
  void deadlineCoversTheBodyTooAndTheStatusGivenStillCounts() {
    CallbackResult result = sender(Duration.ofMillis(300)).send(base + "/stall", BODY, SECRET, DELIVERY);
    assertTrue(result.elapsedMillis() < 1_500, "elapsed " + result.elapsedMillis());
    assertTrue(result.delivered(), result.toString()); // the receiver answered 200 before stalling
    assertEquals(200, result.status());
  }

  @Test
  void closedPortIsAConnectionErrorNotAnException() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CallbackResult result = sender(Duration.ofSeconds(2)).send("http://127.0.0.1:" + port + "/hook", BODY, SECRET, DELIVERY);
    assertFalse(result.delivered());
    assertNull(result.status());
    assertEquals("connection refused", result.error());
  }

  @Test
  void retriesKeepTheDeliveryIdUntilDelivered() {
    CallbackSender sender = sender(Duration.ofSeconds(2));
    CallbackResult first = sender.send(base + "/flaky", BODY, SECRET, DELIVERY);
    CallbackResult second = sender.send(base + "/flaky", BODY, SECRET, DELIVERY);
    CallbackResult third = sender.send(base + "/flaky", BODY, SECRET, DELIVERY);

    assertFalse(first.delivered());
    assertEquals(500, first.status());
    assertFalse(second.delivered());
    assertEquals(500, second.status());
    assertTrue(third.delivered(), third.toString());
    assertEquals(200, third.status());

    assertEquals(3, received.size());
    for (Received r : received) {
      assertEquals(DELIVERY, r.header("X-Mj-Delivery"));
      assertEquals(BODY, r.body());
      assertTrue(CallbackSigner.verify(SECRET, r.header("X-Mj-Signature"), r.body(), nowSeconds(), 300));
    }
  }

  @Test
  void strictGuardRefusesLoopbackWithoutSending() {
    CallbackSender strict = new CallbackSender(new HookAddressGuard(OutboundAddressPolicy.PUBLIC_ONLY), signer, Duration.ofSeconds(2));
    CallbackResult result = strict.send(base + "/hook", BODY, SECRET, DELIVERY);
    assertFalse(result.delivered());
    assertNull(result.status());
    assertTrue(result.error().startsWith("hook refused: "), result.error());
    assertTrue(received.isEmpty(), "nothing may reach the receiver");
  }

  @Test
  void unusableHooksAreRefusedNotThrown() {
    CallbackSender sender = sender(Duration.ofSeconds(2));
    for (String hook : new String[] {null, " ", "ftp://127.0.0.1/hook", "not a url"}) {
      CallbackResult result = sender.send(hook, BODY, SECRET, DELIVERY);
      assertFalse(result.delivered());
      assertTrue(result.error().startsWith("hook refused: "), hook + " -> " + result.error());
    }
    assertTrue(received.isEmpty());
  }

  @Test
  void missingSecretIsNotSentUnsigned() {
    CallbackSender sender = sender(Duration.ofSeconds(2));
    for (String secret : new String[] {null, ""}) {
      CallbackResult result = sender.send(base + "/hook", BODY, secret, DELIVERY);
      assertFalse(result.delivered());
      assertNull(result.status());
      assertEquals("no webhook secret to sign with", result.error());
    }
    assertTrue(received.isEmpty());
  }

  @Test
  void endlessResponseBodyIsCutOffNotBuffered() {
    CallbackResult result = sender(Duration.ofSeconds(4)).send(base + "/endless", BODY, SECRET, DELIVERY);
    assertTrue(result.delivered(), result.toString());
    assertEquals(200, result.status());
    // The receiver streams for 2.5 s unless we hang up; reading only the cap returns well before that.
    assertTrue(result.elapsedMillis() < 1_500, "elapsed " + result.elapsedMillis());
  }

  /** A connector that records every address it is asked to connect to, then connects (loopback only). */
  private static final class RecordingConnector implements PinnedHttpClient.Connector {
    final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    @Override
    public java.net.Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
      attempts.add(address);
      if (!address.getAddress().isLoopbackAddress()) {
        throw new AssertionError("a test tried to connect to " + address);
      }
      java.net.Socket socket = new java.net.Socket();
      socket.connect(address, timeoutMillis);
      return socket;
    }
  }

  private CallbackSender pinned(HookAddressGuard.HostResolver resolver, RecordingConnector connector) {
    HookAddressGuard guard = new HookAddressGuard(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, resolver);
    PinnedHttpClient http = new PinnedHttpClient(Duration.ofSeconds(2), connector,
        (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
    return new CallbackSender(guard, signer, Duration.ofSeconds(2), http);
  }

  @Test
  void connectsToTheCheckedAddressEvenWhenTheNameLaterResolvesElsewhere() throws IOException {
    // DNS rebinding: the first answer (checked) is our receiver, every later one another address. 127.0.0.2
    // stands in for the attacker's target: loopback too, so a mistaken connection would still stay on
    // this machine, and nothing listens there on this port.
    AtomicInteger lookups = new AtomicInteger();
    HookAddressGuard.HostResolver rebinding = host -> new InetAddress[] {
        InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
    RecordingConnector connector = new RecordingConnector();
    int port = server.getAddress().getPort();

    CallbackResult result = pinned(rebinding, connector).send("http://rebind.test:" + port + "/hook", BODY, SECRET, DELIVERY);

    assertTrue(result.delivered(), result.toString());
    assertEquals(1, lookups.get(), "the name is resolved once, by the check");
    assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)), connector.attempts);
    assertEquals(1, received.size());
    assertEquals("rebind.test:" + port, received.get(0).header("Host"));
    assertEquals("/hook", received.get(0).path());
  }

  @Test
  void aPrivateAnswerIsRefusedWithoutAnyConnectionAttempt() {
    RecordingConnector connector = new RecordingConnector();
    for (String answer : List.of("10.0.0.7", "169.254.169.254", "fd00:ec2::254", "192.168.0.10")) {
      HookAddressGuard.HostResolver inside = host -> new InetAddress[] {InetAddress.getByName(answer)};
      CallbackResult result = pinned(inside, connector).send("http://inside.test/hook", BODY, SECRET, DELIVERY);
      assertFalse(result.delivered());
      assertNull(result.status());
      assertTrue(result.error().startsWith("hook refused: "), result.error());
    }
    // A name answering loopback and a private address is refused as a whole: no address is tried.
    HookAddressGuard.HostResolver mixed = host -> new InetAddress[] {
        InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.0.0.7")};
    assertFalse(pinned(mixed, connector).send("http://mixed.test:" + server.getAddress().getPort() + "/hook", BODY, SECRET, DELIVERY)
        .delivered());
    assertTrue(connector.attempts.isEmpty(), "no connection may be attempted: " + connector.attempts);
    assertTrue(received.isEmpty());
  }
}
