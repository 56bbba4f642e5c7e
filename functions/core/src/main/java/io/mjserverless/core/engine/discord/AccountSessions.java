package io.mjserverless.core.engine.discord;

import io.mjserverless.core.config.DiscordSettings;
import java.net.http.HttpClient;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.notify.OutboundAddressPolicy;
import io.mjserverless.core.notify.PinnedHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** One {@link AccountSession} per account in this container, renewed when the account's token or agent changes. */
public final class AccountSessions {
  private final DiscordSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private final HookAddressGuard guard;
  private final PinnedHttpClient uploads;
  private final Map<String, Entry> byAccount = new HashMap<>();

  private record Entry(DiscordAccount account, AccountSession session) {}

  public AccountSessions(DiscordSettings settings, OutboundAddressPolicy policy, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = DiscordClient.httpClient(settings);
    this.guard = new HookAddressGuard(policy);
    this.uploads = new PinnedHttpClient(Duration.ofSeconds(5));
  }

  public DiscordSettings settings() {
    return settings;
  }

  public synchronized AccountSession of(DiscordAccount account) {
    Entry e = byAccount.get(account.id());
    if (e == null || !Objects.equals(e.account(), account)) {
      e = new Entry(account, new AccountSession(new DiscordClient(settings, account, http, guard, uploads), clock, settings.snapshotTtl()));
      byAccount.put(account.id(), e);
    }
    return e.session();
  }
}
