package io.mjserverless.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.auth.Caller;
import io.mjserverless.core.auth.Role;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.AccountEdit;
import io.mjserverless.core.engine.discord.account.AccountStore;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin routes against what the pool writes on the same account item at the same time: the pool
 * disables (a 401, a CAPTCHA) or pauses (a 429) an account while an admin edits it, and the admin's edit
 * never undoes that; only an explicit enable does, and it lifts the pause too.
 */
@ExtendWith(LocalAwsExtension.class)
class AccountAdminServiceIT {
  private static final RequestContext ADMIN = new RequestContext(new Caller("admin", Role.ADMIN, "k-admin"), Optional.empty());

  private final LocalAws aws;
  private DynamoAccountStore store;
  private TokenCipher cipher;
  /** Runs just before each admin write reaches the table: the pool's write that lands in between. */
  private Runnable beforeWrite = () -> { };

  AccountAdminServiceIT(LocalAws aws) {
    this.aws = aws;
  }

  @BeforeEach
  void table() {
    store = new DynamoAccountStore(aws.dynamo(), aws.newAccountsTable());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    cipher = new LocalKeyTokenCipher(key);
    store.create(new Account("acct-1", "1", "2", null, "UA/1", 3, 10, 5, EnumSet.allOf(Mode.class), false, "team A", true, null,
        null, 1000L, 1000L, cipher.seal("acct-1", "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.secret"), "MTA4****cret"));
  }

  private AccountAdminService admin() {
    AccountStore racing = new AccountStore() {
      @Override public void create(Account account) { store.create(account); }
      @Override public Optional<Account> get(String id) { return store.get(id); }
      @Override public List<Account> list() { return store.list(); }
      @Override public boolean delete(String id) { return store.delete(id); }
      @Override public void disable(String id, String reason, long nowMillis) { store.disable(id, reason, nowMillis); }
      @Override public void pauseUntil(String id, long epochMillis) { store.pauseUntil(id, epochMillis); }

      @Override
      public Optional<Account> update(String id, AccountEdit edit, long nowMillis) {
        beforeWrite.run();
        return store.update(id, edit, nowMillis);
      }
    };
    return new AccountAdminService(racing, cipher, null, Clock.systemUTC());
  }

  @Test
  void thePoolsDisableBetweenTheAdminsReadAndWriteStays() {
    beforeWrite = () -> {
      store.disable("acct-1", "Discord asks for a CAPTCHA", 5000L);
      store.pauseUntil("acct-1", Long.MAX_VALUE / 2);
    };
    Map<String, Object> answer = admin().update(ADMIN, "acct-1", RequestBody.parse("{\"remark\":\"team B\",\"coreSize\":4}"));
    assertEquals("team B", answer.get("remark"));
    assertEquals(4, answer.get("coreSize"));
    assertEquals(false, answer.get("enable"), "the pool's disable is not undone by an edit of other fields");
    assertEquals("Discord asks for a CAPTCHA", answer.get("disabledReason"));
    Account stored = store.get("acct-1").orElseThrow();
    assertFalse(stored.enabled());
    assertEquals(Long.MAX_VALUE / 2, stored.pausedUntil(), "an admin edit never writes pausedUntil");
  }

  @Test
  void disablingAgainKeepsThePoolsReasonAndEnableLiftsReasonAndPause() {
    beforeWrite = () -> store.disable("acct-1", "Discord refused the token (401)", 5000L);
    Map<String, Object> off = admin().update(ADMIN, "acct-1", RequestBody.parse("{\"enable\":false}"));
    assertEquals("Discord refused the token (401)", off.get("disabledReason"));

    beforeWrite = () -> store.pauseUntil("acct-1", System.currentTimeMillis() + 600_000);
    Map<String, Object> on = admin().enable(ADMIN, "acct-1");
    assertEquals(true, on.get("enable"));
    assertNull(on.get("disabledReason"));
    assertNull(on.get("pausedUntil"), "enable lifts a pause a 429 left");
    assertTrue(store.get("acct-1").orElseThrow().enabled());

    beforeWrite = () -> { };
    Map<String, Object> viaUpdate = admin().update(ADMIN, "acct-1", RequestBody.parse("{\"enable\":false}"));
    assertEquals(AccountAdminService.DISABLED_BY_ADMIN, viaUpdate.get("disabledReason"));
    beforeWrite = () -> store.pauseUntil("acct-1", System.currentTimeMillis() + 600_000);
    Map<String, Object> enabledByUpdate = admin().update(ADMIN, "acct-1", RequestBody.parse("{\"enable\":true}"));
    assertEquals(true, enabledByUpdate.get("enable"));
    assertNull(enabledByUpdate.get("pausedUntil"));
  }
}
