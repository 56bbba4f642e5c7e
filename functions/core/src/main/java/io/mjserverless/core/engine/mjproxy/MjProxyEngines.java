package io.mjserverless.core.engine.mjproxy;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.config.ProviderSettings;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.TaskStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/** Builds the mjproxy engine of one mode from the configuration: key, HTTP client, slots. */
public final class MjProxyEngines {
  /** A slot outlives the mode's deadline a little, so a lost workflow frees it soon after its task must have ended. */
  static final Duration LEASE_MARGIN = Duration.ofMinutes(10);

  private MjProxyEngines() {}

  public static MjProxyEngine create(ProviderSettings settings, Config config, ImageStore images, RemoteImages remote,
      TaskStore tasks, AwsClients aws, Clock clock) {
    // Read now, so a key that cannot be read fails the function at start; read again when the provider refuses it.
    ProviderKey key = new ProviderKey(() -> ProviderKeys.resolve(settings, aws::ssm), clock);
    ProviderSlots slots = new DynamoProviderSlots(aws.dynamo(), config.idempotencyTable(), slotScope(settings),
        settings.concurrency(), config.deadline(settings.mode()).plus(LEASE_MARGIN), clock);
    return new MjProxyEngine(new ProviderClient(settings, key), slots, new ProviderRequests(images, tasks, remote), tasks,
        other -> config.provider(other).map(p -> p.identity().equals(settings.identity())).orElse(false), clock,
        new DynamoProviderHooks(aws.dynamo(), config.idempotencyTable()), config.providerHookBaseUrl(),
        config.deadline(settings.mode()).plus(Duration.ofDays(1)));
  }

  /** One slot count per provider account and mode; the key is hashed so it never lands in the table. */
  public static String slotScope(ProviderSettings settings) {
    return "engine-slots#" + settings.mode() + "#" + sha256(settings.identity()).substring(0, 16);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
