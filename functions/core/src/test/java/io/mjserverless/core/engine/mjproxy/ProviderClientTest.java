package io.mjserverless.core.engine.mjproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.ProviderSettings;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.testing.FakeMjProxy;
import io.mjserverless.core.testing.FakeMjProxy.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How answers of a provider are sorted into readable, busy (try again) and rejected (fail the task). */
class ProviderClientTest {
  private final FakeMjProxy fake = FakeMjProxy.start().secret("sk-good").jobMillis(1000);

  @AfterEach
  void stop() {
    fake.close();
  }

  private ProviderClient client(String key, ProviderSettings.Auth auth, boolean prefix, int timeoutSeconds) {
    return new ProviderClient(new ProviderSettings(Mode.RELAX, URI.create(fake.baseUrl() + "/"), Optional.ofNullable(key),
        Optional.empty(), auth, prefix, 3, Duration.ofSeconds(timeoutSeconds)), Optional.ofNullable(key));
  }

  private ProviderClient client() {
    return client("sk-good", ProviderSettings.Auth.MJ_API_SECRET, false, 5);
  }

  private static com.fasterxml.jackson.databind.JsonNode imagine(String prompt) {
    return Json.MAPPER.valueToTree(Map.of("prompt", prompt));
  }

  @Test
  void theKeyGoesInTheConfiguredHeaderAndTheModePrefixInThePath() {
    ProviderAnswer plain = client().submit("/mj/submit/imagine", imagine("a cat"));
    assertEquals(1, plain.code());
    ProviderAnswer bearer = client("sk-good", ProviderSettings.Auth.BEARER, true, 5).submit("/mj/submit/imagine", imagine("a dog"));
    assertEquals(1, bearer.code());
    var recorded = fake.requests("submit/imagine");
    assertEquals("sk-good", recorded.get(0).headers().get("mj-api-secret"));
    assertEquals("", recorded.get(0).prefix());
    assertEquals("Bearer sk-good", recorded.get(1).headers().get("authorization"));
    assertEquals("/mj-relax", recorded.get(1).prefix());
  }

