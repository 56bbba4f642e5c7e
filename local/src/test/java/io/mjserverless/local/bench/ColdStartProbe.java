package io.mjserverless.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mjserverless.core.snapstart.SnapStartPriming;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The child JVM of the cold-start bench: one fresh JVM serves one request and prints what it cost, as
 * one line starting with {@code BENCH}. Its environment is the function's, as the local runtime gives it.
 * <ul>
 *   <li>{@code ours submit|fetch}: loads our handler by class name (as the Lambda runtime does), builds it
 *       with its no-arg constructor, serves one imagine or one fetch.</li>
 *   <li>{@code bare submit|fetch}: the same SDK (URL-connection client) with no code of ours: one PutItem
 *       and one StartExecution, or one GetItem.</li>
 *   <li>{@code primed submit|fetch}: ours, then the SnapStart priming hook, then the first request and a
 *       warm one, each timed (a restore after priming starts where the hook left off).</li>
 * </ul>
 * CPU is the process's own total (every thread: JIT, GC, the SDK's), read at the end of the request.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    String function = args[1];
    String taskId = args.length > 2 ? args[2] : "";
    long mainAt = System.nanoTime();
    long constructMs;
    long firstMs;
    long primeMs = -1;
    long warmMs = -1;
    if (kind.equals("bare")) {
      long t = System.nanoTime();
      Bare bare = new Bare();
      constructMs = ms(t);
      t = System.nanoTime();
      if (function.equals("submit")) {
        bare.submit();
      } else {
        bare.fetch(taskId);
      }
      firstMs = ms(t);
    } else {
      long t = System.nanoTime();
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = ours(function);
      constructMs = ms(t);
      if (kind.equals("primed")) {
        t = System.nanoTime();
        SnapStartPriming.primeAllNow();
        primeMs = ms(t);
      }
      t = System.nanoTime();
      check(handler.handleRequest(event(function, taskId), null));
      firstMs = ms(t);
      if (kind.equals("primed")) {
        t = System.nanoTime();
        check(handler.handleRequest(event(function, taskId), null));
        warmMs = ms(t);
      }
    }
    long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf("BENCH kind=%s function=%s cpuMs=%d wallMs=%d jvmToMainMs=%d constructMs=%d primeMs=%d firstMs=%d warmMs=%d%n",
        kind, function, cpuMs, sinceJvmStart, sinceJvmStart - ms(mainAt), constructMs, primeMs, firstMs, warmMs);
    System.exit(0);
  }

  private static long ms(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  @SuppressWarnings("unchecked")
  private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> ours(String function) throws Exception {
    String type = function.equals("submit") ? "io.mjserverless.api.SubmitFunction" : "io.mjserverless.api.TaskFunction";
    return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(type).getConstructor().newInstance();
  }

  private static APIGatewayV2HTTPEvent event(String function, String taskId) {
    boolean submit = function.equals("submit");
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(submit ? "/mj/submit/imagine" : "/mj/task/" + taskId + "/fetch")
        .withHeaders(Map.of("content-type", "application/json", "mj-api-secret", System.getenv("BENCH_API_KEY")))
        .withBody(submit ? "{\"prompt\":\"a lighthouse at dusk --ar 16:9\"}" : null)
        .withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(submit ? "POST" : "GET").build()).build())
        .build();
  }

  private static void check(APIGatewayV2HTTPResponse response) {
    if (response.getStatusCode() != 200 || (response.getBody() != null && response.getBody().contains("\"code\":4"))) {
      throw new IllegalStateException("the bench request failed: " + response.getStatusCode() + " " + response.getBody());
    }
  }

  /** The floor: the same SDK calls with nothing of ours around them. */
  private static final class Bare {
    private final DynamoDbClient dynamo;
    private final SfnClient sfn;

    Bare() {
      StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
      dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
          .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      sfn = SfnClient.builder().region(Region.US_EAST_1).credentialsProvider(creds)
          .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_SFN")))
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    void submit() {
      String id = "bare-" + UUID.randomUUID();
      dynamo.putItem(b -> b.tableName(System.getenv("TASKS_TABLE")).item(Map.of("id", AttributeValue.fromS(id),
          "tenant", AttributeValue.fromS("bench"), "status", AttributeValue.fromS("NOT_START"),
          "prompt", AttributeValue.fromS("a lighthouse at dusk --ar 16:9"),
          "action", AttributeValue.fromS("IMAGINE"), "mode", AttributeValue.fromS("FAST"),
          "version", AttributeValue.fromN("0"),
          "submitTime", AttributeValue.fromN(Long.toString(System.currentTimeMillis())))));
      sfn.startExecution(b -> b.stateMachineArn(System.getenv("STATE_MACHINE_ARN")).name(id)
          .input("{\"taskId\":\"" + id + "\"}"));
    }

    void fetch(String taskId) {
      dynamo.getItem(b -> b.tableName(System.getenv("TASKS_TABLE")).key(Map.of("id", AttributeValue.fromS(taskId)))
          .consistentRead(true));
    }
  }
}
