package io.mjserverless.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class DynamoApiKeyStoreIT {
  private final DynamoApiKeyStore store;

  DynamoApiKeyStoreIT(LocalAws aws) {
    store = new DynamoApiKeyStore(aws.dynamo(), aws.keysTable());
  }

  private static ApiKey newKey(Role role) {
    String id = "mk_" + UUID.randomUUID().toString().replace("-", "");
    return new ApiKey(id, "sha256:" + id.hashCode(), "tenant-" + id, role, "whsec-" + id, "label of " + id,
        1_700_000_000_000L, null);
  }

  @Test
  void createThenGetGivesAnEqualKey() {
    ApiKey key = newKey(Role.ADMIN);
    store.create(key);
    assertEquals(key, store.get(key.keyId()).orElseThrow());
  }

  @Test
  void keyWithoutOptionalFieldsRoundTrips() {
    ApiKey key = new ApiKey("mk_" + UUID.randomUUID(), "h", "t", Role.USER, null, null, 5L, null);
    store.create(key);
    assertEquals(key, store.get(key.keyId()).orElseThrow());
  }

  @Test
  void getOfUnknownKeyIsEmpty() {
    assertTrue(store.get("mk_unknown_" + UUID.randomUUID()).isEmpty());
  }

  @Test
  void secondCreateWithTheSameIdFailsAndKeepsTheFirst() {
    ApiKey key = newKey(Role.USER);
    store.create(key);
    ApiKey other = new ApiKey(key.keyId(), "other-hash", "other-tenant", Role.ADMIN, null, null, 1L, null);
    assertThrows(IllegalStateException.class, () -> store.create(other));
    assertEquals(key, store.get(key.keyId()).orElseThrow());
  }

  @Test
  void revokeSetsRevokedAtOnceAndReturnsTheKey() {
    ApiKey key = newKey(Role.USER);
    store.create(key);

    ApiKey revoked = store.revoke(key.keyId(), 1_800_000_000_000L).orElseThrow();
    assertEquals(1_800_000_000_000L, revoked.revokedAt());
    assertFalse(revoked.isActive());
    assertEquals(key.hash(), revoked.hash());
    assertEquals(key.tenant(), revoked.tenant());
    assertEquals(revoked, store.get(key.keyId()).orElseThrow());

    ApiKey again = store.revoke(key.keyId(), 1_900_000_000_000L).orElseThrow();
    assertEquals(1_800_000_000_000L, again.revokedAt());
  }

  @Test
  void revokeOfUnknownKeyIsEmptyAndCreatesNothing() {
    String id = "mk_unknown_" + UUID.randomUUID();
    assertTrue(store.revoke(id, 1L).isEmpty());
    assertTrue(store.get(id).isEmpty());
  }

  @Test
  void listReturnsStoredKeysUpToTheLimit() {
    ApiKey a = newKey(Role.USER);
    ApiKey b = newKey(Role.ADMIN);
    store.create(a);
    store.create(b);

    List<ApiKey> all = store.list(10_000);
    assertTrue(all.contains(a));
    assertTrue(all.contains(b));
    assertEquals(1, store.list(1).size());
    assertEquals(List.of(), store.list(0));
  }
}
