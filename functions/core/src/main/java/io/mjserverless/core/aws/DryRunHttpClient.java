package io.mjserverless.core.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client of every SDK client {@link AwsClients} builds: the URL-connection client, except that a
 * dry-run request ({@link DryRun}, marked with a header by its interceptor) is answered here with a canned
 * response and never sent. So priming runs the whole response path too (status handling, the JSON or XML
 * unmarshaller, the response model classes, retries' success path), which a request stopped before
 * sending would leave to the first real request. The answer travels through the URL-connection client from a
 * {@link LoopbackResponder} in this JVM (127.0.0.1), so the transport is primed as well.
 */
final class DryRunHttpClient implements SdkHttpClient {
  static final String HEADER = "x-mj-dry-run";

  private static final java.util.concurrent.atomic.AtomicInteger THROUGH_LOOPBACK = new java.util.concurrent.atomic.AtomicInteger();

  private final SdkHttpClient delegate;

  /** How many dry runs in this JVM were answered through the loopback responder (tests). */
  static int answeredThroughLoopback() {
    return THROUGH_LOOPBACK.get();
  }

  DryRunHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  /** A builder for {@code httpClientBuilder}, so that closing the service client closes this one too. */
  static SdkHttpClient.Builder<?> builder() {
    return new Builder();
  }

  private static final class Builder implements SdkHttpClient.Builder<Builder> {
    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
      return new DryRunHttpClient(UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults));
    }
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    if (request.httpRequest().firstMatchingHeader(HEADER).isEmpty()) {
      return delegate.prepareRequest(request);
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        HttpExecuteResponse canned = answer(request);
        try {
          return throughLoopback(request, canned);
        } catch (IOException | RuntimeException e) {
          return answer(request); // a sandbox without loopback sockets: the in-memory answer still primes the SDK
        }
      }

      @Override
      public void abort() {
        // nothing is in flight
      }
    };
  }

  /**
   * The canned answer, fetched by the real URL-connection client from a {@link LoopbackResponder} in this
   * JVM: the request goes to 127.0.0.1 instead of its endpoint, so the socket, HTTP and stream classes the
   * first real request needs are loaded, and nothing leaves the process.
   */
  private HttpExecuteResponse throughLoopback(HttpExecuteRequest request, HttpExecuteResponse canned) throws IOException {
    byte[] body = canned.responseBody().map(b -> {
      try (b) {
        return b.readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    }).orElse(new byte[0]);
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    canned.httpResponse().forEachHeader((k, v) -> headers.put(k, v.get(0)));
    try (LoopbackResponder responder = LoopbackResponder.start(canned.httpResponse().statusCode(), headers, body)) {
      var local = request.httpRequest().toBuilder().protocol("http").host("127.0.0.1").port(responder.port())
          .removeHeader(HEADER).build();
      HttpExecuteResponse response = delegate.prepareRequest(HttpExecuteRequest.builder().request(local)
          .contentStreamProvider(request.contentStreamProvider().orElse(null)).build()).call();
      // Read here, while the responder is open; the SDK gets the same bytes from memory.
      byte[] received = response.responseBody().map(b -> {
        try (b) {
          return b.readAllBytes();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).orElse(new byte[0]);
      THROUGH_LOOPBACK.incrementAndGet();
      return HttpExecuteResponse.builder().response(response.httpResponse())
          .responseBody(AbortableInputStream.create(new ByteArrayInputStream(received))).build();
    }
  }

  /** A well-formed success answer for the operations our functions call. */
  private static HttpExecuteResponse answer(HttpExecuteRequest request) throws IOException {
    var http = request.httpRequest();
    byte[] sent = request.contentStreamProvider().map(p -> {
      try (InputStream in = p.newStream()) {
        return in.readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    }).orElse(new byte[0]);
    Optional<String> target = http.firstMatchingHeader("X-Amz-Target");
    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200).statusText("OK");
    String body;
    if (target.isPresent()) {
      String operation = target.get().substring(target.get().indexOf('.') + 1);
      response.putHeader("Content-Type", "application/x-amz-json-1.0");
      body = target.get().startsWith("DynamoDB") ? DryRunAnswers.dynamo(operation) : DryRunAnswers.stepFunctions(operation);
      if (target.get().startsWith("DynamoDB")) {
        // DynamoDB sends the body's CRC32 and the client checks it: that check is on the first request's path.
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        response.putHeader("x-amz-crc32", Long.toString(crc.getValue()));
      }
    } else if (http.method() == SdkHttpMethod.PUT) {
      // S3 compares a PutObject's ETag with the MD5 of what it sent.
      response.putHeader("ETag", "\"" + md5Hex(sent) + "\"");
      body = "";
    } else {
      body = "";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.putHeader("Content-Length", Integer.toString(bytes.length));
    return HttpExecuteResponse.builder().response(response.build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
