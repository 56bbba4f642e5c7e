package io.mjserverless.core.engine.discord.account;

import io.mjserverless.core.task.Mode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One Midjourney account on Discord as it is kept: where it posts, how much it may run at once, which
 * modes it serves and whether it may be used. The user token is held only sealed ({@code sealedToken},
 * see {@link TokenCipher}) plus {@code tokenHint}, the masked form answers show.
 *
 * <p>{@code id} is the account's instance id ({@code properties.discordInstanceId} of its tasks); the
 * peers use the channel id, which is the default. {@code guildId} is null for the DM channel with the bot.
 */
public record Account(
    String id,
    String guildId,
    String channelId,
    String nijiChannelId,
    String userAgent,
    int coreSize,
    int queueSize,
    int timeoutMinutes,
    Set<Mode> modes,
    boolean remix,
    String remark,
    boolean enabled,
    String disabledReason,
    Long pausedUntil,
    long createdAt,
    long updatedAt,
    String sealedToken,
    String tokenHint) {

  public static final int DEFAULT_CORE_SIZE = 3;
  public static final int DEFAULT_QUEUE_SIZE = 10;
  public static final int DEFAULT_TIMEOUT_MINUTES = 5;
  /** A current desktop browser, as the peers default to; Discord looks at it (reference §1.1). */
  public static final String DEFAULT_USER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channelId, "channelId");
    modes = modes == null || modes.isEmpty() ? EnumSet.allOf(Mode.class) : Set.copyOf(EnumSet.copyOf(modes));
  }

  /** Whether a task of {@code mode} may run here now: enabled and serving that mode (a pause only delays it). */
  public boolean serves(Mode mode) {
    return enabled && modes.contains(mode);
  }

  public boolean pausedAt(long nowMillis) {
    return pausedUntil != null && pausedUntil > nowMillis;
  }

  /** Running slots plus waiting slots: how many tasks the account may hold at once. */
  public int capacity() {
    return coreSize + queueSize;
  }

  /**
   * The form every answer shows of a token: its first and last four characters around {@code ****}
   * (enough to tell two tokens apart, far too little to use one), or {@code ****} alone for a token too
   * short to give away eight characters safely.
   */
  public static String maskToken(String token) {
    if (token == null || token.length() < 24) {
      return "****";
    }
    return token.substring(0, 4) + "****" + token.substring(token.length() - 4);
  }

  @Override
  public String toString() {
    return "Account[id=" + id + ", channelId=" + channelId + ", enabled=" + enabled + ", token=" + tokenHint + "]";
  }
}
