package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskConflictException;
import io.mjserverless.core.task.TaskStatus;
import io.mjserverless.core.task.TaskStore;
import io.mjserverless.core.testing.FakeDiscord;
import io.mjserverless.core.testing.FakeDiscord.Answer;
import io.mjserverless.core.testing.FakeDiscord.Behaviour;
import io.mjserverless.core.testing.InMemoryAccountPool;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
  };
  final FakeDiscord discord = FakeDiscord.start().clock(now::get).account(TOKEN, USER, CHANNEL).jobMillis(20_000);
  final DiscordAccount account = new DiscordAccount("acct-1", "1000000000000000001", CHANNEL, null, "TestAgent/1.0", TOKEN);
  final MemoryTasks tasks = new MemoryTasks();
  final InMemoryAccountPool pool = new InMemoryAccountPool(now::get).add(account, 3).parents(tasks::get);
  final DiscordSettings settings = new DiscordSettings(URI.create(discord.apiUrl()), Duration.ofSeconds(3), Duration.ofSeconds(3), 5,
      Duration.ofSeconds(120), Duration.ofMillis(0));
  final RemoteImages remote = new RemoteImages(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK);
  final DiscordEngine engine = DiscordEngines.create(settings, OutboundAddressPolicy.PUBLIC_AND_LOOPBACK, pool, null, remote,
      tasks, clock);

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
    JsonNode remix = io.mjserverless.core.json.Json.MAPPER.createObjectNode().put("remix", true);
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
  void theSeedIsKnownOnlyWhenThePromptGaveIt() {
    Task seeded = imagine("s1", "a fox --seed 42");
    assertEquals(Optional.of("42"), engine.imageSeed(seeded));
    JobRejectedException e = assertThrows(JobRejectedException.class, () -> engine.imageSeed(imagine("s2", "a fox")));
    assertTrue(e.getMessage().contains("--seed"));
  }

  /** Tasks in memory with the store's version rule. */
  static final class MemoryTasks implements TaskStore {
    private final Map<String, Task> byId = new HashMap<>();

    @Override public synchronized void create(Task task) { byId.put(task.id(), task); }
    @Override public synchronized Optional<Task> get(String id) { return Optional.ofNullable(byId.get(id)); }
    @Override public synchronized List<Task> getAll(Collection<String> ids) { return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(); }
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
