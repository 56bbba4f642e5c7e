package io.mjserverless.core.engine.discord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.engine.discord.DiscordCallException.Problem;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.notify.PinnedHttpClient;
import io.mjserverless.core.testing.FakeDiscord;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordClientTest {
  static final String TOKEN = "user-token-that-must-never-show";
  static final String CHANNEL = "1100000000000000001";
  final FakeDiscord discord = FakeDiscord.start().account(TOKEN, "42", CHANNEL);
  final DiscordSettings settings = new DiscordSettings(URI.create(discord.apiUrl()), Duration.ofSeconds(3), Duration.ofSeconds(3), 5,
      Duration.ofSeconds(60), Duration.ZERO);
  final DiscordAccount account = new DiscordAccount("a", null, CHANNEL, null, null, TOKEN);

  @AfterEach
  void stop() {
    discord.close();
  }

  DiscordClient client(OutboundAddressPolicy policy) {
    return new DiscordClient(settings, account, DiscordClient.httpClient(settings), new HookAddressGuard(policy),
        new PinnedHttpClient(Duration.ofSeconds(2)));
  }

  @Test
  void refusalsAreSortedByWhatTheyMeanForTheAccount() {
    assertEquals(Problem.UNAUTHORIZED, DiscordClient.sorted(401, Optional.empty(), "{\"message\":\"401: Unauthorized\"}", "x").problem());
    assertEquals(Problem.CAPTCHA, DiscordClient.sorted(400, Optional.empty(), "{\"captcha_key\":[\"x\"]}", "x").problem());
    DiscordCallException limited = DiscordClient.sorted(429, Optional.of("4"), "", "x");
    assertEquals(Problem.RATE_LIMITED, limited.problem());
    assertEquals(4000, limited.retryAfterMillis(), "the header when the body has no retry_after");
    assertEquals(Problem.STALE_COMMAND, DiscordClient.sorted(400, Optional.empty(),
        "{\"code\":50035,\"errors\":{\"data\":{\"_errors\":[{\"code\":\"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION\"}]}}}", "x").problem());
    // 50035 about anything else is a bad request, not a stale index: refreshing would not help.
    assertEquals(Problem.REFUSED, DiscordClient.sorted(400, Optional.empty(),
        "{\"code\":50035,\"errors\":{\"data\":{\"options\":{\"_errors\":[{\"code\":\"BASE_TYPE_REQUIRED\"}]}}}}", "x").problem());
    DiscordCallException missing = DiscordClient.sorted(403, Optional.empty(), "{\"message\":\"Missing Access\",\"code\":50001}", "GET /x");
    assertEquals(Problem.REFUSED, missing.problem());
    assertTrue(missing.getMessage().contains("Missing Access"), missing.getMessage());
    assertEquals(Problem.UNAVAILABLE, DiscordClient.sorted(502, Optional.empty(), "<html>", "x").problem());
  }

  @Test
  void aRetryAfterInTheBodyIsCutToADayLikeTheHeaderAndNeverOverflows() {
    DiscordCallException huge = DiscordClient.sorted(429, Optional.empty(), "{\"retry_after\": 1e30, \"global\": false}", "x");
    assertEquals(86_400_000L, huge.retryAfterMillis());
    assertTrue(huge.getMessage().contains("retry after 86400 s"), huge.getMessage());
    DiscordCallException headerHuge = DiscordClient.sorted(429, Optional.of("9999999999"), "", "x");
    assertEquals(86_400_000L, headerHuge.retryAfterMillis());
    DiscordCallException negative = DiscordClient.sorted(429, Optional.of("3"), "{\"retry_after\": -5}", "x");
    assertEquals(3000L, negative.retryAfterMillis(), "nonsense in the body: the header decides");
  }

  @Test
  void theRawTokenGoesOnlyIntoTheAuthorizationHeader() {
    DiscordClient client = client(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK);
    assertEquals("42", client.me().path("id").asText());
    FakeDiscord.Recorded me = discord.requests("GET", "/users/@me").get(0);
    assertEquals(TOKEN, me.headers().get("authorization"));
    assertTrue(me.headers().get("user-agent").startsWith("Mozilla/5.0"), "a browser's agent when the account names none");
    discord.revoke(TOKEN);
    DiscordCallException e = assertThrows(DiscordCallException.class, client::me);
    assertEquals(Problem.UNAUTHORIZED, e.problem());
    assertFalse(e.getMessage().contains(TOKEN));
  }

  @Test
  void anUploadGoesToTheUploadUrlWithoutTheTokenAndOnlyWhereThePolicyAllows() {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 1, 2, (byte) 0xff};
    String uploaded = client(OutboundAddressPolicy.PUBLIC_AND_LOOPBACK).upload(CHANNEL, "t.png", bytes, "image/png");
    assertTrue(uploaded.endsWith("/t.png"), uploaded);
    assertArrayEquals(bytes, discord.uploads().get(uploaded));
    FakeDiscord.Recorded put = discord.requests("PUT", "/upload/").get(0);
    assertFalse(put.headers().containsKey("authorization"), "the signed upload URL gets no credentials");
    DiscordCallException refused = assertThrows(DiscordCallException.class,
        () -> client(OutboundAddressPolicy.PUBLIC_ONLY).upload(CHANNEL, "t.png", bytes, "image/png"));
    assertTrue(refused.getMessage().contains("may not reach"), refused.getMessage());
  }
}
