package io.mjserverless.core.engine.discord;

import io.mjserverless.core.task.PlainMessage;

/**
 * Discord did not do what one call asked, sorted by what the engine must do about it. The message is
 * plain (it may reach a task's failReason) and never carries the token.
 */
public final class DiscordCallException extends RuntimeException implements PlainMessage {

  /** What Discord's answer means for the account and the job. */
  public enum Problem {
    /** 401: the token is dead; the account must be disabled. */
    UNAUTHORIZED,
    /** 400 with {@code captcha_key}: a person must solve it in the Discord client. */
    CAPTCHA,
    /** 429: wait {@link #retryAfterMillis}. */
    RATE_LIMITED,
    /** 400 code 50035 about the command version: refresh the command index and send again. */
    STALE_COMMAND,
    /** 403, 404 or another 4xx: this request will not work as it is (wrong channel, missing access). */
    REFUSED,
    /** 5xx, a failed connection: try again later. */
    UNAVAILABLE,
    /** Sent, but no answer within the deadline: Discord may have taken it, so sending again may run it twice. */
    UNANSWERED
  }

  private final Problem problem;
  private final int status;
  private final long retryAfterMillis;

  public DiscordCallException(Problem problem, int status, String message, long retryAfterMillis) {
    super(message);
    this.problem = problem;
    this.status = status;
    this.retryAfterMillis = retryAfterMillis;
  }

  public Problem problem() {
    return problem;
  }

  /** The HTTP status, 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** For RATE_LIMITED: how long Discord asked us to wait; 0 otherwise. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }
}
