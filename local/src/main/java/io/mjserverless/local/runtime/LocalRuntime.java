package io.mjserverless.local.runtime;

import io.mjserverless.core.json.Json;
import io.mjserverless.local.asl.AslExecutor;
import io.mjserverless.local.asl.TaskInvoker;
import io.mjserverless.local.template.SamTemplate;
import io.mjserverless.local.template.StateMachineDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.regions.Region;

/**
 * The whole stack of template.yaml in this JVM: DynamoDB Local and s3proxy for the tables and the
 * bucket, an ASL executor per state machine behind a local Step Functions endpoint, every function
 * run in-process as its handler, and the HTTP API on a local port. Everything is read from the
 * template; everything persists under the data directory, and executions that were running when the
 * runtime stopped continue when it starts again.
 */
public final class LocalRuntime implements AutoCloseable {
  public static final Region REGION = Region.US_EAST_1;
  public static final String STACK = "mj-local";

  private final RuntimeOptions options;
  private final SamTemplate template;
  private final LocalStores stores;
  private final Map<String, AslExecutor> executors;
  private final StepFunctionsEndpoint stepFunctions;
  private final LambdaHost lambdas;
  private final S3Notifications notifications;
  private final Schedules schedules;
  private final HttpGateway gateway;
  private final List<String> resumed;

  private LocalRuntime(RuntimeOptions options, SamTemplate template, LocalStores stores, Map<String, AslExecutor> executors,
      StepFunctionsEndpoint stepFunctions, LambdaHost lambdas, S3Notifications notifications, Schedules schedules,
      HttpGateway gateway, List<String> resumed) {
    this.schedules = schedules;
    this.options = options;
    this.template = template;
    this.stores = stores;
    this.executors = executors;
    this.stepFunctions = stepFunctions;
    this.lambdas = lambdas;
    this.notifications = notifications;
    this.gateway = gateway;
    this.resumed = resumed;
  }

  /**
   * Starts everything; {@code withHttp} false for one-off invokes. The template is read first, so a bad
   * parameter override fails (with a {@link io.mjserverless.local.template.TemplateException} naming it)
   * before anything is started; then the data directory is checked and the HTTP port bound, so a port in
   * use fails (with a {@link StartFailure} saying what to do) before the stores start. Whatever fails
   * later stops everything that had started before the failure is thrown: nothing is left running.
   */
  public static LocalRuntime start(RuntimeOptions options, boolean withHttp) throws Exception {
    SamTemplate template = loadTemplate(options);
    prepareDataDirectory(options.dataDir());
    StartedParts started = new StartedParts();
    try {
      return start(options, withHttp, template, started);
    } catch (Exception | Error e) {
      started.close(e);
      throw e;
    }
  }

  /** Starts the parts in order, each noted in {@code started} as soon as it runs. */
  private static LocalRuntime start(RuntimeOptions options, boolean withHttp, SamTemplate template, StartedParts started)
      throws Exception {
    HttpGateway gateway = withHttp ? started.gateway = new HttpGateway(template, options.host(), options.port()) : null;
    LocalStores stores = started.stores = LocalStores.start(options.dataDir(), template, REGION);

    AtomicReference<LambdaHost> host = new AtomicReference<>();
    TaskInvoker invoker = (resource, input) -> host.get().invoke(LambdaHost.functionOf(resource), input);
    Map<String, AslExecutor> executors = started.executors;
    Map<String, AslExecutor> byArn = new LinkedHashMap<>();
    for (StateMachineDef machine : template.stateMachines().values()) {
      Path stateDir = executionsDirectory(options.dataDir(), machine.logicalId());
      AslExecutor executor = new AslExecutor(Json.tree(machine.definitionText()), invoker, stateDir, options.timeScale(),
          Clock.systemUTC());
      executors.put(machine.logicalId(), executor);
      byArn.put(template.ref(machine.logicalId()), executor);
    }
    StepFunctionsEndpoint stepFunctions = started.stepFunctions = new StepFunctionsEndpoint(byArn);

    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("AWS_ENDPOINT_URL_DYNAMODB", stores.dynamoEndpoint().toString());
    endpoints.put("AWS_ENDPOINT_URL_S3", stores.s3Endpoint().toString());
    endpoints.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint());
    LambdaHost lambdas = new LambdaHost(template, localEnvironment(options, endpoints));
    host.set(lambdas);
    // No KMS here: account tokens are sealed with a key this runtime makes once and keeps in its data directory.
    lambdas.addEnvironment("ACCOUNT_TOKEN_KEY_FILE", accountTokenKeyFile(options.dataDir()).toString());

