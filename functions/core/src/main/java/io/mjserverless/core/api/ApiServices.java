package io.mjserverless.core.api;

import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.BootstrapAdminKey;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.discord.account.DiscordTokenCheck;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCiphers;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.idempotency.IdempotencyStore;
import io.mjserverless.core.idempotency.IdempotentSubmissions;
import io.mjserverless.core.image.ImageInputs;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.image.TenantImages;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.snapstart.SnapStartPriming;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.ObservedTaskStore;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.uploads.UploadService;
import io.mjserverless.core.workflow.StepFunctionsWorkflowStarter;
import io.mjserverless.core.workflow.WorkflowStarter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The wired services of the HTTP API. {@link #fromEnvironment()} builds real AWS clients once per
 * container; tests pass their own stores and a workflow double to {@link #create}.
 */
public record ApiServices(
    Config config,
    Authenticator authenticator,
    SubmitService submits,
    ActionService actions,
    TaskQueryService queries,
    KeyAdminService keyAdmin,
    IdempotentSubmissions idempotency,
    UploadService uploads,
    AccountAdminService accountAdmin) {

  public static ApiServices fromEnvironment() {
    return fromConfig(Config.fromEnvironment());
  }

  /**
   * The services of one Lambda container serving {@code function}: built from the environment, with
   * the function's priming registered to run before a SnapStart snapshot ({@link ApiPriming}).
   */
  public static ApiServices forContainer(Operation.Function function) {
    Config config = Config.fromEnvironment();
    AwsClients aws = AwsClients.from(config);
    ApiServices services = fromConfig(config, aws);
    SnapStartPriming.register(function.logicalId(),
        () -> ApiPriming.prime(services, aws, EnumSet.of(function)));
    return services;
  }

  /** Real clients for a function configured by {@code config} (the local runtime passes the template's environment). */
  public static ApiServices fromConfig(Config config) {
    return fromConfig(config, AwsClients.from(config));
  }

  /** As {@link #fromConfig(Config)}, on the clients of {@code aws}: one client per service, shared by every store. */
  public static ApiServices fromConfig(Config config, AwsClients aws) {
    Optional<String> adminKey = BootstrapAdminKey.resolve(config, aws::ssm);
    TaskStore tasks = new DynamoTaskStore(aws.dynamo(), config.tasksTable());
    ImageStore images = new S3ImageStore(aws::s3, aws::presigner, config.imagesBucket(), config.publicImageBaseUrl().orElse(null),
        config.presignTtl());
    Clock clock = Clock.systemUTC();
    // Engines (and provider keys) only for image-seed, built at its first call: most API containers never need them.
    Supplier<Engines> engines = new Lazy<>(() -> Engines.fromConfig(config, images, tasks, aws, clock));
    return create(config,
        tasks,
        new DynamoApiKeyStore(aws.dynamo(), config.keysTable()),
        new DynamoIdempotencyStore(aws.dynamo(), config.idempotencyTable()),
        images,
        new StepFunctionsWorkflowStarter(aws::sfn, config.stateMachineArn()),
        config.bannedWordsFile().map(f -> BannedWords.fromFile(Path.of(f))).orElseGet(BannedWords::defaults),
        adminKey,
        clock,
        TaskQueryService.SeedLookup.fromEngines(engines),
        TaskAdmission.fromConfig(config, engines),
        accountAdmin(config, aws, clock));
  }

  /** The account admin routes on the configured table and token key; unconfigured (503) without a table. */
  static AccountAdminService accountAdmin(Config config, AwsClients aws, Clock clock) {
    if (config.accounts().table().isEmpty()) {
      return AccountAdminService.unconfigured();
    }
    String table = config.accounts().table().get();
    // The KMS client is built at the first seal or open, so a function that never touches a token builds none.
    TokenCipher tokens =
        TokenCiphers.fromSettings(config.accounts(), aws);
    return new AccountAdminService(new DynamoAccountStore(aws.dynamo(), table), tokens,
        discordCheck(config), clock);
  }

  /** Checks tokens with the discord engine's client and settings ({@code DISCORD_API_URL}, its deadline). */
  public static DiscordTokenCheck discordCheck(Config config) {
    return new DiscordTokenCheck(config.discord(), config.outboundAddressPolicy());
  }

  /** Services whose image-seed answers the seed recorded on the task (tests, the simulator). */
  public static ApiServices create(Config config, TaskStore tasks, ApiKeyStore keys, IdempotencyStore idempotency,
      ImageStore images, WorkflowStarter workflow, BannedWords bannedWords, Optional<String> adminKey, Clock clock) {
    return create(config, tasks, keys, idempotency, images, workflow, bannedWords, adminKey, clock,
        TaskQueryService.SeedLookup.recorded());
  }

  public static ApiServices create(Config config, TaskStore tasks, ApiKeyStore keys, IdempotencyStore idempotency,
      ImageStore images, WorkflowStarter workflow, BannedWords bannedWords, Optional<String> adminKey, Clock clock,
      TaskQueryService.SeedLookup seeds) {
    return create(config, tasks, keys, idempotency, images, workflow, bannedWords, adminKey, clock, seeds,
        TaskAdmission.acceptingAll(), AccountAdminService.unconfigured());
  }

  /**
   * All parts given: {@code admission} asks the engines at submit time, {@code accountAdmin} serves the
   * Discord account routes.
   */
  public static ApiServices create(Config config, TaskStore tasks, ApiKeyStore keys, IdempotencyStore idempotency,
      ImageStore images, WorkflowStarter workflow, BannedWords bannedWords, Optional<String> adminKey, Clock clock,
      TaskQueryService.SeedLookup seeds, TaskAdmission admission, AccountAdminService accountAdmin) {
    tasks = ObservedTaskStore.of(tasks, config.engines()::get);
    TaskIds ids = new TaskIds(clock);
    ImageInputs imageInputs = new ImageInputs(config.maxImageBytes());
    HookAddressGuard hooks = new HookAddressGuard(config.outboundAddressPolicy());
    TaskLauncher launcher = new TaskLauncher(tasks, images, workflow, clock, config.discordInstanceId(), admission);
    SubmitService submits = new SubmitService(launcher, images,
        new TenantImages(images, tasks), ids, clock, bannedWords, imageInputs, hooks, config.defaultMode());
    Authenticator authenticator = new Authenticator(keys, adminKey, clock);
    return new ApiServices(
        config,
        authenticator,
        submits,
        new ActionService(tasks, launcher, ids, clock, submits, imageInputs, hooks),
        new TaskQueryService(tasks, images, clock, config.discordInstanceId(), seeds, LiveProgress.forConfig(config, clock)),
        new KeyAdminService(keys, authenticator, clock),
        new IdempotentSubmissions(idempotency, clock),
        new UploadService(tasks, images, ids, clock, hooks, config.defaultMode(),
            config.maxImageBytes()),
        accountAdmin);
  }

  /** A value made at its first use and kept for the container's life. */
  private static final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    @Override
    public synchronized T get() {
      if (value == null) {
        value = make.get();
      }
      return value;
    }
  }
}
