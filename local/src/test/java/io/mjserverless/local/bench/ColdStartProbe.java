package io.mjserverless.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mjserverless.core.snapstart.SnapStartPriming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The child JVM of the cold-start bench: one fresh JVM serves one request and prints what it cost, as
 * one line starting with {@code BENCH}. Its environment is the function's, as the local runtime gives it.
 * Arguments: {@code kind function handlerClass firstRequest [secondRequest]}, each request a JSON object
 * ({@code {"http": {"method", "path", "body"}}} for an HTTP function, {@code {"step": {...}}} for a
 * function that takes a stream: a workflow step or the sweeper), with {@code "bare"} saying what the
 * bare handler does for it.
 * <ul>
 *   <li>{@code ours}: loads our handler by class name (as the Lambda runtime does), builds it with its
 *       no-arg constructor, serves the first request.</li>
 *   <li>{@code bare}: the same SDK (URL-connection client) with no code of ours, making the calls the
 *       function's request makes (see {@link Bare}).</li>
 *   <li>{@code primed}: ours, then the SnapStart priming hook, then the first request and the second (warm)
 *       one, each timed (a restore after priming starts where the hook left off).</li>
 * </ul>
 * CPU is the process's own total (every thread: JIT, GC, the SDK's), read at the end of the request.
 * Classes counts the JVM's loaded classes at each point; with {@code -Dmj.bench.classlog=<file>} (the JVM
 * writing {@code -Xlog:class+load} there) the classes the first request loads are printed by name.
 */