    List<String> resumed = new ArrayList<>();
    for (AslExecutor executor : executors.values()) {
      resumed.addAll(executor.resumePersisted());
    }
    List<S3Notifications.Watch> watches = template.s3Triggers().stream()
        .map(t -> new S3Notifications.Watch(t.functionLogicalId(), t.bucketName(), t.prefix() == null ? "" : t.prefix(), t.suffix()))
        .toList();
    S3Notifications notifications = started.notifications = new S3Notifications(stores.s3(REGION), lambdas, watches, 300);
    // A served stack also runs its scheduled functions (the sweeper); one-shot invokes do not.
    Schedules schedules = started.schedules =
        new Schedules(lambdas, withHttp ? template.schedules() : List.of(), options.timeScale());
    if (withHttp) {
      if (template.parameters().getOrDefault("ProviderHookBaseUrl", "").isBlank()
          && !options.extraEnvironment().containsKey("PROVIDER_HOOK_BASE_URL")) {
        // Providers on this machine call back to this stack (their notifyHook), unless told another URL;
        // the port is bound already, and the functions must see it before the first request.
        String self = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        lambdas.addEnvironment("PROVIDER_HOOK_BASE_URL", "http://" + self + ":" + gateway.port());
      }
      gateway.start(lambdas);
    }
    return new LocalRuntime(options, template, stores, executors, stepFunctions, lambdas, notifications, schedules, gateway,
        resumed);
  }

  /** The local key file the Discord account tokens are sealed with, made (owner-only) at the first start. */
  private static Path accountTokenKeyFile(Path dataDir) {
    Path file = dataDir.resolve("secrets").resolve("account-token.key");
    try {
      return io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher.createKeyFileIfMissing(file);
    } catch (IOException e) {
      throw StartFailure.dataDirectory("the account token key " + file, e);
    }
  }

  /** Creates the data directory when missing and proves that it can be written, before anything starts. */
  private static void prepareDataDirectory(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Files.delete(Files.createTempFile(dataDir, ".write-check-", ".tmp"));
    } catch (IOException e) {
      throw StartFailure.dataDirectory("the data directory " + dataDir, e);
    }
  }

  private static Path executionsDirectory(Path dataDir, String machine) {
    Path dir = dataDir.resolve("executions").resolve(machine);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw StartFailure.dataDirectory("the executions directory " + dir, e);
    }
  }

  /** The parts of a runtime that run until closed, noted as each starts, so that a start failing half way closes what runs. */
  private static final class StartedParts {
    HttpGateway gateway;
    Schedules schedules;
    S3Notifications notifications;
    final Map<String, AslExecutor> executors = new LinkedHashMap<>();
    StepFunctionsEndpoint stepFunctions;
    LocalStores stores;

    void close(Throwable failure) throws Exception {
      closeInOrder(failure, gateway, schedules, notifications, executors, stepFunctions, stores);
    }
  }

  /**
   * Closes every part that is not null, in this order (what takes requests first, the stores last), each
   * even when one before it fails; a failure is added to {@code failure} or, when that is null, thrown
   * after all are closed.
   */
  private static void closeInOrder(Throwable failure, HttpGateway gateway, Schedules schedules, S3Notifications notifications,
      Map<String, AslExecutor> executors, StepFunctionsEndpoint stepFunctions, LocalStores stores) throws Exception {
    List<AutoCloseable> parts = new ArrayList<>();
    parts.add(gateway);
    parts.add(schedules);
    parts.add(notifications);
    parts.addAll(executors.values());
    parts.add(stepFunctions);
    parts.add(stores);
    Exception first = null;
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The template as this runtime reads it: the local admin key and time scale of {@code options}, then
   * its parameter overrides, over the template's defaults.
   *
   * @throws io.mjserverless.local.template.TemplateException for an override the template does not
   *     declare or a value outside its AllowedValues, pattern or range, naming the parameter
   */
  public static SamTemplate loadTemplate(RuntimeOptions options) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("AdminApiKey", options.apiKey());
    parameters.put("SimulatorTimeScale", String.valueOf(options.timeScale()));
    parameters.putAll(options.parameters());
    return SamTemplate.load(options.template(), parameters, REGION.id(), STACK);
  }

  /**
   * What the runtime adds to every function's environment over the template's: the region, the local
   * service {@code endpoints}, loopback callback and image-link addresses allowed, then the options' extra environment
   * (the provider keys).
   */
  public static Map<String, String> localEnvironment(RuntimeOptions options, Map<String, String> endpoints) {
    Map<String, String> local = new LinkedHashMap<>();
    local.put("AWS_REGION", REGION.id());
    local.putAll(endpoints);
    // Callbacks and links on this machine are the point of a local stack; private ranges stay refused.
    local.put("OUTBOUND_ADDRESS_POLICY", "public-and-loopback");
    local.putAll(options.extraEnvironment());
    return local;
  }

  public String baseUrl() {
    String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
    return "http://" + host + ":" + gateway.port();
  }

  /** The admin key of the stack: --api-key, or a --param AdminApiKey over it. */
  public String apiKey() {
    return template.parameters().getOrDefault("AdminApiKey", options.apiKey());
  }

  public RuntimeOptions options() {
    return options;
  }

  public LocalStores stores() {
    return stores;
  }

  public LambdaHost lambdas() {
    return lambdas;
  }

  public SamTemplate template() {
    return template;
  }

  public Map<String, AslExecutor> executors() {
    return executors;
  }

  /** Executions picked up again from the data directory at start. */
  public Schedules schedules() {
    return schedules;
  }

  public List<String> resumed() {
    return resumed;
  }

  @Override
  public void close() throws Exception {
    closeInOrder(null, gateway, schedules, notifications, executors, stepFunctions, stores);
  }
}
