package io.mjserverless.core.engine.discord.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How long the pool's steps take on DynamoDB Local in this JVM (admit, acquire, release per task, on
 * two accounts), for docs/discord-accounts.md. Run with
 * {@code ./mvnw -B -o -pl functions/core -am verify -Dtest=none -Dit.test=AccountPoolBenchIT -Dsurefire.failIfNoSpecifiedTests=false -Dmj.measure=true}.
 * Prints medians and 90th percentiles; asserts nothing about speed.
 */
@ExtendWith(LocalAwsExtension.class)
@EnabledIfSystemProperty(named = "mj.measure", matches = "true")
class AccountPoolBenchIT {
  private static final int TASKS = 300;
  private final LocalAws aws;

  AccountPoolBenchIT(LocalAws aws) {
    this.aws = aws;
  }

  @Test
  void admitAcquireRelease() {
    String table = aws.newAccountsTable();
    DynamoAccountStore accounts = new DynamoAccountStore(aws.dynamo(), table);
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    LocalKeyTokenCipher cipher = new LocalKeyTokenCipher(key);
    Clock clock = Clock.systemUTC();
    for (String id : List.of("111", "222")) {
      String token = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.bench-token-" + id;
      accounts.create(new Account(id, null, id, null, Account.DEFAULT_USER_AGENT, 3, 10, 5, EnumSet.allOf(Mode.class), false, null,
          true, null, null, clock.millis(), clock.millis(), cipher.seal(id, token), Account.maskToken(token)));
    }
    DynamoAccountPool pool = new DynamoAccountPool(aws.dynamo(), table, accounts, new DynamoTaskStore(aws.dynamo(), aws.tasksTable()),
        cipher, mode -> Duration.ofMinutes(30), Duration.ofMinutes(5), clock);
    List<Long> admit = new ArrayList<>();
    List<Long> acquire = new ArrayList<>();
    List<Long> release = new ArrayList<>();
    long base = System.currentTimeMillis() * 1000;
    for (int i = 0; i < TASKS; i++) {
      Task task = Task.builder().id(Long.toString(base + i)).tenant("bench").keyId("k").action(TaskAction.IMAGINE)
          .status(TaskStatus.NOT_START).mode(Mode.FAST).prompt("cat").submitTime(clock.millis()).build();
      long t0 = System.nanoTime();
      Admission a = pool.admit(task, null);
      long t1 = System.nanoTime();
      Map<String, Object> props = new LinkedHashMap<>(((Admission.Accepted) a).properties());
      Task stored = task.toBuilder().properties(props).build();
      pool.acquire(stored);
      long t2 = System.nanoTime();
      pool.release(stored);
      long t3 = System.nanoTime();
      if (i >= 20) { // the first ones warm the JIT and the connections
        admit.add(t1 - t0);
        acquire.add(t2 - t1);
        release.add(t3 - t2);
      }
    }
    System.out.printf("pool on DynamoDB Local, %d tasks: admit %s, acquire %s, release %s%n", admit.size(),
        summary(admit), summary(acquire), summary(release));
    assertEquals(List.of(), pool.placesOf("111"));
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format("median %.2f ms, p90 %.2f ms", sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6);
  }
}
