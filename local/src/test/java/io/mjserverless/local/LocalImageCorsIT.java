package io.mjserverless.local;

import static io.mjserverless.local.E2eTasks.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.LocalStores;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Image links of the local stack can be read cross-origin as template.yaml's bucket CORS rule allows
 * (web UIs load them with {@code crossOrigin="anonymous"} and draw them on a canvas): a GET or HEAD
 * with an {@code Origin} gets {@code Access-Control-Allow-Origin}, and a preflight gets the allowed
 * methods and headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalImageCorsIT {
  private static final String ORIGIN = "http://127.0.0.1:1002";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private LocalRuntime runtime;
  private String imageUrl;
  private JsonNode task;

  @BeforeAll
  void start() throws Exception {
    Path dataDir = Files.createTempDirectory("mj-cors-");
    runtime = LocalRuntime.start(new RuntimeOptions(Path.of("../template.yaml"), dataDir, "127.0.0.1", 0, 0.03, "cors-admin-key"), true);
    ApiClient admin = new ApiClient(runtime.baseUrl(), runtime.apiKey());
    String key = admin.post("/mj/admin/api-keys", Map.of("tenant", "cors")).json().get("key").asText();
    ApiClient user = new ApiClient(runtime.baseUrl(), key);
    String id = accepted(user.post("/mj/submit/imagine", Map.of("prompt", "a red kite over the sea")));
    task = user.awaitFinal(id, Duration.ofSeconds(90), t -> { });
    assertEquals("SUCCESS", task.get("status").asText(), task.toString());
    imageUrl = task.get("imageUrl").asText();
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
  }

  @Test
  void aGetWithAnOriginIsAllowedToReadTheImage() throws Exception {
    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(imageUrl)).header("Origin", ORIGIN).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode());
    assertEquals("*", header(answer, "Access-Control-Allow-Origin"), "the template's AllowedOrigins ['*']");
    assertTrue(answer.body().length > 8 && answer.body()[1] == 'P' && answer.body()[2] == 'N', "the picture itself");
  }

  @Test
  void everyImageLinkOfTheTaskSendsTheHeader() throws Exception {
    for (JsonNode url : task.path("imageUrls")) {
      String link = url.isTextual() ? url.asText() : url.path("url").asText();
      HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(link)).header("Origin", ORIGIN).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals(200, answer.statusCode(), link);
      assertEquals("*", header(answer, "Access-Control-Allow-Origin"), link);
    }
  }

  @Test
  void aHeadWithAnOriginIsAllowedToo() throws Exception {
    // A presigned link is signed for GET (in AWS too), so a HEAD needs a link signed for HEAD.
    String[] bucketAndKey = URI.create(imageUrl).getPath().substring(1).split("/", 2);
    String headUrl;
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(runtime.stores().s3Endpoint())
        .region(LocalRuntime.REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      headUrl = presigner.presignHeadObject(b -> b.signatureDuration(Duration.ofMinutes(5))
          .headObjectRequest(h -> h.bucket(bucketAndKey[0]).key(URLDecoder.decode(bucketAndKey[1], StandardCharsets.UTF_8))))
          .url().toString();
    }
    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(headUrl)).header("Origin", ORIGIN)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(200, answer.statusCode());
    assertEquals("*", header(answer, "Access-Control-Allow-Origin"));
  }

  @Test
  void aPreflightIsAnsweredWithTheRulesMethodsAndHeaders() throws Exception {
    for (String method : List.of("GET", "HEAD")) {
      HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(imageUrl))
          .header("Origin", ORIGIN)
          .header("Access-Control-Request-Method", method)
          .header("Access-Control-Request-Headers", "range")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertEquals(200, answer.statusCode(), method);
      assertEquals("*", header(answer, "Access-Control-Allow-Origin"), method);
      List<String> methods = List.of(header(answer, "Access-Control-Allow-Methods").toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
      assertTrue(methods.containsAll(List.of("GET", "HEAD", "PUT")), "the rule's AllowedMethods: " + methods);
      assertEquals("range", header(answer, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT), "AllowedHeaders ['*']");
    }
  }

  @Test
  void aPreflightForAMethodTheRuleDoesNotAllowIsRefused() throws Exception {
    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(imageUrl))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "DELETE")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertTrue(answer.statusCode() >= 400, "DELETE is not in the rule: " + answer.statusCode());
    assertFalse(answer.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  private static String header(HttpResponse<?> answer, String name) {
    return answer.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + answer.headers().map()));
  }
}
