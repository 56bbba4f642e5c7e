package io.mjserverless.core.engine.discord;

import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.log.Log;
import io.mjserverless.core.task.Task;
import java.time.Clock;

/** What Discord's refusal means: the account's health goes to the pool; the task waits (busy) or fails (rejected). */
final class AccountHealth {
  private final AccountPool pool;
  private final Clock clock;

  AccountHealth(AccountPool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  RuntimeException onRefusal(Task task, DiscordAccount account, DiscordCallException e) {
    switch (e.problem()) {
      case UNAUTHORIZED, CAPTCHA -> {
        pool.disable(account.id(), e.getMessage());
        pool.release(task);
        Log.warn("discord.account-disabled", null, "account", account.id(), "status", e.status());
        return new JobRejectedException("Discord account " + account.id() + " stopped working: " + e.getMessage());
      }
      case RATE_LIMITED -> {
        pool.pauseUntil(account.id(), clock.millis() + e.retryAfterMillis());
        return new EngineBusyException(e.getMessage(), (int) Math.max(1, (e.retryAfterMillis() + 999) / 1000));
      }
      case UNAVAILABLE, UNANSWERED -> {
        return new EngineBusyException(e.getMessage(), 5);
      }
      default -> {
        pool.release(task);
        return new JobRejectedException(e.getMessage() + " (Discord account " + account.id() + ")");
      }
    }
  }
}
