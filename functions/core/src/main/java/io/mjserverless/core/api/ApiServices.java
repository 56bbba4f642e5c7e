package io.mjserverless.core.api;

import io.mjserverless.core.auth.ApiKeyStore;
import io.mjserverless.core.auth.Authenticator;
import io.mjserverless.core.auth.BootstrapAdminKey;
import io.mjserverless.core.auth.DynamoApiKeyStore;
import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.idempotency.IdempotencyStore;
import io.mjserverless.core.idempotency.IdempotentSubmissions;
import io.mjserverless.core.image.ImageInputs;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.S3ImageStore;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.workflow.StepFunctionsWorkflowStarter;
import io.mjserverless.core.workflow.WorkflowStarter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

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
    io.mjserverless.core.uploads.UploadService uploads) {

  public static ApiServices fromEnvironment() {
    return fromConfig(Config.fromEnvironment());
  }

  /** Real clients for a function configured by {@code config} (the local runtime passes the template's environment). */
  public static ApiServices fromConfig(Config config) {
    AwsClients aws = AwsClients.from(config);
    Optional<String> adminKey = BootstrapAdminKey.resolve(config, aws::ssm);
    return create(config,
        new DynamoTaskStore(aws.dynamo(), config.tasksTable()),
        new DynamoApiKeyStore(aws.dynamo(), config.keysTable()),
        new DynamoIdempotencyStore(aws.dynamo(), config.idempotencyTable()),
        new S3ImageStore(aws.s3(), aws.presigner(), config.imagesBucket(), config.publicImageBaseUrl().orElse(null),
            config.presignTtl()),
        new StepFunctionsWorkflowStarter(aws.sfn(), config.stateMachineArn()),
        config.bannedWordsFile().map(f -> BannedWords.fromFile(Path.of(f))).orElseGet(BannedWords::defaults),
        adminKey,
        Clock.systemUTC());
  }

  public static ApiServices create(Config config, TaskStore tasks, ApiKeyStore keys, IdempotencyStore idempotency,
      ImageStore images, WorkflowStarter workflow, BannedWords bannedWords, Optional<String> adminKey, Clock clock) {
    TaskIds ids = new TaskIds(clock);
    ImageInputs imageInputs = new ImageInputs(config.maxImageBytes());
    HookAddressGuard hooks = new HookAddressGuard(config.allowPrivateHooks());
    TaskLauncher launcher = new TaskLauncher(tasks, images, workflow, clock, config.discordInstanceId());
    SubmitService submits = new SubmitService(launcher, images, ids, clock, bannedWords, imageInputs, hooks, config.defaultMode());
    Authenticator authenticator = new Authenticator(keys, adminKey, clock);
    return new ApiServices(
        config,
        authenticator,
        submits,
        new ActionService(tasks, launcher, ids, clock, submits, imageInputs, hooks),
        new TaskQueryService(tasks, images, clock, config.discordInstanceId()),
        new KeyAdminService(keys, authenticator, clock),
        new IdempotentSubmissions(idempotency, clock),
        new io.mjserverless.core.uploads.UploadService(tasks, images, ids, clock, hooks, config.defaultMode(),
            config.maxImageBytes()));
  }
}