  @Test
  void aRefusedKeyIsRejectedNamingTheSettings() {
    JobRejectedException e = assertThrows(JobRejectedException.class,
        () -> client("sk-wrong", ProviderSettings.Auth.MJ_API_SECRET, false, 5).submit("/mj/submit/imagine", imagine("a cat")));
    assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("RELAX_MJPROXY_KEY"), e.getMessage());
  }

  @Test
  void serverErrorsTimeoutsAndDroppedConnectionsAreBusy() {
    fake.script("submit/imagine", Answer.http(500, "Internal Server Error"), Answer.slow(Duration.ofSeconds(3)));
    EngineBusyException e500 = assertThrows(EngineBusyException.class, () -> client().submit("/mj/submit/imagine", imagine("a")));
    assertTrue(e500.getMessage().contains("HTTP 500"), e500.getMessage());
    EngineBusyException slow = assertThrows(EngineBusyException.class,
        () -> client("sk-good", ProviderSettings.Auth.MJ_API_SECRET, false, 1).submit("/mj/submit/imagine", imagine("a")));
    assertTrue(slow.getMessage().contains("within 1 s"), slow.getMessage());
    ProviderClient nowhere = new ProviderClient(new ProviderSettings(Mode.FAST, URI.create("http://127.0.0.1:1"), Optional.empty(),
        Optional.empty(), ProviderSettings.Auth.MJ_API_SECRET, false, 3, Duration.ofSeconds(2)), Optional.empty());
    assertThrows(EngineBusyException.class, () -> nowhere.submit("/mj/submit/imagine", imagine("a")));
  }

  @Test
  void anUnreadableSubmitAnswerIsRejectedQuotingIt() {
    fake.script("submit/imagine", Answer.malformed(), Answer.html());
    JobRejectedException truncated = assertThrows(JobRejectedException.class, () -> client().submit("/mj/submit/imagine", imagine("a")));
    assertTrue(truncated.getMessage().contains("'{\"code\":1,\"descr'"), truncated.getMessage());
    JobRejectedException html = assertThrows(JobRejectedException.class, () -> client().submit("/mj/submit/imagine", imagine("a")));
    assertTrue(html.getMessage().contains("<html>gateway</html>"), html.getMessage());
  }

  @Test
  void codesComeBackAsTheProviderSaidThem() {
    fake.script("submit/imagine", Answer.code(23), Answer.code(24), Answer.code(22));
    assertEquals(23, client().submit("/mj/submit/imagine", imagine("a")).code());
    ProviderAnswer banned = client().submit("/mj/submit/imagine", imagine("a"));
    assertEquals(24, banned.code());
    assertEquals(FakeMjProxy.BANNED_WORD, banned.properties().path("bannedWord").asText());
    ProviderAnswer queued = client().submit("/mj/submit/imagine", imagine("a"));
    assertEquals(22, queued.code());
    assertTrue(queued.resultId().isPresent());
  }

  @Test
  void fetchReadsTheTaskAndTreatsUnknownAsEmptyAndGarbageAsBusy() {
    String id = client().submit("/mj/submit/imagine", imagine("a fox")).resultId().orElseThrow();
    ProviderTask task = client().fetch(id).orElseThrow();
    assertEquals(id, task.id());
    assertTrue(task.status().equals("SUBMITTED") || task.status().equals("IN_PROGRESS"), task.status());
    assertTrue(client().fetch("999").isEmpty());
    fake.script("task/fetch", Answer.malformed());
    assertThrows(EngineBusyException.class, () -> client().fetch(id));
  }

  @Test
  void anExpiredImageLinkIsGoneWithTheProvidersWords() {
    long[] now = {1_000_000L};
    fake.clock(() -> now[0]);
    String id = client().submit("/mj/submit/imagine", imagine("a fox")).resultId().orElseThrow();
    now[0] += 2_000;
    ProviderTask done = client().fetch(id).orElseThrow();
    assertEquals("SUCCESS", done.status());
    assertTrue(done.buttons().size() >= 9, "grid buttons: " + done.buttons());
    ProviderClient.Download image = client().download(done.imageUrl(), 10_000_000);
    assertTrue(image.bytes().length > 100);
    fake.expireImages();
    ProviderClient.ImageGoneException gone = assertThrows(ProviderClient.ImageGoneException.class,
        () -> client().download(done.imageUrl(), 10_000_000));
    assertTrue(gone.getMessage().contains("403") && gone.getMessage().contains(FakeMjProxy.IMAGE_GONE), gone.getMessage());
  }

  @Test
  void aRedirectIsNeverFollowedWithTheKeyAndARefusedKeyWhilePollingIsBusy() {
    fake.script("submit/imagine", Answer.http(302, ""));
    JobRejectedException redirected = assertThrows(JobRejectedException.class,
        () -> client().submit("/mj/submit/imagine", imagine("a")));
    assertTrue(redirected.getMessage().contains("redirected") && redirected.getMessage().contains("RELAX_MJPROXY_URL"),
        redirected.getMessage());
    String id = client().submit("/mj/submit/imagine", imagine("a fox")).resultId().orElseThrow();
    fake.script("task/fetch", Answer.http(403, ""));
    EngineBusyException refused = assertThrows(EngineBusyException.class, () -> client().fetch(id));
    assertTrue(refused.getMessage().contains("refused our key"), refused.getMessage());
  }

  @Test
  void trueaiErrorsAreReadFromTheirMessageField() {
    fake.script("submit/imagine", Answer.http(200, "{\"success\":false,\"code\":-1,\"message\":\"队列数已达上限\"}"));
    ProviderAnswer answer = client().submit("/mj/submit/imagine", imagine("a"));
    assertEquals(-1, answer.code());
    assertEquals("队列数已达上限", answer.description());
  }

  @Test
  void aRotatedKeyIsReadAgainWhenTheProviderRefusesTheOldOneAtMostOnceAMinute() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now.get());
      }
    };
    java.util.concurrent.atomic.AtomicReference<String> stored = new java.util.concurrent.atomic.AtomicReference<>("sk-old");
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    ProviderKey key = new ProviderKey(() -> {
      reads.incrementAndGet();
      return Optional.of(stored.get());
    }, clock);
    ProviderClient client = new ProviderClient(new ProviderSettings(Mode.FAST, URI.create(fake.baseUrl()), Optional.empty(),
        Optional.of("/mj/fast-key"), ProviderSettings.Auth.MJ_API_SECRET, false, 3, Duration.ofSeconds(5)), key);
    stored.set("sk-good"); // rotated in SSM after this container read the old one
    assertThrows(JobRejectedException.class, () -> client.submit("/mj/submit/imagine", imagine("a")),
        "read less than a minute ago: not read again");
    assertEquals(1, reads.get());
    now.addAndGet(61_000);
    assertEquals(1, client.submit("/mj/submit/imagine", imagine("a")).code(), "read again, then accepted");
    assertEquals(2, reads.get());
    assertEquals(Optional.of("sk-good"), key.current());
  }

  @Test
  void everyPeersWayOfSayingUnknownTaskReadsAsNone() {
    String id = client().submit("/mj/submit/imagine", imagine("a fox")).resultId().orElseThrow();
    fake.script("task/fetch", Answer.http(204, ""), Answer.http(404, ""),
        Answer.http(400, "{\"description\":\"task_no_found \",\"type\":\"upstream_error\",\"code\":4}"),
        Answer.http(200, ""));
    for (int i = 0; i < 4; i++) {
      assertTrue(client().fetch(id).isEmpty(), "answer " + i);
    }
    assertTrue(client().fetch(id).isPresent(), "the script is used up: the task is there");
  }
}
