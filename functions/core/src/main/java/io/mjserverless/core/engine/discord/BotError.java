package io.mjserverless.core.engine.discord;

import java.util.Locale;
import java.util.Optional;

/**
 * The error embeds Midjourney posts where everyone in the channel sees them (reference §2.3), by title:
 * some end only the job, others say the account cannot work until a person acts.
 */
public enum BotError {
  INVALID_PROMPT("invalid prompt", false),
  INVALID_PARAMETER("invalid parameter", false),
  INVALID_LINK("invalid link", false),
  EMPTY_PROMPT("empty prompt", false),
  INVALID_REQUEST("invalid request", false),
  BANNED_PROMPT("banned prompt", false),
  BANNED_IMAGE("banned image prompt", false),
  FILTERED("request cancelled due to", false),
  QUEUE_FULL("queue full", false),
  JOB_ACTION_RESTRICTED("job action restricted", false),
  DUPLICATE_IMAGES("duplicate images detected", false),
  FAILED("failed", false),
  CREDITS_EXHAUSTED("credits exhausted", true),
  BLOCKED("blocked", true),
  PLAN_CANCELLED("plan cancelled", true),
  SUBSCRIPTION_REQUIRED("subscription required", true),
  SUBSCRIPTION_PAUSED("subscription paused", true),
  PENDING_MOD_MESSAGE("pending mod message", true),
  ACTION_NEEDED("action needed to continue", true),
  ACTION_REQUIRED("action required to continue", true),
  TOS_NOT_ACCEPTED("tos not accepted", true);

  private final String title;
  private final boolean accountLevel;

  BotError(String title, boolean accountLevel) {
    this.title = title;
    this.accountLevel = accountLevel;
  }

  /** Whether the account cannot take jobs until a person acts in the Discord client (it is disabled). */
  public boolean accountLevel() {
    return accountLevel;
  }

  /** The error an embed title names; empty for other titles ("Job queued" is news, not an error). */
  public static Optional<BotError> of(String embedTitle) {
    String t = embedTitle == null ? "" : embedTitle.toLowerCase(Locale.ROOT).strip();
    if (t.isEmpty() || t.startsWith("job queued")) {
      return Optional.empty();
    }
    // The more specific titles first: "banned image prompt" before "banned prompt", "failed" last.
    for (BotError e : values()) {
      if (e != FAILED && t.startsWith(e.title)) {
        return Optional.of(e);
      }
    }
    return t.contains("failed") ? Optional.of(FAILED) : Optional.empty();
  }
}
