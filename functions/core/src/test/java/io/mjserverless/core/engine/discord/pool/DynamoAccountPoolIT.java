package io.mjserverless.core.engine.discord.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.discord.DiscordAccount;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.LocalKeyTokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.DynamoTaskStore;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.testing.LocalAws;
import io.mjserverless.core.testing.LocalAwsExtension;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The account pool on DynamoDB Local, each test on an accounts table of its own: which account takes a
 * task, the line per account (first come, first served), 1/22/23 answers, parents' accounts, leases shared
 * by two pool instances (two "containers"), expiry, release, disable and pause.
 */
@ExtendWith(LocalAwsExtension.class)
class DynamoAccountPoolIT {
  private static final Duration WAITING = Duration.ofMinutes(5);
  private static final Duration RUNNING = Duration.ofMinutes(20);

  private final LocalAws aws;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
  private final TokenCipher cipher = new LocalKeyTokenCipher(randomKey());
  private String table;
  private DynamoAccountStore accounts;
  private DynamoTaskStore tasks;

  DynamoAccountPoolIT(LocalAws aws) {
    this.aws = aws;
  }

  @BeforeEach
  void ownTable() {
    table = aws.newAccountsTable();
    accounts = new DynamoAccountStore(aws.dynamo(), table);
    tasks = new DynamoTaskStore(aws.dynamo(), aws.tasksTable());
  }

  private DynamoAccountPool pool() {
    return new DynamoAccountPool(aws.dynamo(), table, accounts, tasks, cipher, mode -> RUNNING, WAITING, clock);
  }

  private void account(String id, int coreSize, int queueSize, Set<Mode> modes, boolean remix, String remark) {
    String token = "MTA4NjYxNzk2OTgxMjc0NjI0MA.GxYz12.secret-part-of-" + id;
    accounts.create(new Account(id, "1000", id, null, Account.DEFAULT_USER_AGENT, coreSize, queueSize, 5, modes, remix, remark,
        true, null, null, clock.millis(), clock.millis(), cipher.seal(id, token), Account.maskToken(token)));
  }

  private void account(String id, int coreSize, int queueSize) {
    account(id, coreSize, queueSize, EnumSet.allOf(Mode.class), false, null);
  }

  private Task task(Mode mode) {
    return Task.builder().id(Long.toString(ids.incrementAndGet())).tenant("t").keyId("k").action(TaskAction.IMAGINE)
        .status(TaskStatus.NOT_START).mode(mode).prompt("cat").submitTime(clock.millis()).build();
  }

  /** The task as it is stored after admission: with the admission's properties. */
  private static Task admitted(Task task, Admission admission) {
    Map<String, Object> props;
    if (admission instanceof Admission.Accepted a) {
      props = a.properties();
    } else if (admission instanceof Admission.Queued q) {
      props = q.properties();
    } else {
      throw new AssertionError("not admitted: " + admission);
    }
    Task.Builder b = task.toBuilder();
    java.util.LinkedHashMap<String, Object> all = new java.util.LinkedHashMap<>(task.properties());
    all.putAll(props);
    return b.properties(all).build();
  }

  private static String accountOf(Admission admission) {
    return (String) (admission instanceof Admission.Accepted a ? a.properties() : ((Admission.Queued) admission).properties())
        .get("discordInstanceId");
  }

  private void tick(Duration d) {
    now.set(now.get().plus(d));
  }

