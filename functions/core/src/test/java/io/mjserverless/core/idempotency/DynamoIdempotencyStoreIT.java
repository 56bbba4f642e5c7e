package io.mjserverless.core.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.idempotency.IdempotencyStore.Entry;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class DynamoIdempotencyStoreIT {
  private static final long NOW = 1_750_000_000L;

  private final LocalAws aws;
  private final DynamoIdempotencyStore store;

  DynamoIdempotencyStoreIT(LocalAws aws) {
    this.aws = aws;
    store = storeAt(NOW);
  }

  private DynamoIdempotencyStore storeAt(long epochSecond) {
    return new DynamoIdempotencyStore(aws.dynamo(), aws.idempotencyTable(),
        Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  private static String newScope() {
    return "tenant-a#" + UUID.randomUUID();
  }

  @Test
  void secondClaimOfALiveScopeFails() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW, NOW + 3600));
    assertFalse(store.claim(scope, "hash-2", NOW + 10, NOW + 3610));

    Entry entry = store.get(scope).orElseThrow();
    assertEquals("hash-1", entry.requestHash());
    assertEquals(NOW, entry.createdAt());
    assertEquals(NOW + 3600, entry.expiresAt());
    assertTrue(entry.isPending());
  }

  @Test
  void expiredClaimMayBeClaimedAgain() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW - 100, NOW - 50));
    assertTrue(store.claim(scope, "hash-2", NOW, NOW + 3600));
    Entry entry = store.get(scope).orElseThrow();
    assertEquals("hash-2", entry.requestHash());
    assertEquals(NOW + 3600, entry.expiresAt());
  }

  @Test
  void claimExpiringExactlyNowIsStillLive() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW - 100, NOW));
    assertFalse(store.claim(scope, "hash-2", NOW, NOW + 3600));
  }

  @Test
  void expiredRecordReadsAsAbsent() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW, NOW + 60));
    assertTrue(storeAt(NOW + 60).get(scope).isPresent());
    assertTrue(storeAt(NOW + 61).get(scope).isEmpty());
  }

  @Test
  void completeThenGetGivesTheAnswer() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW, NOW + 3600));
    String answer = "{\"code\":1,\"description\":\"Submit success\",\"result\":\"1712345678901123456\"}";
    store.complete(scope, answer);

    Entry entry = store.get(scope).orElseThrow();
    assertEquals(answer, entry.responseJson());
    assertEquals("hash-1", entry.requestHash());
    assertFalse(entry.isPending());
    assertFalse(store.claim(scope, "hash-1", NOW + 1, NOW + 3601));
  }

  @Test
  void completeWithoutAClaimStoresNothing() {
    String scope = newScope();
    store.complete(scope, "{}");
    assertTrue(store.get(scope).isEmpty());
    assertTrue(store.claim(scope, "hash-1", NOW, NOW + 60));
    assertNull(store.get(scope).orElseThrow().responseJson());
  }

  @Test
  void releaseFreesTheScope() {
    String scope = newScope();
    assertTrue(store.claim(scope, "hash-1", NOW, NOW + 3600));
    store.release(scope);
    assertTrue(store.get(scope).isEmpty());
    assertTrue(store.claim(scope, "hash-2", NOW, NOW + 3600));
  }
}
