package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.FakeDiscord.Answer;
import io.mjserverless.core.testing.FakeDiscord.Behaviour;
import io.mjserverless.core.testing.FakeDiscord;
import io.mjserverless.core.testing.InMemoryAccountPool;
import io.mjserverless.core.testing.InMemoryIdempotencyStore;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine against the fake Discord on loopback, with the in-memory pool and a clock the test moves. */
class DiscordEngineTest {
  static final String TOKEN = "user-token-secret-1";
  static final String USER = "590422081204912129";
  static final String CHANNEL = "1100000000000000001";

  final AtomicLong now = new AtomicLong(1_760_000_000_000L);
  final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
  };
  final FakeDiscord discord = FakeDiscord.start().clock(now::get).account(TOKEN, USER, CHANNEL).jobMillis(20_000);
  final DiscordAccount account = new DiscordAccount("acct-1", "1000000000000000001", CHANNEL, null, "TestAgent/1.0", TOKEN);
  final MemoryTasks tasks = new MemoryTasks();
  final InMemoryAccountPool pool = new InMemoryAccountPool(now::get).add(account, 3).parents(tasks::get);
  final DiscordSettings settings = new DiscordSettings(URI.create(discord.apiUrl()), Duration.ofSeconds(3), Duration.ofSeconds(3), 5,
      Duration.ofSeconds(120), Duration.ofMillis(0));
  final RemoteImages remote = new RemoteImages(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK);
  final InMemoryIdempotencyStore claims = new InMemoryIdempotencyStore();
  final DiscordEngine engine = container(pool, settings);

  /** An engine as one Lambda container has it: its own sessions (pacing memory, snapshots) on a shared pool. */
  DiscordEngine container(AccountPool accounts, DiscordSettings with) {
    return DiscordEngines.create(with, OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, accounts, NO_BUCKET, remote, tasks, claims, clock);
  }

  /** No bucket: every input of these tests is a link, which no bucket owns. */
  static final ImageStore NO_BUCKET = (ImageStore) Proxy.newProxyInstance(ImageStore.class.getClassLoader(),
      new Class<?>[] {ImageStore.class}, (proxy, method, args) -> {
        if (method.getName().equals("keyOf")) {
          return Optional.empty();
        }
        throw new UnsupportedOperationException(method.getName());
      });

  @AfterEach
  void stop() {
    discord.close();
  }

  Task imagine(String id, String prompt) {
    Task t = Task.builder().id(id).tenant("t").action(TaskAction.IMAGINE).mode(Mode.FAST).prompt(prompt).promptEn(prompt)
        .submitTime(now.get()).build();
    tasks.create(t);
    return t;
  }

  /** A describe of a picture the fake serves (a link input: no bucket needed). */
  Task describe(String id) {
    String picture = discord.apiUrl().replace("/api/v9", "") + "/attachments/uploads/in/" + id + ".png";
    Task t = Task.builder().id(id).tenant("tenant-" + id).action(TaskAction.DESCRIBE).mode(Mode.FAST).inputs(List.of(picture))
        .submitTime(now.get()).build();
    tasks.create(t);
    return t;
  }

  /** The task as the workflow keeps it after Dispatch. */
  Task dispatched(Task t, Submission s) {
    Task stored = tasks.get(t.id()).orElseThrow();
    Map<String, Object> props = new HashMap<>(stored.properties());
    props.putAll(s.properties());
    Task next = stored.toBuilder().status(TaskStatus.SUBMITTED).jobId(s.jobId()).startTime(now.get()).properties(props).build();
    return tasks.update(stored, next);
  }

  JobStatus poll(Task t) {
    return engine.poll(tasks.get(t.id()).orElseThrow());
  }

  void advance(long millis) {
    now.addAndGet(millis);
  }

  @Test
  void anImagineRunsFromInteractionToGridWithTheBotsButtonsAndNoMarkerForClients() throws Exception {
    Task t = imagine("task-1", "a lighthouse at dawn --ar 1:1");
    Task running = dispatched(t, engine.submit(t));
    JsonNode sent = discord.interactions().get(0);
    assertEquals(2, sent.path("type").asInt());
    assertEquals("imagine", sent.path("data").path("name").asText());
    String prompt = sent.path("data").path("options").path(0).path("value").asText();
    assertTrue(prompt.matches("\\[\\d{10}\\] a lighthouse at dawn --ar 1:1 --fast"), prompt);
    FakeDiscord.Recorded post = discord.requests("POST", "/interactions").get(0);
    assertEquals(TOKEN, post.headers().get("authorization"), "the raw token, no Bot/Bearer prefix");
    assertEquals("TestAgent/1.0", post.headers().get("user-agent"));
    assertEquals("acct-1", running.property("discordInstanceId"));

    advance(1000);
    assertInstanceOf(JobStatus.Queued.class, poll(t), "waiting to start");
    advance(9000);
    JobStatus.Running progress = assertInstanceOf(JobStatus.Running.class, poll(t));
    assertTrue(progress.progress() > 0 && progress.progress() < 100);
    assertTrue(progress.preview().isPresent(), "the preview is copied");
    assertTrue(tasks.get(t.id()).orElseThrow().property(DiscordEngine.PROGRESS_MESSAGE_PROPERTY) != null, "learned");
    advance(11_000);
    assertInstanceOf(JobStatus.Succeeded.class, poll(t));
    JobResult result = engine.result(tasks.get(t.id()).orElseThrow());
    assertEquals(JobResult.Kind.GRID, result.kind());
    try (InputStream in = result.image().orElseThrow().open()) {
      BufferedImage grid = ImageOps.decode(in);
      assertEquals(128, grid.getWidth());
    }
    assertEquals(9, result.buttons().orElseThrow().size());
    String hash = result.properties().get("messageHash");
    assertTrue(result.buttons().orElseThrow().get(0).customId().endsWith(hash));
    assertEquals("a lighthouse at dawn --ar 1:1 --v 7", result.properties().get("finalPrompt"));
    assertFalse(result.properties().get("messageId").isBlank());
    assertTrue(pool.released().contains(t.id()));
  }

  @Test
  void aDeadTokenDisablesTheAccountAndFailsTheTaskPlainly() {
    discord.script("interactions", Answer.unauthorized());
    Task t = imagine("task-401", "a fox");
    JobRejectedException e = assertThrows(JobRejectedException.class, () -> engine.submit(t));
    assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertTrue(pool.disabledReason("acct-1").orElseThrow().contains("401"));
    assertTrue(pool.released().contains(t.id()));
  }

  @Test
  void aRateLimitPausesTheAccountForRetryAfterAndTheTaskWaits() {
    discord.script("interactions", Answer.rateLimited(7.5));
    Task t = imagine("task-429", "a fox");
    EngineBusyException e = assertThrows(EngineBusyException.class, () -> engine.submit(t));
    assertEquals(8, e.retryAfterSeconds());
    assertEquals(now.get() + 7500, pool.pausedUntil("acct-1").orElseThrow());
    assertTrue(pool.disabledReason("acct-1").isEmpty());
  }

  @Test
  void aCaptchaDisablesTheAccountSayingWhatToDo() {
    discord.script("interactions", Answer.captcha());
    Task t = imagine("task-captcha", "a fox");
    assertThrows(JobRejectedException.class, () -> engine.submit(t));
    assertEquals("Discord asks for a CAPTCHA; solve it in the Discord client, then enable the account",
        pool.disabledReason("acct-1").orElseThrow());
  }

  @Test
  void aStaleCommandVersionIsRefreshedFromTheIndexOnceAndSentAgain() {
    discord.outdateCommands();
    Task t = imagine("task-stale", "a fox");
    dispatched(t, engine.submit(t));
    assertEquals(2, discord.requests("POST", "/interactions").size());
    assertEquals(1, discord.requests("GET", "/application-command-index").size());
    assertEquals(1, discord.jobCount());
  }

  @Test
  void submitsOfOneAccountArePaced() {
    Task a = imagine("task-a", "a fox");
    dispatched(a, engine.submit(a));
    Task b = imagine("task-b", "a wolf");
    assertThrows(EngineBusyException.class, () -> engine.submit(b));
    advance(3000);
    dispatched(b, engine.submit(b));
    assertEquals(2, discord.jobCount());
  }

  @Test
  void anAccountWhoseTokenDiesMidJobEndsItsTaskWithAReasonAndIsDisabled() {
    Task t = imagine("task-dies", "a fox");
    dispatched(t, engine.submit(t));
    advance(8000);
    assertInstanceOf(JobStatus.Running.class, poll(t));
    discord.revoke(TOKEN);
    advance(5000);
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, poll(t));
    assertTrue(failed.reason().contains("acct-1") && failed.reason().contains("401"), failed.reason());
    assertTrue(pool.disabledReason("acct-1").isPresent());
    assertTrue(pool.released().contains(t.id()));
  }

  @Test
  void aBannedPromptEndsTheTaskWithTheBotsWords() {
    discord.behave(USER, Behaviour.BANNED);
    Task t = imagine("task-banned", "a forbidden fox");
    dispatched(t, engine.submit(t));
    advance(2000);
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, poll(t));
    assertTrue(failed.reason().startsWith("Midjourney refused the job: Banned prompt detected"), failed.reason());
    assertTrue(pool.disabledReason("acct-1").isEmpty(), "a banned prompt is the job's fault, not the account's");
  }

  @Test
  void anAccountLevelErrorAlsoDisablesTheAccount() {
    discord.behave(USER, Behaviour.CREDITS_EXHAUSTED);
    Task t = imagine("task-credits", "a fox");
    dispatched(t, engine.submit(t));
    advance(2000);
    assertInstanceOf(JobStatus.Failed.class, poll(t));
    assertTrue(pool.disabledReason("acct-1").orElseThrow().contains("Credits exhausted"));
  }

  @Test
  void silenceEndsTheTaskAfterTheStartTimeoutNamingTheLikelyCauses() {
    discord.behave(USER, Behaviour.SILENT);
    Task t = imagine("task-silent", "a fox");
    dispatched(t, engine.submit(t));
    advance(60_000);
    assertInstanceOf(JobStatus.Queued.class, poll(t));
    advance(61_000);
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, poll(t));
    assertTrue(failed.reason().contains("showed nothing") && failed.reason().contains("acct-1"), failed.reason());
  }

  @Test
  void aJobWhoseMessageIsDeletedMidwayFailsSayingSo() {
    discord.behave(USER, Behaviour.VANISH);
    Task t = imagine("task-vanish", "a fox");
    dispatched(t, engine.submit(t));
    advance(5000);
    assertInstanceOf(JobStatus.Running.class, poll(t));
    advance(10_000);
    JobStatus.Failed failed = assertInstanceOf(JobStatus.Failed.class, poll(t));
    assertTrue(failed.reason().contains("deleted"), failed.reason());
  }

  @Test
  void modalButtonsAndRemixAreRefusedAtSubmitWithCode4() {
    Task zoom = Task.builder().id("z").tenant("t").action(TaskAction.ZOOM).parentId("p").customId("MJ::CustomZoom::abc").build();
    Admission a = engine.admit(zoom, null);
    Admission.Refused refused = assertInstanceOf(Admission.Refused.class, a);
    assertEquals(4, refused.code());
    assertTrue(refused.description().contains("Custom Zoom") && refused.description().contains("gateway"));
    Task region = Task.builder().id("r").tenant("t").action(TaskAction.VARIATION).parentId("p").customId("MJ::Inpaint::1::abc::SOLO").build();
    assertInstanceOf(Admission.Refused.class, engine.admit(region, null));
    JsonNode remix = Json.MAPPER.createObjectNode().put("remix", true);
    assertEquals(4, ((Admission.Refused) engine.admit(imagine("i", "a fox"), remix)).code());
    assertInstanceOf(Admission.Accepted.class, engine.admit(imagine("j", "a fox"), null));
  }

  @Test
  void cancelReactsToTheRunningJobAndGivesThePlaceBack() {
    Task t = imagine("task-cancel", "a fox");
    dispatched(t, engine.submit(t));
    advance(8000);
    poll(t);
    engine.cancel(tasks.get(t.id()).orElseThrow());
    assertEquals(1, discord.requests("PUT", "/reactions/").size());
    assertTrue(pool.released().contains(t.id()));
    advance(1000);
    assertTrue(discord.messages(CHANNEL).isEmpty(), "Midjourney stopped the job");
  }

  @Test
  void twoContainersOnOnePoolPaceTheAccountAndEachDescribeGetsItsOwnAnswer() {
    DiscordEngine other = container(pool, settings);
    Task a = describe("task-a");
    Task b = describe("task-b");
    Submission first = engine.submit(a);
    // The same millisecond in another container: the account's last submit is in the pool, not in memory.
    EngineBusyException paced = assertThrows(EngineBusyException.class, () -> other.submit(b));
    assertEquals(3, paced.retryAfterSeconds());
    dispatched(a, first);
    advance(3000);
    dispatched(b, other.submit(b));
    advance(4000);
    assertInstanceOf(JobStatus.Succeeded.class, engine.poll(tasks.get(a.id()).orElseThrow()));
    assertInstanceOf(JobStatus.Succeeded.class, other.poll(tasks.get(b.id()).orElseThrow()));
    List<String> taken = discord.interactionIds();
    assertEquals(2, taken.size());
    assertEquals(taken.get(0), tasks.get(a.id()).orElseThrow().property(DiscordEngine.INTERACTION_PROPERTY));
    assertEquals(taken.get(1), tasks.get(b.id()).orElseThrow().property(DiscordEngine.INTERACTION_PROPERTY));
    assertFalse(engine.result(tasks.get(a.id()).orElseThrow()).text().orElseThrow().isBlank());
  }

  @Test
  void evenWithoutPacingTwoTasksNeverTakeTheSameInteraction() {
    // Two submits in one millisecond (as two account records of one Discord user would make): both answers
    // fit both windows; the claim gives each interaction to one task only.
    AccountPool unpaced = new UnpacedPool(pool);
    DiscordEngine one = container(unpaced, settings);
    DiscordEngine two = container(unpaced, settings);
    Task a = describe("task-a");
    Task b = describe("task-b");
    dispatched(a, one.submit(a));
    dispatched(b, two.submit(b));
    advance(4000);
    assertInstanceOf(JobStatus.Succeeded.class, one.poll(tasks.get(a.id()).orElseThrow()));
    assertInstanceOf(JobStatus.Succeeded.class, two.poll(tasks.get(b.id()).orElseThrow()));
    String ofA = tasks.get(a.id()).orElseThrow().property(DiscordEngine.INTERACTION_PROPERTY);
    String ofB = tasks.get(b.id()).orElseThrow().property(DiscordEngine.INTERACTION_PROPERTY);
    assertTrue(ofA != null && ofB != null);
    assertNotEquals(ofA, ofB, "one interaction, one task");
    assertEquals(Set.copyOf(discord.interactionIds()), Set.of(ofA, ofB));
  }

  @Test
  void aSlowInteractionsEndpointStillMatchesItsDescribe() {
    // Discord takes the interaction 100 ms into the POST and answers after 1.9 s.
    discord.slowInteractions(100, 1900, now::addAndGet);
    Task t = describe("task-slow");
    dispatched(t, engine.submit(t));
    advance(4000);
    assertInstanceOf(JobStatus.Succeeded.class, poll(t));
    assertEquals(discord.interactionIds().get(0), tasks.get(t.id()).orElseThrow().property(DiscordEngine.INTERACTION_PROPERTY));
  }

  @Test
  void anInteractionWhoseAnswerIsLateIsTakenAsSentAndNeverSentTwice() {
    // A 1 s gap leaves the POST 0.5 s for its answer; the fake takes the job but answers after 1.5 s.
    DiscordEngine quick = container(pool, new DiscordSettings(URI.create(discord.apiUrl()), Duration.ofSeconds(3),
        Duration.ofSeconds(1), 5, Duration.ofSeconds(120), Duration.ofMillis(0)));
    discord.delayInteractionAnswers(1500);
    Task t = imagine("task-late", "a fox");
    Submission s = quick.submit(t);
    dispatched(t, s);
    discord.delayInteractionAnswers(0);
    assertEquals(1, discord.requests("POST", "/interactions").size());
    assertEquals(1, discord.jobCount());
    advance(21_000);
    assertInstanceOf(JobStatus.Succeeded.class, quick.poll(tasks.get(t.id()).orElseThrow()));
    assertEquals(1, discord.jobCount(), "Midjourney ran it once");
  }

  @Test
  void theSeedIsKnownOnlyWhenThePromptGaveIt() {
    Task seeded = imagine("s1", "a fox --seed 42");
    assertEquals(Optional.of("42"), engine.imageSeed(seeded));
    JobRejectedException e = assertThrows(JobRejectedException.class, () -> engine.imageSeed(imagine("s2", "a fox")));
    assertTrue(e.getMessage().contains("--seed"));
  }

  /** A pool whose pacing never holds anyone back (a broken pacing): only the claims keep answers apart. */
  static final class UnpacedPool implements AccountPool {
    private final AccountPool pool;

    UnpacedPool(AccountPool pool) {
      this.pool = pool;
    }

    @Override public Admission admit(Task task, JsonNode accountFilter) { return pool.admit(task, accountFilter); }
    @Override public void forget(Task task) { pool.forget(task); }
    @Override public DiscordAccount acquire(Task task) { return pool.acquire(task); }
    @Override public DiscordAccount accountOf(Task task) { return pool.accountOf(task); }
    @Override public void release(Task task) { pool.release(task); }
    @Override public void disable(String accountId, String reason) { pool.disable(accountId, reason); }
    @Override public void pauseUntil(String accountId, long epochMillis) { pool.pauseUntil(accountId, epochMillis); }
    @Override public long reserveSubmit(String accountId, long gapMillis) { return 0; }
  }

  /** Tasks in memory with the store's version rule. */
  static final class MemoryTasks implements TaskStore {
    private final Map<String, Task> byId = new HashMap<>();

    @Override public synchronized void create(Task task) { byId.put(task.id(), task); }
    @Override public synchronized Optional<Task> get(String id) { return Optional.ofNullable(byId.get(id)); }
    @Override public synchronized List<Task> getAll(Collection<String> ids) { return ids.stream().map(byId::get).filter(Objects::nonNull).toList(); }
    @Override public synchronized List<Task> listByTenant(String tenant, int limit) { return List.copyOf(byId.values()); }
    @Override public synchronized void delete(String id) { byId.remove(id); }

    @Override
    public synchronized Task update(Task current, Task next) {
      Task stored = byId.get(current.id());
      if (stored == null || stored.version() != current.version()) {
        throw new TaskConflictException("task " + current.id() + " changed");
      }
      Task written = next.toBuilder().version(current.version() + 1).build();
      byId.put(written.id(), written);
      return written;
    }
  }
}
