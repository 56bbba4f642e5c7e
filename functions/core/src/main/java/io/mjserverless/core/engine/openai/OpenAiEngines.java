package io.mjserverless.core.engine.openai;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.mjproxy.DynamoProviderSlots;
import io.mjserverless.core.engine.mjproxy.ProviderKey;
import io.mjserverless.core.engine.mjproxy.ProviderKeys;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.TaskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/** Builds the openai engine of one mode from the configuration: key (read once), HTTP client, slots. */
public final class OpenAiEngines {
  /** A slot outlives the mode's deadline a little, so a lost workflow frees it soon after its task must have ended. */
  static final Duration LEASE_MARGIN = Duration.ofMinutes(10);

  private OpenAiEngines() {}

  public static OpenAiEngine create(OpenAiSettings settings, Config config, ImageStore images, RemoteImages remote,
      TaskStore tasks, AwsClients aws, Clock clock) {
    // Read now, so a key that cannot be read fails the function at start; read again when the provider refuses it.
    ProviderKey key = new ProviderKey(() -> ProviderKeys.resolve(settings.mode(), settings.key(), settings.keyParameter(),
        OpenAiSettings.variable(settings.mode(), "KEY_PARAMETER"), aws::ssm), clock);
    DynamoProviderSlots slots = new DynamoProviderSlots(aws.dynamo(), config.idempotencyTable(), slotScope(settings),
        settings.concurrency(), config.deadline(settings.mode()).plus(LEASE_MARGIN), clock);
    InputImages inputs = new InputImages(images, tasks, remote);
    return new OpenAiEngine(settings, new OpenAiClient(settings, key, remote), new OpenAiJobs(settings, images, inputs, tasks, remote),
        images, inputs, slots, clock);
  }

  /** One slot count per provider account and mode; the key is hashed so it never lands in the table. */
  static String slotScope(OpenAiSettings settings) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(settings.identity().getBytes(StandardCharsets.UTF_8));
      return "engine-slots#" + settings.mode() + "#openai-" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