  @Test
  void theLeastBusyAccountTakesANewTask() {
    account("111", 3, 10);
    account("222", 3, 10);
    DynamoAccountPool pool = pool();
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      chosen.add(accountOf(pool.admit(task(Mode.FAST), null)));
    }
    // Alternates while both have equal load: never a third task on one before the other has two.
    assertEquals(2, chosen.stream().filter("111"::equals).count(), chosen.toString());
    assertEquals(2, chosen.stream().filter("222"::equals).count(), chosen.toString());
  }

  @Test
  void loadIsWeighedAgainstEachAccountsRunningSlots() {
    account("small", 1, 10);
    account("large", 6, 10);
    DynamoAccountPool pool = pool();
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      chosen.add(accountOf(pool.admit(task(Mode.FAST), null)));
    }
    assertEquals(6, chosen.stream().filter("large"::equals).count(), chosen.toString());
  }

  @Test
  void accountFilterNarrowsTheChoice() {
    account("relax-only", 3, 10, EnumSet.of(Mode.RELAX), false, "cheap relax account");
    account("remixer", 3, 10, EnumSet.allOf(Mode.class), true, "team B");
    account("plain", 3, 10, EnumSet.allOf(Mode.class), false, "team A");
    DynamoAccountPool pool = pool();
    assertEquals("remixer", accountOf(pool.admit(task(Mode.FAST), filter("{\"remix\":true}"))));
    assertEquals("plain", accountOf(pool.admit(task(Mode.FAST), filter("{\"instanceId\":\"plain\"}"))));
    assertEquals("plain", accountOf(pool.admit(task(Mode.FAST), filter("{\"remark\":\"TEAM a\"}"))));
    assertEquals("relax-only", accountOf(pool.admit(task(Mode.RELAX), filter("{\"remark\":\"relax\"}"))));
    // The task's mode must be served: a FAST task never lands on the RELAX-only account.
    Admission none = pool.admit(task(Mode.FAST), filter("{\"instanceId\":\"relax-only\"}"));
    assertEquals(4, assertInstanceOf(Admission.Refused.class, none).code());
    assertTrue(((Admission.Refused) none).description().contains("accountFilter"), none.toString());
    Admission badShape = pool.admit(task(Mode.FAST), filter("{\"modes\":[\"SLOW\"]}"));
    assertEquals(4, ((Admission.Refused) badShape).code());
    assertTrue(((Admission.Refused) badShape).description().contains("accountFilter.modes[0]"), badShape.toString());
  }

  @Test
  void noAccountForTheModeIsCodeThree() {
    account("relax-only", 3, 10, EnumSet.of(Mode.RELAX), false, null);
    Admission refused = pool().admit(task(Mode.TURBO), null);
    assertEquals(3, assertInstanceOf(Admission.Refused.class, refused).code());
    assertTrue(((Admission.Refused) refused).description().contains("TURBO"), refused.toString());
  }

  @Test
  void busyAccountQueuesWithTheNumberAheadThenRefusesWhenFull() {
    account("111", 2, 2);
    DynamoAccountPool pool = pool();
    assertInstanceOf(Admission.Accepted.class, pool.admit(task(Mode.FAST), null));
    assertInstanceOf(Admission.Accepted.class, pool.admit(task(Mode.FAST), null));
    Admission third = pool.admit(task(Mode.FAST), null);
    assertEquals(0, assertInstanceOf(Admission.Queued.class, third).numberOfQueues());
    assertEquals("111", ((Admission.Queued) third).properties().get("discordInstanceId"));
    assertEquals(1, ((Admission.Queued) pool.admit(task(Mode.FAST), null)).numberOfQueues());
    Admission full = pool.admit(task(Mode.FAST), null);
    assertInstanceOf(Admission.QueueFull.class, full);
    assertTrue(((Admission.QueueFull) full).description().contains("full"), full.toString());
    assertEquals(Map.of("discordInstanceId", "111"), ((Admission.QueueFull) full).properties(), "23 names the account, as the peers'");
  }

  @Test
  void tasksStartFirstComeFirstServedAndReleaseFreesTheSlot() {
    account("111", 1, 5);
    DynamoAccountPool pool = pool();
    Task a = task(Mode.FAST);
    Task b = task(Mode.FAST);
    Task c = task(Mode.FAST);
    a = admitted(a, pool.admit(a, null));
    tick(Duration.ofMillis(5));
    b = admitted(b, pool.admit(b, null));
    tick(Duration.ofMillis(5));
    c = admitted(c, pool.admit(c, null));
    Task fa = a;
    Task fb = b;
    Task fc = c;
    // c asks before b: not its turn, even after a is done.
    assertThrows(EngineBusyException.class, () -> pool.acquire(fc));
    DiscordAccount running = pool.acquire(a);
    assertEquals("111", running.id());
    assertEquals(running, pool.acquire(a), "acquiring twice is fine");
    assertTrue(running.token().startsWith("MTA4"), "the token is opened for the engine");
    assertThrows(EngineBusyException.class, () -> pool.acquire(fb));
    pool.release(a);
    pool.release(a); // idempotent
    EngineBusyException notYet = assertThrows(EngineBusyException.class, () -> pool.acquire(fc));
    assertTrue(notYet.getMessage().contains("111"), notYet.getMessage());
    assertEquals("111", pool.acquire(fb).id());
    pool.release(fb);
    assertEquals("111", pool.acquire(fc).id());
    assertEquals(List.of(fc.id() + ":running"), pool.placesOf("111"));
  }

  @Test
  void twoContainersShareTheLine() {
    account("111", 1, 1);
    DynamoAccountPool one = pool();
    DynamoAccountPool two = pool(); // another Lambda container: nothing shared but the table
    Task a = task(Mode.FAST);
    a = admitted(a, one.admit(a, null));
    Task b = task(Mode.FAST);
    Admission queued = two.admit(b, null);
    assertEquals(0, assertInstanceOf(Admission.Queued.class, queued).numberOfQueues());
    b = admitted(b, queued);
    assertInstanceOf(Admission.QueueFull.class, one.admit(task(Mode.FAST), null));
    assertEquals("111", two.acquire(a).id());
    Task fb = b;
    assertThrows(EngineBusyException.class, () -> one.acquire(fb));
    two.release(a);
    assertEquals("111", one.acquire(b).id());
  }

  @Test
  void concurrentAdmissionsNeverOverfillAnAccount() throws Exception {
    account("111", 2, 3);
    List<DynamoAccountPool> containers = List.of(pool(), pool(), pool(), pool());
    List<Admission> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      DynamoAccountPool pool = containers.get(i % containers.size());
      Task t = task(Mode.FAST);
      Thread thread = new Thread(() -> answers.add(pool.admit(t, null)));
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    // Exactly the capacity is taken, and every other answer is a real "full" (23): a write clash between
    // the containers is retried, never answered as a full queue, and must not leave a place unused here.
    assertEquals(5, answers.stream().filter(a -> a instanceof Admission.Accepted || a instanceof Admission.Queued).count(),
        answers.toString());
    assertEquals(7, answers.stream().filter(a -> a instanceof Admission.QueueFull f && f.description().contains("is full")).count(),
        answers.toString());
    assertEquals(5, pool().placesOf("111").size());
    assertEquals(2, answers.stream().filter(a -> a instanceof Admission.Accepted).count(), answers.toString());
  }

  @Test
  void aWriteClashThatPersistsIsNotAnsweredAsAFullQueue() {
    account("111", 2, 3);
    java.util.concurrent.atomic.AtomicInteger clashes = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
    software.amazon.awssdk.services.dynamodb.DynamoDbClient racing = clientThat((operation, request) -> {
      if (operation.equals("UpdateItem") && clashes.getAndDecrement() > 0) {
        otherContainerWrites("111"); // another container's write lands between our read and our write
      }
    }, null);
    DynamoAccountPool pool = new DynamoAccountPool(racing, table, accounts, tasks, cipher, mode -> RUNNING, WAITING, clock);
    Admission contended = pool.admit(task(Mode.FAST), null);
    Admission.Refused refused = assertInstanceOf(Admission.Refused.class, contended, "not 23: the queue is empty");
    assertEquals(9, refused.code());
    assertTrue(refused.description().contains("try again"), refused.description());
    assertEquals(List.of(), pool().placesOf("111"));

    clashes.set(3); // a few clashes are retried and the task is taken
    assertInstanceOf(Admission.Accepted.class, pool.admit(task(Mode.FAST), null));
    racing.close();
  }

  @Test
  void anAccountDeletedBetweenTheScanAndThePlaceHandsTheTaskToTheNext() {
    account("111", 2, 3);
    account("222", 2, 3);
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    software.amazon.awssdk.services.dynamodb.DynamoDbClient racing = clientThat(null, operation -> {
      if (operation.equals("Scan") && once.compareAndSet(false, true)) {
        accounts.delete("111"); // the first choice (least busy, then by id) vanishes after the scan
      }
    });
    DynamoAccountPool pool = new DynamoAccountPool(racing, table, accounts, tasks, cipher, mode -> RUNNING, WAITING, clock);
    assertEquals("222", accountOf(pool.admit(task(Mode.FAST), null)));

    account("333", 2, 3);
    once.set(false);
    racing.close();
    software.amazon.awssdk.services.dynamodb.DynamoDbClient disabling = clientThat(null, operation -> {
      if (operation.equals("Scan") && once.compareAndSet(false, true)) {
        accounts.disable("333", "Discord asks for a CAPTCHA", clock.millis()); // least busy now, disabled after the scan
      }
    });
    DynamoAccountPool second = new DynamoAccountPool(disabling, table, accounts, tasks, cipher, mode -> RUNNING, WAITING, clock);
    assertEquals("222", accountOf(second.admit(task(Mode.FAST), null)), "a task is never placed where it cannot start");
    assertEquals(List.of(), pool().placesOf("333"));
    disabling.close();
  }

  private void otherContainerWrites(String accountId) {
    aws.dynamo().updateItem(b -> b.tableName(table).key(io.mjserverless.core.engine.discord.account.AccountItems.key(accountId))
        .updateExpression("SET #v = if_not_exists(#v, :zero) + :one")
        .expressionAttributeNames(Map.of("#v", io.mjserverless.core.engine.discord.account.AccountItems.PLACES_VERSION))
        .expressionAttributeValues(Map.of(":zero", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("0"),
            ":one", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1"))));
  }

  /** A client on DynamoDB Local that runs {@code before} each request and {@code after} each answer (by operation name). */
  private software.amazon.awssdk.services.dynamodb.DynamoDbClient clientThat(
      java.util.function.BiConsumer<String, software.amazon.awssdk.core.SdkRequest> before, java.util.function.Consumer<String> after) {
    return software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .endpointOverride(aws.endpointDynamo()).region(aws.region()).credentialsProvider(aws.credentials())
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (before != null) {
              before.accept(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME),
                  context.request());
            }
          }

          @Override
          public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (after != null) {
              after.accept(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
            }
          }
        })).build();
  }

  @Test
  void aTaskThatNeverStartsFreesItsPlaceOnItsOwn() {
    account("111", 1, 0);
    DynamoAccountPool pool = pool();
    Task lost = task(Mode.FAST);
    admitted(lost, pool.admit(lost, null));
    assertInstanceOf(Admission.QueueFull.class, pool.admit(task(Mode.FAST), null));
    tick(WAITING.plusSeconds(1));
    assertInstanceOf(Admission.Accepted.class, pool.admit(task(Mode.FAST), null));
  }

  @Test
  void aRunningTaskThatVanishesFreesItsSlotAfterItsLease() {
    account("111", 1, 1);
    DynamoAccountPool pool = pool();
    Task gone = task(Mode.FAST);
    gone = admitted(gone, pool.admit(gone, null));
    pool.acquire(gone);
    Task next = task(Mode.FAST);
    next = admitted(next, pool.admit(next, null));
    Task fnext = next;
    for (int i = 0; i < 5; i++) { // the waiting task asks now and then; the running lease runs out
      tick(Duration.ofMinutes(2));
      assertThrows(EngineBusyException.class, () -> pool.acquire(fnext));
    }
    tick(RUNNING);
    assertEquals("111", pool.acquire(next).id());
  }

  @Test
  void forgetFreesThePlaceAtOnce() {
    account("111", 1, 0);
    DynamoAccountPool pool = pool();
    Task t = task(Mode.FAST);
    Task stored = admitted(t, pool.admit(t, null));
    pool.forget(stored);
    assertInstanceOf(Admission.Accepted.class, pool.admit(task(Mode.FAST), null));
  }

  @Test
  void followUpsRunOnTheParentsAccountOrAreRefusedWithCodeThree() {
    account("111", 3, 10);
    account("222", 3, 10);
    DynamoAccountPool pool = pool();
    Task parent = task(Mode.FAST).toBuilder().status(TaskStatus.SUCCESS).properties(Map.of("discordInstanceId", "222")).build();
    tasks.create(parent);
    for (int i = 0; i < 3; i++) {
      Task child = task(Mode.FAST).toBuilder().action(TaskAction.UPSCALE).parentId(parent.id()).build();
      // even with a filter naming the other account: the job lives on the parent's
      assertEquals("222", accountOf(pool.admit(child, filter("{\"instanceId\":\"111\"}"))));
    }
    accounts.disable("222", "Discord refused the token (401)", clock.millis());
    Task child = task(Mode.FAST).toBuilder().parentId(parent.id()).build();
    Admission disabled = pool.admit(child, null);
    assertEquals(3, assertInstanceOf(Admission.Refused.class, disabled).code());
    assertEquals("the account that ran the parent task is disabled: 222 (Discord refused the token (401))",
        ((Admission.Refused) disabled).description());
    accounts.delete("222");
    Admission gone = pool.admit(child, null);
    assertEquals(new Admission.Refused(3, "the account that ran the parent task is gone: 222"), gone);
  }

  @Test
  void disableAndPauseAreHonoured() {
    account("111", 1, 5);
    account("222", 1, 5);
    DynamoAccountPool pool = pool();
    pool.pauseUntil("111", clock.millis() + 30_000);
    pool.pauseUntil("111", clock.millis() + 1_000); // a shorter pause never cuts a longer one
    assertEquals(30_000L, accounts.get("111").orElseThrow().pausedUntil() - clock.millis());
    Task t = task(Mode.FAST);
    Admission a = pool.admit(t, null);
    assertEquals("222", accountOf(a), "a paused account is passed over while another has room");
    Task onPaused = task(Mode.FAST);
    onPaused = admitted(onPaused, pool.admit(onPaused, filter("{\"instanceId\":\"111\"}")));
    Task fp = onPaused;
    EngineBusyException paused = assertThrows(EngineBusyException.class, () -> pool.acquire(fp));
    assertEquals(30, paused.retryAfterSeconds());
    assertInstanceOf(io.mjserverless.core.engine.TurnWaitException.class, paused, "a pause's end is known: no backoff on top");
    tick(Duration.ofSeconds(31));
    assertEquals("111", pool.acquire(onPaused).id());

    Task running = admitted(t, a);
    pool.acquire(running);
    Task waiting = task(Mode.FAST);
    waiting = admitted(waiting, pool.admit(waiting, filter("{\"instanceId\":\"222\"}")));
    pool.disable("222", "Discord asks for a CAPTCHA");
    assertEquals("222", pool.accountOf(running).id(), "a disabled account still finishes the job it runs");
    Task fw = waiting;
    JobRejectedException rejected = assertThrows(JobRejectedException.class, () -> pool.acquire(fw), "nothing new starts there");
    assertTrue(rejected.getMessage().contains("disabled: 222 (Discord asks for a CAPTCHA)"), rejected.getMessage());
    // a disabled account takes no new task; the filter naming it matches nothing usable
    assertEquals(4, ((Admission.Refused) pool.admit(task(Mode.FAST), filter("{\"instanceId\":\"222\"}"))).code());
  }

  @Test
  void anAbsurdPauseIsCutToTheLongestPause() {
    account("111", 1, 5);
    DynamoAccountPool pool = pool();
    pool.pauseUntil("111", clock.millis() - 1_000); // already over: nothing to store
    assertEquals(null, accounts.get("111").orElseThrow().pausedUntil());
    pool.pauseUntil("111", Long.MAX_VALUE); // a huge Retry-After
    assertEquals(DynamoAccountPool.MAX_PAUSE.toMillis(), accounts.get("111").orElseThrow().pausedUntil() - clock.millis());
    Task t = task(Mode.FAST);
    Task stored = admitted(t, pool.admit(t, null));
    EngineBusyException paused = assertThrows(EngineBusyException.class, () -> pool.acquire(stored));
    assertEquals(DynamoAccountPool.MAX_PAUSE.toSeconds(), paused.retryAfterSeconds());
  }

  @Test
  void waitingForATurnIsATurnWait() {
    account("111", 1, 5);
    DynamoAccountPool pool = pool();
    Task first = task(Mode.FAST);
    pool.acquire(admitted(first, pool.admit(first, null)));
    Task second = task(Mode.FAST);
    Task stored = admitted(second, pool.admit(second, null));
    EngineBusyException wait = assertThrows(EngineBusyException.class, () -> pool.acquire(stored));
    assertInstanceOf(io.mjserverless.core.engine.TurnWaitException.class, wait, "the workflow asks again at a fixed interval");
    assertEquals(DynamoAccountPool.TURN_RETRY_SECONDS, wait.retryAfterSeconds());
  }

  @Test
  void anAdminDisableDrainsTheAccountWithoutKillingItsRunningJobs() {
    account("111", 1, 5);
    account("222", 1, 5);
    DynamoAccountPool pool = pool();
    Task t = task(Mode.FAST);
    Task running = admitted(t, pool.admit(t, filter("{\"instanceId\":\"111\"}")));
    assertEquals("111", pool.acquire(running).id());
    accounts.update("111", new io.mjserverless.core.engine.discord.account.AccountEdit().disable("disabled by an admin"), clock.millis());
    tick(Duration.ofSeconds(30));
    assertEquals("111", pool.accountOf(running).id(), "its polls and its result still reach the account");
    assertEquals("111", pool.accountOf(running).id());
    Task next = task(Mode.FAST);
    assertEquals("222", accountOf(pool.admit(next, null)), "a new task goes elsewhere");
    accounts.delete("111");
    JobRejectedException gone = assertThrows(JobRejectedException.class, () -> pool.accountOf(running));
    assertTrue(gone.getMessage().contains("gone: 111"), gone.getMessage());
  }

  @Test
  void aTaskOfADeletedAccountIsRejectedNotStuck() {
    account("111", 1, 5);
    DynamoAccountPool pool = pool();
    Task t = task(Mode.FAST);
    Task stored = admitted(t, pool.admit(t, null));
    accounts.delete("111");
    JobRejectedException gone = assertThrows(JobRejectedException.class, () -> pool.acquire(stored));
    assertTrue(gone.getMessage().contains("gone: 111"), gone.getMessage());
    pool.release(stored); // nothing to release, and no failure
  }

  @Test
  void aTaskThatSkippedAdmissionGetsItsPlaceAtDispatch() {
    account("111", 1, 1, EnumSet.of(Mode.FAST), false, null);
    DynamoAccountPool pool = pool();
    Task uploaded = task(Mode.FAST); // a direct upload's task: created before any image arrived, never admitted
    Task other = task(Mode.FAST);
    assertEquals("111", pool.acquire(uploaded).id());
    assertEquals("111", pool.acquire(uploaded).id(), "the same place is found again");
    assertThrows(EngineBusyException.class, () -> pool.acquire(other));
    assertThrows(EngineBusyException.class, () -> pool.acquire(other));
    assertEquals(List.of(uploaded.id() + ":running", other.id() + ":waiting"), pool.placesOf("111"), "one place each");
    EngineBusyException full = assertThrows(EngineBusyException.class, () -> pool.acquire(task(Mode.FAST)));
    assertTrue(full.getMessage().contains("full"), full.getMessage());
    assertEquals("111", pool.accountOf(uploaded).id());
    pool.release(uploaded);
    assertEquals("111", pool.acquire(other).id());
    JobRejectedException noAccount = assertThrows(JobRejectedException.class, () -> pool.acquire(task(Mode.TURBO)),
        "a task no account can ever take fails instead of waiting for ever");
    assertTrue(noAccount.getMessage().contains("no enabled Discord account"), noAccount.getMessage());
  }

  @Test
  void anAdminEditKeepsThePlaces() {
    account("111", 1, 5);
    DynamoAccountPool pool = pool();
    Task t = task(Mode.FAST);
    Task stored = admitted(t, pool.admit(t, null));
    accounts.update("111", new io.mjserverless.core.engine.discord.account.AccountEdit()
        .number(io.mjserverless.core.engine.discord.account.AccountEdit.Setting.CORE_SIZE, 2)
        .text(io.mjserverless.core.engine.discord.account.AccountEdit.Setting.REMARK, "edited"), clock.millis());
    assertEquals(List.of(stored.id() + ":waiting"), pool.placesOf("111"));
  }

  @Test
  void eachStepCostsAFewRequests() {
    account("111", 1, 5);
    account("222", 1, 5);
    Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    software.amazon.awssdk.services.dynamodb.DynamoDbClient counting = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
        .endpointOverride(aws.endpointDynamo()).region(aws.region()).credentialsProvider(aws.credentials())
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            calls.merge(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME), 1,
                Integer::sum);
          }
        })).build();
    DynamoAccountPool pool = new DynamoAccountPool(counting, table, new DynamoAccountStore(counting, table), tasks, cipher,
        mode -> RUNNING, WAITING, clock);
    Task t = task(Mode.FAST);
    Task stored = admitted(t, pool.admit(t, null));
    assertEquals(Map.of("Scan", 1, "GetItem", 1, "UpdateItem", 1), Map.copyOf(calls), "admit");
    calls.clear();
    pool.acquire(stored);
    assertEquals(Map.of("GetItem", 1, "UpdateItem", 1), Map.copyOf(calls), "acquire");
    calls.clear();
    pool.accountOf(stored);
    assertEquals(Map.of("GetItem", 1), Map.copyOf(calls), "accountOf");
    calls.clear();
    pool.release(stored);
    assertEquals(Map.of("UpdateItem", 1), Map.copyOf(calls), "release");
    counting.close();
  }

  private static JsonNode filter(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
