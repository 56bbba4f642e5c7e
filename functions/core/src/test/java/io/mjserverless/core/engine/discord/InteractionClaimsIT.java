package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.idempotency.DynamoIdempotencyStore;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One interaction, one task: the claim in the idempotency table on DynamoDB Local. */
@ExtendWith(LocalAwsExtension.class)
class InteractionClaimsIT {
  private final InteractionClaims claims;

  InteractionClaimsIT(LocalAws aws) {
    claims = new InteractionClaims(new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable()), Clock.systemUTC());
  }

  @Test
  void theFirstTaskKeepsTheInteractionAndMayAskAgain() {
    String interaction = Long.toString(System.nanoTime());
    assertTrue(claims.claim(interaction, "task-a"));
    assertTrue(claims.claim(interaction, "task-a"), "the holder asking again (a later poll) still holds it");
    assertFalse(claims.claim(interaction, "task-b"));
  }

  @Test
  void ofTasksClaimingAtOnceExactlyOneGetsIt() throws Exception {
    String interaction = Long.toString(System.nanoTime());
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Boolean>> asks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String task = "task-" + i;
        asks.add(() -> claims.claim(interaction, task));
      }
      int holders = 0;
      for (Future<Boolean> answer : threads.invokeAll(asks)) {
        holders += answer.get() ? 1 : 0;
      }
      assertEquals(1, holders);
    } finally {
      threads.shutdownNow();
    }
  }
}
