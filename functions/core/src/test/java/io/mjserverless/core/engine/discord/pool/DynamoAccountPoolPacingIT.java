package io.mjserverless.core.engine.discord.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account's submit pacing on DynamoDB Local, shared by pool instances as Lambda containers share it. */
@ExtendWith(LocalAwsExtension.class)
class DynamoAccountPoolPacingIT {
  private static final long GAP = 3000;

  private final LocalAws aws;
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
  private final TokenCipher cipher = new LocalKeyTokenCipher(key());
  private String table;
  private DynamoAccountStore accounts;

  DynamoAccountPoolPacingIT(LocalAws aws) {
    this.aws = aws;
  }

  private static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  @BeforeEach
  void ownTable() {
    table = aws.newAccountsTable();
    accounts = new DynamoAccountStore(aws.dynamo(), table);
    String token = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.secret-part";
    accounts.create(new Account("111", "1000", "111", null, Account.DEFAULT_USER_AGENT, 3, 10, 5, EnumSet.allOf(Mode.class), false,
        null, true, null, null, clock.millis(), clock.millis(), cipher.seal("111", token), Account.maskToken(token)));
  }

  private DynamoAccountPool pool(Clock at) {
    return new DynamoAccountPool(aws.dynamo(), table, accounts, new DynamoTaskStore(aws.dynamo(), aws.tasksTable()), cipher,
        mode -> Duration.ofMinutes(20), Duration.ofMinutes(5), at);
  }

  @Test
  void oneSubmitPerGapWhicheverContainerAsks() {
    DynamoAccountPool one = pool(clock);
    DynamoAccountPool two = pool(clock);
    assertEquals(0, one.reserveSubmit("111", GAP));
    assertEquals(GAP, two.reserveSubmit("111", GAP), "the other container waits the whole gap");
    DynamoAccountPool later = pool(Clock.offset(clock, Duration.ofMillis(1000)));
    assertEquals(2000, later.reserveSubmit("111", GAP));
    DynamoAccountPool afterGap = pool(Clock.offset(clock, Duration.ofMillis(GAP)));
    assertEquals(0, afterGap.reserveSubmit("111", GAP));
    assertTrue(one.reserveSubmit("111", GAP) > 0, "a clock behind the last submit waits too");
  }

  @Test
  void ofManyContainersAskingAtOnceExactlyOneMaySend() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Long>> asks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        DynamoAccountPool container = pool(clock);
        asks.add(() -> container.reserveSubmit("111", GAP));
      }
      long allowed = 0;
      for (Future<Long> answer : threads.invokeAll(asks)) {
        allowed += answer.get() == 0 ? 1 : 0;
      }
      assertEquals(1, allowed);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aDeletedAccountIsSaidPlainly() {
    JobRejectedException e = assertThrows(JobRejectedException.class, () -> pool(clock).reserveSubmit("999", GAP));
    assertTrue(e.getMessage().contains("999"), e.getMessage());
  }
}
