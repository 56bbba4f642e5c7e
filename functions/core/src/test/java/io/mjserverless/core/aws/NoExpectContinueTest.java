package io.mjserverless.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class NoExpectContinueTest {
  private static SdkHttpRequest modified(SdkHttpRequest request) {
    Context.ModifyHttpRequest context = new Context.ModifyHttpRequest() {
      @Override
      public SdkHttpRequest httpRequest() {
        return request;
      }

      @Override
      public Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
        return Optional.empty();
      }

      @Override
      public Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
        return Optional.empty();
      }

      @Override
      public software.amazon.awssdk.core.SdkRequest request() {
        return null;
      }
    };
    return new NoExpectContinue().modifyHttpRequest(context, new ExecutionAttributes());
  }

  @Test
  void uploadsGoWithoutWaitingForAHundredContinue() {
    SdkHttpRequest put = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create("http://127.0.0.1:9000/b/k"))
        .putHeader("Expect", "100-continue").putHeader("Content-Length", "42").build();
    SdkHttpRequest sent = modified(put);
    assertTrue(sent.firstMatchingHeader("Expect").isEmpty());
    assertEquals(Optional.of("42"), sent.firstMatchingHeader("Content-Length"));
    SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:9000/b/k")).build();
    assertEquals(get, modified(get));
  }

  @Test
  void ourS3ClientSendsNoExpectHeader() throws Exception {
    java.util.List<String> expects = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      expects.add(String.valueOf(exchange.getRequestHeaders().getFirst("Expect")));
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("ETag", "\"abc\"");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try (var s3 = new AwsClients(software.amazon.awssdk.regions.Region.US_EAST_1, Optional.empty(),
        java.util.Map.of("s3", URI.create("http://127.0.0.1:" + server.getAddress().getPort()))).s3()) {
      s3.putObject(b -> b.bucket("images").key("k.png"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[1024]));
    } finally {
      server.stop(0);
    }
    assertEquals(java.util.List.of("null"), expects);
  }
}
