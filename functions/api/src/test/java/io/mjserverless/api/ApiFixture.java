package io.mjserverless.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.ApiServices;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.api.http.Router;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.SampleEventData;
import java.time.Clock;
import java.time.Duration;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The four HTTP functions wired to DynamoDB Local and s3proxy, with a recording workflow double.
 * Events are the files of {@code events/}; helpers change their path, body or key where a test needs to.
 */
final class ApiFixture {
  static final String ADMIN_KEY = "mj-local-admin-key";
  /** The key Discord account tokens are sealed with in these tests. */
  static final io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher TOKEN_KEY =
      new io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher(randomKey());

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return key;
  }

  final LocalAws aws;
  final RecordingWorkflow workflow = new RecordingWorkflow();
  final TaskStore tasks;
  final ApiServices services;
  final Map<Operation.Function, HttpFunction> functions = new LinkedHashMap<>();

  ApiFixture(LocalAws aws) {
    this(aws, Map.of());
  }

  ApiFixture(LocalAws aws, Map<String, String> extraEnv) {
    this(aws, extraEnv, io.mjserverless.core.api.TaskAdmission.acceptingAll(), aws.accountsTable());
  }

  /**
   * With the engines' admission at submit ({@code admission}) and the Discord account routes on
   * {@code accountsTable}, tokens sealed with {@link #TOKEN_KEY} and checked against
   * {@code DISCORD_API_URL} of {@code extraEnv} (a loopback fake; loopback is allowed here).
   */
  ApiFixture(LocalAws aws, Map<String, String> extraEnv, io.mjserverless.core.api.TaskAdmission admission, String accountsTable) {
    this.aws = aws;
    Map<String, String> env = aws.environment();
    env.put("MAX_IMAGE_BYTES", "200000");
    env.put("ACCOUNTS_TABLE", accountsTable);
    env.putAll(extraEnv);
    Config config = Config.from(env);
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable());
    io.mjserverless.core.api.AccountAdminService accountAdmin = new io.mjserverless.core.api.AccountAdminService(
        new io.mjserverless.core.engine.discord.account.DynamoAccountStore(aws.dynamo(), accountsTable),
        TOKEN_KEY, ApiServices.discordCheck(config), Clock.systemUTC());
    services = ApiServices.create(config, tasks,
        new DynamoApiKeyStore(aws.dynamo(), aws.keysTable()),
        new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable()),
        new S3ImageStore(aws.s3(), aws.presigner(), aws.bucket(), null, Duration.ofHours(1)),
        workflow, BannedWords.defaults(), Optional.of(ADMIN_KEY), Clock.systemUTC(),
        io.mjserverless.core.api.TaskQueryService.SeedLookup.recorded(), admission, accountAdmin);
    functions.put(Operation.Function.SUBMIT, new SubmitFunction(services));
    functions.put(Operation.Function.ACTION, new ActionFunction(services));
    functions.put(Operation.Function.TASK, new TaskFunction(services));
    functions.put(Operation.Function.ADMIN, new AdminFunction(services));
  }

  static APIGatewayV2HTTPEvent event(String file) {
    return EventLoader.loadApiGatewayHttpEvent("events/" + file);
  }

  /** Sends an event to the function API Gateway would route it to ($default → TaskFunction). */
  Response call(APIGatewayV2HTTPEvent event) {
    HttpFunction fn;
    try {
      fn = functions.get(Router.route(event.getRequestContext().getHttp().getMethod(), event.getRawPath()).operation().function());
    } catch (RuntimeException unknownRoute) {
      fn = functions.get(Operation.Function.TASK);
    }
    return new Response(fn.handleRequest(event, null));
  }

  /** An event with another method, path, body or key. */
  static APIGatewayV2HTTPEvent request(String method, String path, String body, String key) {
    APIGatewayV2HTTPEvent e = event("submit-imagine.json");
    e.setRawPath(path);
    e.getRequestContext().getHttp().setMethod(method);
    e.getRequestContext().getHttp().setPath(path);
    e.setBody(body);
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    if (key == null) {
      headers.remove("authorization");
    } else {
      headers.put("authorization", "Bearer " + key);
    }
    e.setHeaders(headers);
    return e;
  }

  Response post(String path, Object body, String key) {
    return call(request("POST", path, body instanceof String s ? s : Json.write(body), key));
  }

  Response get(String path, String key) {
    return call(request("GET", path, null, key));
  }

  /** Creates a user key for a tenant through the admin API; returns the key in clear. */
  String userKey(String tenant) {
    Response r = post("/mj/admin/api-keys", Map.of("tenant", tenant), ADMIN_KEY);
    if (r.status() != 201) {
      throw new IllegalStateException("could not create a key: " + r.body());
    }
    return r.json().get("key").asText();
  }

  /** Stores a finished task of {@code tenant} with the buttons of its result, as the workflow would leave it. */
  Task seedSuccess(String id, String tenant, TaskAction action, String finalPrompt) {
    return seedSuccess(id, tenant, action, finalPrompt, java.util.UUID.randomUUID().toString());
  }

  Task seedSuccess(String id, String tenant, TaskAction action, String finalPrompt, String hash) {
    Task base = SampleEventData.success(id, tenant, action, hash);
    Task task = base.toBuilder().properties(finalPrompt == null ? Map.of() : Map.of("finalPrompt", finalPrompt)).build();
    tasks.create(task);
    return task;
  }

  /** An HTTP answer with its JSON at hand. */
  record Response(int status, Map<String, String> headers, String body) {
    Response(APIGatewayV2HTTPResponse r) {
      this(r.getStatusCode(), r.getHeaders(), r.getBody());
    }

    JsonNode json() {
      return Json.tree(body);
    }

    int code() {
      return json().get("code").asInt();
    }

    String result() {
      return json().get("result").asText();
    }

    String description() {
      return json().get("description").asText();
    }
  }
}
