package io.mjserverless.core.engine.discord.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.task.Mode;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Accounts round-trip through DynamoDB Local, and the stored item never holds the token in clear. */
@ExtendWith(LocalAwsExtension.class)
class DynamoAccountStoreIT {
  private static final String TOKEN = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.the-secret-part-nobody-may-read";
  private final LocalAws aws;

  DynamoAccountStoreIT(LocalAws aws) {
    this.aws = aws;
  }

  @Test
  void roundTripWithTheTokenSealed() {
    String table = aws.newAccountsTable();
    DynamoAccountStore store = new DynamoAccountStore(aws.dynamo(), table);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    TokenCipher cipher = new LocalKeyTokenCipher(key);
    Account account = new Account("1234567890", null, "1234567890", "99", "UA/1", 3, 10, 5, EnumSet.of(Mode.FAST, Mode.TURBO),
        true, "team A", true, null, null, 1000L, 1000L, cipher.seal("1234567890", TOKEN), Account.maskToken(TOKEN));
    store.create(account);
    assertEquals(account, store.get("1234567890").orElseThrow());
    assertThrows(AccountStore.AccountExistsException.class, () -> store.create(account));

    Map<String, AttributeValue> raw = aws.dynamo().getItem(b -> b.tableName(table).key(AccountItems.key("1234567890"))).item();
    String everything = raw.toString();
    assertFalse(everything.contains(TOKEN), everything);
    assertFalse(everything.contains("the-secret-part"), everything);
    assertEquals("MTA4****read", raw.get("tokenHint").s());
    assertTrue(raw.get("sealedToken").s().startsWith("aes:"));
    assertEquals(TOKEN, cipher.open("1234567890", raw.get("sealedToken").s()));

    store.disable("1234567890", "Discord refused the token (401)", 2000L);
    Account disabled = store.get("1234567890").orElseThrow();
    assertFalse(disabled.enabled());
    assertEquals("Discord refused the token (401)", disabled.disabledReason());
    Account edited = disabled.withEnabled(true, null, 3000L);
    assertEquals(edited, store.update(edited).orElseThrow());
    assertEquals(null, store.get("1234567890").orElseThrow().disabledReason(), "enabling removes the reason");
    assertEquals(List.of(edited), store.list());
    assertTrue(store.delete("1234567890"));
    assertFalse(store.delete("1234567890"));
    assertTrue(store.update(edited).isEmpty(), "an update never brings a deleted account back");
    store.disable("1234567890", "x", 1L); // gone: nothing happens
    assertTrue(store.get("1234567890").isEmpty());
  }
}
