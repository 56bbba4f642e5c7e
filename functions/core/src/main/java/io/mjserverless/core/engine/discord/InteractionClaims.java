package io.mjserverless.core.engine.discord;

import io.mjserverless.core.idempotency.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Ties a Discord interaction to the one task whose answer it is, so that two tasks can never take the same
 * describe, blend or shorten answer (found by time alone, reference §3.2-2). One conditional put per task,
 * made the first time a poll finds its interaction, in the idempotency table: every function that polls can
 * already write there, the item expires by the table's TTL, and the key is per interaction, so claims never
 * contend with anything else (the account item, which every submit and turn of the account writes, would).
 */
public final class InteractionClaims {
  /** Longer than any job runs; after that nobody looks for the interaction any more. */
  static final Duration KEPT = Duration.ofDays(2);
  /** No '#': a client's Idempotency-Key scope is always {@code <tenant>#<key>}, so no client can take these. */
  private static final String SCOPE_PREFIX = "discord-interaction:";

  private final IdempotencyStore store;
  private final Clock clock;

  public InteractionClaims(IdempotencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** True when the interaction is now, or was already, this task's; false when another task has it. */
  public boolean claim(String interactionId, String taskId) {
    String scope = SCOPE_PREFIX + interactionId;
    long now = clock.instant().getEpochSecond();
    if (store.claim(scope, taskId, now, now + KEPT.toSeconds())) {
      return true;
    }
    Optional<IdempotencyStore.Entry> holder = store.get(scope);
    // Gone between the two calls (expired): nobody else holds it now, so claim it again.
    return holder.map(h -> h.requestHash().equals(taskId)).orElseGet(() -> store.claim(scope, taskId, now, now + KEPT.toSeconds()));
  }
}
