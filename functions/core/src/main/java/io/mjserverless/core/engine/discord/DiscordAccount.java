package io.mjserverless.core.engine.discord;

/**
 * One Midjourney account on Discord as the engine needs it for a call: where to post and as whom.
 * {@code token} is the user token in clear, decrypted for this container only: never log it, store it
 * or put it in an answer ({@link #toString} masks it). {@code nijiChannelId} may be null (niji jobs then
 * go to {@code channelId}); {@code guildId} is null for the DM channel with the bot.
 */
public record DiscordAccount(String id, String guildId, String channelId, String nijiChannelId, String userAgent, String token) {

  @Override
  public String toString() {
    return "DiscordAccount[id=" + id + ", guildId=" + guildId + ", channelId=" + channelId + ", token=****]";
  }
}
