package io.mjserverless.core.notify;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange with a {@link CheckedTarget}, over a connection to one of the addresses the
 * guard checked. The JDK's HttpClient resolves the host itself and has no resolver hook, so a DNS
 * answer changed between check and connect (rebinding) would reach whatever the new answer names;
 * here the name is never resolved again. For https the TLS handshake still names the original host:
 * SNI carries it and the certificate is verified against it, as any client would.
 *
 * <p>Deliberately small: one request per connection ({@code Connection: close}), no redirects (a 3xx
 * is returned as it is), no proxies, no compression. The timeout bounds the whole exchange, body
 * included, so a receiver that dribbles cannot hold us past it.
 */
public final class PinnedHttpClient {
  private static final int MAX_LINE = 8 * 1024;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Closes the socket of an exchange whose deadline passed; one daemon thread for all exchanges. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

  /** Opens a TCP connection; a seam so tests can see (and count) every connection attempt. */
  @FunctionalInterface
  public interface Connector {
    Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;
  }

  private final Duration connectTimeout;
  private final Connector connector;
  private final SSLSocketFactory tls;

  public PinnedHttpClient(Duration connectTimeout) {
    this(connectTimeout, PinnedHttpClient::plainConnect, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  public PinnedHttpClient(Duration connectTimeout, Connector connector, SSLSocketFactory tls) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.connector = Objects.requireNonNull(connector, "connector");
    this.tls = Objects.requireNonNull(tls, "tls");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
  }

  private static Socket plainConnect(InetSocketAddress address, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, timeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code method} with {@code headers} and {@code body} (null: none) and returns once the status
   * and headers have arrived. Close the response to hang up.
   *
   * @throws IOException when no checked address answers, TLS fails, the answer is not HTTP, or time runs out
   *     ({@link SocketTimeoutException})
   * @throws IllegalArgumentException when a header name or value could split the request (CR, LF)
   */
  public Response send(CheckedTarget target, String method, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] head = head(target, method, headers, body);
    Socket socket = connect(target, deadline);
    // Reads carry their own timeout; a write to a receiver that never reads has none, so the deadline
    // also closes the socket, whatever it is doing then.
    Socket plain = socket;
    ScheduledFuture<?> hangUp = DEADLINES.schedule(() -> closeQuietly(plain), Math.max(0, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS);
    try {
      if (target.https()) {
        socket = handshake(socket, target, deadline);
      }
      OutputStream out = socket.getOutputStream();
      out.write(head);
      if (body != null) {
        out.write(body);
      }
      out.flush();
      DeadlineInput in = new DeadlineInput(socket, deadline);
      int status;
      Map<String, String> responseHeaders;
      do { // 1xx answers are interim (a 100 Continue we did not ask for); the real one follows
        status = statusOf(readLine(in));
        responseHeaders = readHeaders(in);
      } while (status >= 100 && status < 200 && status != 101);
      return new Response(socket, hangUp, status, responseHeaders, bodyOf(in, method, status, responseHeaders));
    } catch (IOException | RuntimeException e) {
      hangUp.cancel(false);
      closeQuietly(socket);
      if (e instanceof IOException && pastDeadline(deadline)) {
        throw new SocketTimeoutException("timed out");
      }
      throw e;
    }
  }

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, run -> {
      Thread thread = new Thread(run, "pinned-http-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // an exchange that ended in time leaves nothing queued
    return timer;
  }

  private static boolean pastDeadline(long deadline) {
    return System.nanoTime() - deadline >= 0;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all we wanted
    }
  }

  private Socket connect(CheckedTarget target, long deadline) throws IOException {
    IOException last = null;
    for (InetAddress address : target.addresses()) {
      int wait = (int) Math.min(connectTimeout.toMillis(), remainingMillis(deadline));
      if (wait <= 0) {
        throw new SocketTimeoutException("timed out connecting");
      }
      try {
        return connector.connect(new InetSocketAddress(address, target.port()), wait);
      } catch (IOException e) {
        last = e; // the next checked address may answer
      }
    }
    throw last;
  }

  private Socket handshake(Socket plain, CheckedTarget target, long deadline) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    // Verify the certificate against the name the client gave, not the address we connected to.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(target.host())) {
      parameters.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(parameters);
    ssl.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
    ssl.startHandshake();
    return ssl;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static byte[] head(CheckedTarget target, String method, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(256);
    head.append(safe(method)).append(' ').append(safe(target.requestTarget())).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(safe(target.hostHeader())).append("\r\n");
    headers.forEach((name, value) -> head.append(safe(name)).append(": ").append(safe(value)).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String safe(String s) {
    if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a request line or header holds a line break");
    }
    return s;
  }

  private static int statusOf(String line) throws IOException {
    // "HTTP/1.1 200 OK"
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("the answer is not HTTP/1.x");
    }
    try {
      int status = Integer.parseInt(line.substring(9, 12));
      if (status < 100 || status > 599) {
        throw new NumberFormatException();
      }
      return status;
    } catch (NumberFormatException e) {
      throw new IOException("the answer has no valid status code");
    }
  }

  private static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      total += line.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("the answer's headers are too large");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
    }
    return headers;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the connection closed in the middle of the answer");
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("a line of the answer is too long");
      }
      line.write(c);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static InputStream bodyOf(InputStream in, String method, int status, Map<String, String> headers)
      throws IOException {
    if (method.equals("HEAD") || status == 204 || status == 304) {
      return InputStream.nullInputStream();
    }
    String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
    if (encoding.contains("chunked")) {
      return new ChunkedBody(in);
    }
    String length = headers.get("content-length");
    if (length != null) {
      try {
        long n = Long.parseLong(length.trim());
        if (n < 0) {
          throw new NumberFormatException();
        }
        return new LimitedBody(in, n);
      } catch (NumberFormatException e) {
        throw new IOException("the answer has an invalid Content-Length");
      }
    }
    return in; // the body ends when the connection does (we asked for Connection: close)
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
  }

  /** The status, headers (lower-case names) and body of an answer; closing it closes the connection. */
  public static final class Response implements Closeable {
    private final Socket socket;
    private final ScheduledFuture<?> hangUp;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    Response(Socket socket, ScheduledFuture<?> hangUp, int status, Map<String, String> headers, InputStream body) {
      this.socket = socket;
      this.hangUp = hangUp;
      this.status = status;
      this.headers = Map.copyOf(headers);
      this.body = body;
    }

    public int status() {
      return status;
    }

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body as it arrives; reads past the exchange's deadline throw {@link SocketTimeoutException}. */
    public InputStream body() {
      return body;
    }

    @Override
    public void close() throws IOException {
      hangUp.cancel(false);
      socket.close();
    }
  }

  /** The socket's input with the exchange's deadline applied to every read. */
  private static final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;

    DeadlineInput(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.deadline = deadline;
    }

    private void arm() throws IOException {
      long left = remainingMillis(deadline);
      if (left <= 0) {
        throw new SocketTimeoutException("timed out");
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
      arm();
      try {
        return in.read();
      } catch (IOException e) {
        throw pastDeadline(deadline) ? new SocketTimeoutException("timed out") : e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw pastDeadline(deadline) ? new SocketTimeoutException("timed out") : e;
      }
    }
  }

  /** A framed response body: reads go through the bulk read, which knows the framing. */
  private abstract static class BodyStream extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a known length. */
  private static final class LimitedBody extends BodyStream {
    private final InputStream in;
    private long left;

    LimitedBody(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the connection closed before the body was complete");
      }
      left -= n;
      return n;
    }
  }

  /** A body in chunked transfer coding: hex size line, data, CRLF, ..., a zero size and trailers. */
  private static final class ChunkedBody extends BodyStream {
    private final InputStream in;
    private long leftInChunk;
    private boolean done;

    ChunkedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (leftInChunk == 0) {
        String line = readLine(in);
        int semicolon = line.indexOf(';'); // chunk extensions are ignored
        String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        try {
          leftInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
          throw new IOException("the answer has an invalid chunk size");
        }
        if (leftInChunk < 0) {
          throw new IOException("the answer has an invalid chunk size");
        }
        if (leftInChunk == 0) {
          readHeaders(in); // trailers
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, leftInChunk));
      if (n < 0) {
        throw new IOException("the connection closed in the middle of a chunk");
      }
      leftInChunk -= n;
      if (leftInChunk == 0) {
        readLine(in); // the CRLF after the data
      }
      return n;
    }
  }
}
