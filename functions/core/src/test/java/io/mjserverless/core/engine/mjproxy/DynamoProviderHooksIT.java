package io.mjserverless.core.engine.mjproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provider hooks in DynamoDB (Local): secrets kept hashed and checked, token and final outcome meeting in either order. */
@ExtendWith(LocalAwsExtension.class)
class DynamoProviderHooksIT {
  private final DynamoProviderHooks hooks;

  private final io.mjserverless.core.idempotency.DynamoIdempotencyStore idempotency;

  DynamoProviderHooksIT(LocalAws aws) {
    hooks = new DynamoProviderHooks(aws.dynamo(), aws.idempotencyTable());
    idempotency = new io.mjserverless.core.idempotency.DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable());
  }

  @Test
  void noTenantReachesAHookThroughItsIdempotencyKeys() {
    String task = taskId();
    String secret = hooks.open(task, 4_000_000_000L);
    // A tenant named like the hooks, using the task id as its Idempotency-Key: scope "<tenant>#<key>".
    String scope = "provider-hook#" + task;
    assertTrue(idempotency.claim(scope, "hash", 1L, 4_000_000_000L), "its own item, not the hook's");
    idempotency.release(scope);
    assertTrue(hooks.verify(task, secret), "the hook is untouched");
  }

  private static String taskId() {
    return "17600000000" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
  }

  @Test
  void aSecretOpensOnlyItsOwnTasksHook() {
    String task = taskId();
    String other = taskId();
    String secret = hooks.open(task, 4_000_000_000L);
    String otherSecret = hooks.open(other, 4_000_000_000L);
    assertEquals(64, secret.length());
    assertNotEquals(secret, otherSecret);
    assertTrue(hooks.verify(task, secret));
    assertFalse(hooks.verify(task, otherSecret), "another task's secret");
    assertFalse(hooks.verify(task, secret.substring(1) + "0"));
    assertFalse(hooks.verify(task, ""));
    assertFalse(hooks.verify(taskId(), secret), "a task without a hook");
    String reopened = hooks.open(task, 4_000_000_000L);
    assertFalse(hooks.verify(task, secret), "a new submit's secret replaces the old one");
    assertTrue(hooks.verify(task, reopened));
  }

  @Test
  void theTokenAndTheFinalOutcomeMeetWhicheverComesFirst() {
    String waitingFirst = taskId();
    hooks.open(waitingFirst, 4_000_000_000L);
    assertEquals(Optional.empty(), hooks.park(waitingFirst, "token-1"), "nothing ended yet");
    assertEquals(Optional.of("token-1"), hooks.settle(waitingFirst, "SUCCESS"), "the callback finds the waiting workflow");

    String endedFirst = taskId();
    hooks.open(endedFirst, 4_000_000_000L);
    assertEquals(Optional.empty(), hooks.settle(endedFirst, "FAILURE"), "no workflow waits yet");
    assertEquals(Optional.of("FAILURE"), hooks.park(endedFirst, "token-2"), "the next wait learns the job ended");

    String neverOpened = taskId();
    assertEquals(Optional.empty(), hooks.park(neverOpened, "token-3"));
    assertEquals(Optional.empty(), hooks.settle(neverOpened, "SUCCESS"));
    assertFalse(hooks.verify(neverOpened, "anything"), "no item was made by park or settle");
  }
}
