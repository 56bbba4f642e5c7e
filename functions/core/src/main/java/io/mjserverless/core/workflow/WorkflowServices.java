package io.mjserverless.core.workflow;

import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.BootstrapAdminKey;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.Engines;
import io.mjserverless.core.engine.mjproxy.DynamoProviderHooks;
import io.mjserverless.core.engine.mjproxy.ProviderHooks;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.notify.CallbackSender;
import io.mjserverless.core.notify.CallbackSigner;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.TaskCallbacks;
import io.mjserverless.core.notify.WebhookSecrets;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.task.TaskView;
import java.time.Clock;
import java.util.Optional;

/** The wired steps of the task workflow; built once per container from the environment, or by tests. */
public record WorkflowServices(
    DispatchStep dispatch,
    PollStep poll,
    StoreResultStep storeResult,
    RecordFailureStep recordFailure,
    NotifyStep notifyStep,
    FinishStep finish,
    AwaitJobStep awaitJob,
    ProviderHookService providerHooks) {

  public static WorkflowServices fromEnvironment() {
    return fromConfig(Config.fromEnvironment());
  }

  /**
   * The steps of one Lambda container: built from the environment, with {@link WorkflowPriming}
   * registered to run before a SnapStart snapshot (one registration per container, whichever step it runs).
   */
  public static WorkflowServices forContainer(String function) {
    Config config = Config.fromEnvironment();
    AwsClients aws = AwsClients.from(config);
    WorkflowServices services = fromConfig(config, aws);
    io.mjserverless.core.snapstart.SnapStartPriming.register(function, () -> WorkflowPriming.prime(config, aws));
    return services;
  }

  /** Real clients for a function configured by {@code config} (the local runtime passes the template's environment). */
  public static WorkflowServices fromConfig(Config config) {
    return fromConfig(config, AwsClients.from(config));
  }

  /** As {@link #fromConfig(Config)}, on the clients of {@code aws}: one client per service, shared by steps and engines. */
  public static WorkflowServices fromConfig(Config config, AwsClients aws) {
    ImageStore images = new S3ImageStore(aws::s3, aws::presigner, config.imagesBucket(),
        config.publicImageBaseUrl().orElse(null), config.presignTtl());
    Clock clock = Clock.systemUTC();
    TaskStore tasks = new DynamoTaskStore(aws.dynamo(), config.tasksTable());
    return create(config, tasks, new DynamoApiKeyStore(aws.dynamo(), config.keysTable()), images,
        Engines.fromConfig(config, images, tasks, aws, clock), BootstrapAdminKey.resolve(config, aws::ssm), clock,
        new DynamoProviderHooks(aws.dynamo(), config.idempotencyTable()), new StepFunctionsTaskTokens(aws::sfn));
  }

  /** Without provider callbacks (tests of polled engines): no hook is ever opened, no token resumed. */
  public static WorkflowServices create(Config config, TaskStore tasks, ApiKeyStore keys, ImageStore images,
      Engines engines, Optional<String> adminKey, Clock clock) {
    return create(config, tasks, keys, images, engines, adminKey, clock, ProviderHooks.none(), token -> false);
  }

  public static WorkflowServices create(Config config, TaskStore tasks, ApiKeyStore keys, ImageStore images,
      Engines engines, Optional<String> adminKey, Clock clock, ProviderHooks hooks, TaskTokens tokens) {
    tasks = io.mjserverless.core.task.ObservedTaskStore.of(tasks, config.engines()::get);
    TaskUpdates updates = new TaskUpdates(tasks);
    WaitPolicy waits = new WaitPolicy(config.pollMinSeconds(), config.pollMaxSeconds());
    HookAddressGuard guard = new HookAddressGuard(config.outboundAddressPolicy());
    CallbackSigner signer = new CallbackSigner(clock);
    TaskCallbacks callbacks = new TaskCallbacks(
        new CallbackSender(guard, signer, config.callbackTimeout()),
        new CallbackSender(guard, signer, config.progressCallbackTimeout()),
        new WebhookSecrets(keys, adminKey),
        task -> TaskView.of(task, images::url, config.discordInstanceId()));
    DispatchStep dispatch = new DispatchStep(updates, engines, callbacks, waits, config, clock);
    StoreResultStep storeResult = new StoreResultStep(updates, engines, images, clock);
    NotifyStep notifyStep = new NotifyStep(tasks, updates, callbacks, clock);
    PollStep poll = new PollStep(updates, engines, images, callbacks, waits, config, clock, dispatch);
    return new WorkflowServices(
        dispatch,
        poll,
        storeResult,
        new RecordFailureStep(tasks, updates, engines, clock),
        notifyStep,
        new FinishStep(storeResult, notifyStep),
        new AwaitJobStep(updates, engines, hooks, tokens),
        new ProviderHookService(hooks, tokens, poll, updates, engines));
  }
}