public final class ColdStartProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String function = args[1];
    String handlerClass = args[2];
    JsonNode first = JSON.readTree(args[3]);
    JsonNode second = args.length > 4 ? JSON.readTree(args[4]) : first;
    long mainAt = System.nanoTime();
    long constructMs;
    long firstMs;
    long primeMs = -1;
    long warmMs = -1;
    long classesConstructed;
    long classesPrimed = -1;
    long classesFirst;
    long classesWarm = -1;
    int logBefore = -1;
    int logAfter = -1;
    if (kind.equals("bare")) {
      long t = System.nanoTime();
      Bare bare = new Bare();
      constructMs = ms(t);
      classesConstructed = loadedClasses();
      t = System.nanoTime();
      bare.run(function, first.path("bare"));
      firstMs = ms(t);
      classesFirst = loadedClasses();
    } else {
      long t = System.nanoTime();
      Object handler = Class.forName(handlerClass).getConstructor().newInstance();
      constructMs = ms(t);
      classesConstructed = loadedClasses();
      if (kind.equals("primed")) {
        t = System.nanoTime();
        SnapStartPriming.primeAllNow();
        primeMs = ms(t);
        classesPrimed = loadedClasses();
        logBefore = classLogLines();
      }
      t = System.nanoTime();
      serve(handler, first);
      firstMs = ms(t);
      classesFirst = loadedClasses();
      logAfter = classLogLines();
      if (kind.equals("primed")) {
        t = System.nanoTime();
        serve(handler, second);
        warmMs = ms(t);
        classesWarm = loadedClasses();
      }
    }
    long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    if (logBefore >= 0 && logAfter > logBefore) {
      List<String> lines = Files.readAllLines(Path.of(System.getProperty("mj.bench.classlog")));
      lines.subList(logBefore, Math.min(logAfter, lines.size())).forEach(l -> System.out.println("FIRSTLOAD " + l));
    }
    System.out.printf("BENCH kind=%s function=%s cpuMs=%d wallMs=%d jvmToMainMs=%d constructMs=%d primeMs=%d firstMs=%d"
            + " warmMs=%d classesConstructed=%d classesPrimed=%d classesFirst=%d classesWarm=%d%n",
        kind, function, cpuMs, sinceJvmStart, sinceJvmStart - ms(mainAt), constructMs, primeMs, firstMs, warmMs,
        classesConstructed, classesPrimed, classesFirst, classesWarm);
    System.exit(0);
  }

  private static long loadedClasses() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }

  private static int classLogLines() throws IOException {
    String file = System.getProperty("mj.bench.classlog");
    return file == null ? -1 : Files.readAllLines(Path.of(file)).size();
  }

  private static long ms(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  @SuppressWarnings("unchecked")
  private static void serve(Object handler, JsonNode request) throws IOException {
    if (request.has("http")) {
      JsonNode http = request.get("http");
      APIGatewayV2HTTPResponse response = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler)
          .handleRequest(event(http), null);
      if (response.getStatusCode() != 200 || (response.getBody() != null && response.getBody().contains("\"code\":4"))) {
        throw new IllegalStateException("the bench request failed: " + response.getStatusCode() + " " + response.getBody());
      }
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ((RequestStreamHandler) handler).handleRequest(
          new ByteArrayInputStream(JSON.writeValueAsBytes(request.get("step"))), out, null);
    }
  }

  private static APIGatewayV2HTTPEvent event(JsonNode http) {
    Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json",
        "mj-api-secret", System.getenv("BENCH_API_KEY")));
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(http.get("path").asText())
        .withHeaders(headers)
        .withBody(http.path("body").isTextual() ? http.get("body").asText() : null)
        .withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(http.get("method").asText()).build()).build())
        .build();
  }

  /**
   * The floor: the SDK calls a function's request makes, with nothing of ours around them. Each call of
   * {@code "bare"} is one of get, put, update, query (by tenant or status), scan (keys), putObject,
   * start (an execution) or post (an HTTP POST to a URL, as a callback).
   */
  private static final class Bare {
    private final StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private DynamoDbClient dynamo;
    private SfnClient sfn;
    private S3Client s3;

    void run(String function, JsonNode calls) throws IOException {
      String id = "bare-" + UUID.randomUUID();
      String table = System.getenv("TASKS_TABLE");
      for (Iterator<JsonNode> it = calls.elements(); it.hasNext(); ) {
        JsonNode call = it.next();
        switch (call.path("call").asText()) {
          case "get" -> dynamo().getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(call.get("id").asText())))
              .consistentRead(true));
          case "put" -> dynamo().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
              "tenant", AttributeValue.fromS("bench"), "status", AttributeValue.fromS("NOT_START"),
              "prompt", AttributeValue.fromS("a lighthouse at dusk --ar 16:9"), "action", AttributeValue.fromS("IMAGINE"),
              "mode", AttributeValue.fromS("FAST"), "version", AttributeValue.fromN("0"),
              "submitTime", AttributeValue.fromN(Long.toString(System.currentTimeMillis()))))
              .conditionExpression("attribute_not_exists(id)"));
          case "update" -> dynamo().updateItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
              .updateExpression("SET #s = :s, #v = :v").expressionAttributeNames(Map.of("#s", "status", "#v", "version"))
              .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SUBMITTED"), ":v", AttributeValue.fromN("1"))));
          case "query" -> dynamo().query(b -> b.tableName(table).indexName(call.get("index").asText())
              .keyConditionExpression("#k = :k").expressionAttributeNames(Map.of("#k", call.get("key").asText()))
              .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(call.get("value").asText()))).limit(50));
          case "scan" -> dynamo().scan(b -> b.tableName(System.getenv("KEYS_TABLE")).limit(100));
          case "putObject" -> s3().putObject(b -> b.bucket(System.getenv("IMAGES_BUCKET")).key("bench/" + id + ".png")
              .contentType("image/png"), RequestBody.fromBytes(new byte[4096]));
          case "start" -> sfn().startExecution(b -> b.stateMachineArn(System.getenv("STATE_MACHINE_ARN")).name(id)
              .input("{\"taskId\":\"" + id + "\"}"));
          case "post" -> post(call.get("url").asText());
          default -> throw new IllegalArgumentException("no bare call " + call);
        }
      }
    }

    private DynamoDbClient dynamo() {
      if (dynamo == null) {
        dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
            .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      }
      return dynamo;
    }

    private SfnClient sfn() {
      if (sfn == null) {
        sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
            .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_SFN")))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      }
      return sfn;
    }

    private S3Client s3() {
      if (s3 == null) {
        s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(creds).forcePathStyle(true)
            .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_S3")))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      }
      return s3;
    }

    private static void post(String url) throws IOException {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("content-type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write("{\"id\":\"bare\",\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8));
      }
      c.getInputStream().readAllBytes();
      c.disconnect();
    }
  }
}
