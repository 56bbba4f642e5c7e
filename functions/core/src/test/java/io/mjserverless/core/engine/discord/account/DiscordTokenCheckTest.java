package io.mjserverless.core.engine.discord.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mjserverless.core.config.DiscordSettings;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.testing.FakeDiscord;
import io.mjserverless.core.testing.FakeDiscord.Answer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin check of a token is the engine's {@code GET /users/@me}: the same root, headers and sorting of answers. */
class DiscordTokenCheckTest {
  static final String TOKEN = "user-token-secret-1";

  final FakeDiscord discord = FakeDiscord.start().account(TOKEN, "590422081204912129", "1100000000000000001");
  final DiscordTokenCheck check = new DiscordTokenCheck(new DiscordSettings(URI.create(discord.apiUrl()), Duration.ofSeconds(3),
      Duration.ofSeconds(3), 5, Duration.ofSeconds(120), Duration.ofMillis(0)), OutboundAddressPolicy.PUBLIC_ONLY);

  @AfterEach
  void stop() {
    discord.close();
  }

  /** The root is the operator's setting (like a provider's URL): a loopback root works under public-only. */
  @Test
  void aWorkingTokenSaysWhoItIsWithTheEnginesHeaders() {
    DiscordTokenCheck.Result ok = check.check(TOKEN, null);
    assertTrue(ok.works(), ok.message());
    assertEquals("590422081204912129", ok.userId());
    FakeDiscord.Recorded me = discord.requests("GET", "/users/@me").get(0);
    assertEquals(TOKEN, me.headers().get("authorization"));
    assertEquals(Account.DEFAULT_USER_AGENT, me.headers().get("user-agent"), "the one default agent");
  }

  @Test
  void discordsAnswersAreSortedAsTheEngineSortsThem() {
    discord.script("me", Answer.captcha());
    DiscordTokenCheck.Result captcha = check.check(TOKEN, "Agent/1");
    assertFalse(captcha.works() || captcha.refused());
    assertTrue(captcha.message().contains("CAPTCHA"), captcha.message());

    discord.script("me", Answer.rateLimited(7.5));
    DiscordTokenCheck.Result limited = check.check(TOKEN, "Agent/1");
    assertEquals(429, limited.status());
    assertTrue(limited.message().contains("try again in 8 seconds"), limited.message());

    DiscordTokenCheck.Result dead = check.check("another-token-entirely", "Agent/1");
    assertTrue(dead.refused());
    assertEquals(401, dead.status());
    assertEquals("Discord refused the token (401 Unauthorized)", dead.message());
    assertFalse(dead.message().contains("another-token"));
  }
}
