package io.mjserverless.core.engine.mjproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider's concurrency as leases in DynamoDB (Local): a limit, idempotent takes, releases, expiry. */
@ExtendWith(LocalAwsExtension.class)
class DynamoProviderSlotsIT {
  private final LocalAws aws;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  DynamoProviderSlotsIT(LocalAws aws) {
    this.aws = aws;
  }

  private DynamoProviderSlots slots(String scope, int limit) {
    return new DynamoProviderSlots(aws.dynamo(), aws.idempotencyTable(), scope, limit, Duration.ofMinutes(20), clock);
  }

  @Test
  void noMoreThanTheLimitAreHeldAndAReleasedSlotIsFreeAgain() {
    String scope = "engine-slots#test#" + UUID.randomUUID();
    DynamoProviderSlots slots = slots(scope, 2);
    slots.acquire("t1");
    slots.acquire("t2");
    slots.acquire("t2"); // a retried Dispatch takes the slot it holds
    EngineBusyException full = assertThrows(EngineBusyException.class, () -> slots.acquire("t3"));
    assertTrue(full.getMessage().contains("all 2"), full.getMessage());
    assertEquals(2, slots.held());
    slots.release("t1");
    slots.acquire("t3");
    assertEquals(2, slots.held());
    // A second container (another instance) sees the same count.
    assertThrows(EngineBusyException.class, () -> slots(scope, 2).acquire("t4"));
  }

  @Test
  void anExpiredLeaseIsReclaimedSoALostWorkflowCannotHoldASlotForEver() {
    DynamoProviderSlots slots = slots("engine-slots#test#" + UUID.randomUUID(), 1);
    slots.acquire("lost");
    assertThrows(EngineBusyException.class, () -> slots.acquire("next"));
    now.set(now.get().plus(Duration.ofMinutes(21)));
    slots.acquire("next");
    assertEquals(1, slots.held());
  }

  @Test
  void releasingWithoutAnyItemIsHarmless() {
    DynamoProviderSlots slots = slots("engine-slots#test#" + UUID.randomUUID(), 1);
    slots.release("never-held");
    slots.acquire("a");
    assertEquals(1, slots.held());
  }
}
