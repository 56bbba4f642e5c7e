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
    store.pauseUntil("1234567890", 9000L);
    Account edited = store.update("1234567890", new AccountEdit().enable(), 3000L).orElseThrow();
    assertTrue(edited.enabled());
    assertEquals(null, edited.disabledReason(), "enabling removes the reason");
    assertEquals(null, edited.pausedUntil(), "enabling lifts the pause");
    assertEquals(3000L, edited.updatedAt());
    assertEquals(List.of(edited), store.list());
    assertTrue(store.delete("1234567890"));
    assertFalse(store.delete("1234567890"));
    assertTrue(store.update("1234567890", new AccountEdit().remix(true), 4000L).isEmpty(),
        "an update never brings a deleted account back");
    store.disable("1234567890", "x", 1L); // gone: nothing happens
    assertTrue(store.get("1234567890").isEmpty());
  }

  /** An edit writes only what it names: a disable and a pause the pool wrote after the admin's read stay. */
  @Test
  void anEditWritesOnlyTheSettingsItNames() {
    String table = aws.newAccountsTable();
    DynamoAccountStore store = new DynamoAccountStore(aws.dynamo(), table);
    Account account = new Account("42", "7", "42", null, "UA/1", 3, 10, 5, EnumSet.allOf(Mode.class), false, "old", true, null,
        null, 1000L, 1000L, "aes:sealed", "****");
    store.create(account);
    store.disable("42", "Discord asks for a CAPTCHA", 2000L);
    store.pauseUntil("42", 99_000L);
    Account edited = store.update("42", new AccountEdit().text(AccountEdit.Setting.REMARK, "new").number(AccountEdit.Setting.CORE_SIZE, 5)
        .text(AccountEdit.Setting.GUILD_ID, null), 3000L).orElseThrow();
    assertEquals("new", edited.remark());
    assertEquals(5, edited.coreSize());
    assertEquals(null, edited.guildId(), "an explicit null clears it");
    assertFalse(edited.enabled(), "the pool's disable stays");
    assertEquals("Discord asks for a CAPTCHA", edited.disabledReason());
    assertEquals(99_000L, edited.pausedUntil(), "the pool's pause stays");
    assertEquals("Discord asks for a CAPTCHA",
        store.update("42", new AccountEdit().disableKeepingReason("disabled by an admin"), 4000L).orElseThrow().disabledReason(),
        "disabling again keeps the reason already there");
    assertEquals("the admin's words",
        store.update("42", new AccountEdit().disable("the admin's words"), 5000L).orElseThrow().disabledReason());
  }
}
