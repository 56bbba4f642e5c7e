package io.mjserverless.core.engine.discord;

import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.idempotency.IdempotencyStore;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;

/**
 * Builds the discord engine of a container. Every mode whose engine is discord shares one engine: the pool
 * and the accounts' sessions (pacing, snapshots, command index) are per account, not per mode.
 */
public final class DiscordEngines {
  private DiscordEngines() {}

  /**
   * @param policy the outbound address policy: Discord's attachment links (read through {@code remote}) and upload
   *     URLs are checked against it like any link
   * @param claims where an interaction is tied to its one task (the idempotency table)
   */
  public static DiscordEngine create(DiscordSettings settings, OutboundAddressPolicy policy, AccountPool pool, ImageStore images,
      RemoteImages remote, TaskStore tasks, IdempotencyStore claims, Clock clock) {
    return new DiscordEngine(pool, new AccountSessions(settings, policy, clock), new InputImages(images, tasks, remote), remote,
        tasks, new InteractionClaims(claims, clock), clock);
  }
}
