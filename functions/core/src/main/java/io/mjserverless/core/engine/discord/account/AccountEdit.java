package io.mjserverless.core.engine.discord.account;

import io.mjserverless.core.task.Mode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An admin's change to an account: only the settings named here are written, each on its own, so what
 * the pool wrote meanwhile on the same item (a disable after a 401 or a CAPTCHA, a 429's pause, the
 * places) stays as it is. An edit never sets {@code pausedUntil}: only the pool pauses, and only
 * {@link #enable()} lifts a pause.
 */
public final class AccountEdit {
  private final Map<String, AttributeValue> set = new LinkedHashMap<>();
  private final Map<String, AttributeValue> setIfAbsent = new LinkedHashMap<>();
  private final Set<String> remove = new LinkedHashSet<>();

  /** Sets a text setting; null removes it (guildId, nijiChannelId, remark). */
  public AccountEdit text(Setting setting, String value) {
    if (setting.kind != Kind.TEXT) {
      throw new IllegalArgumentException(setting + " is not a text setting");
    }
    if (value == null) {
      remove.add(setting.attribute);
      set.remove(setting.attribute);
    } else {
      set.put(setting.attribute, AttributeValue.fromS(value));
      remove.remove(setting.attribute);
    }
    return this;
  }

  public AccountEdit number(Setting setting, int value) {
    if (setting.kind != Kind.NUMBER) {
      throw new IllegalArgumentException(setting + " is not a number setting");
    }
    set.put(setting.attribute, AttributeValue.fromN(Integer.toString(value)));
    return this;
  }

  public AccountEdit modes(Set<Mode> modes) {
    set.put("modes", AttributeValue.fromL(modes.stream().sorted().map(m -> AttributeValue.fromS(m.name())).toList()));
    return this;
  }

  public AccountEdit remix(boolean remix) {
    set.put("remix", AttributeValue.fromBool(remix));
    return this;
  }

  /** A new token, sealed, with the masked form answers show. */
  public AccountEdit token(String sealedToken, String tokenHint) {
    set.put("sealedToken", AttributeValue.fromS(sealedToken));
    set.put("tokenHint", AttributeValue.fromS(tokenHint));
    return this;
  }

  /** Enabled, its disabled reason and any pause cleared: the admin says the account works again. */
  public AccountEdit enable() {
    set.put("enabled", AttributeValue.fromBool(true));
    setIfAbsent.remove("disabledReason");
    set.remove("disabledReason");
    remove.add("disabledReason");
    remove.add("pausedUntil");
    return this;
  }

  /** Disabled with this reason, replacing any earlier one. */
  public AccountEdit disable(String reason) {
    set.put("enabled", AttributeValue.fromBool(false));
    set.put("disabledReason", AttributeValue.fromS(reason));
    remove.remove("disabledReason");
    remove.remove("pausedUntil");
    return this;
  }

  /** Disabled; a reason already stored (the pool's, say a CAPTCHA) is kept, else this one is written. */
  public AccountEdit disableKeepingReason(String reason) {
    set.put("enabled", AttributeValue.fromBool(false));
    set.remove("disabledReason");
    setIfAbsent.put("disabledReason", AttributeValue.fromS(reason));
    remove.remove("disabledReason");
    remove.remove("pausedUntil");
    return this;
  }

  Map<String, AttributeValue> set() {
    return Collections.unmodifiableMap(set);
  }

  Map<String, AttributeValue> setIfAbsent() {
    return Collections.unmodifiableMap(setIfAbsent);
  }

  Set<String> remove() {
    return Collections.unmodifiableSet(remove);
  }

  private enum Kind { TEXT, NUMBER }

  /** The plain settings an edit may write one by one. */
  public enum Setting {
    GUILD_ID("guildId", Kind.TEXT),
    CHANNEL_ID("channelId", Kind.TEXT),
    NIJI_CHANNEL_ID("nijiChannelId", Kind.TEXT),
    USER_AGENT("userAgent", Kind.TEXT),
    REMARK("remark", Kind.TEXT),
    CORE_SIZE("coreSize", Kind.NUMBER),
    QUEUE_SIZE("queueSize", Kind.NUMBER),
    TIMEOUT_MINUTES("timeoutMinutes", Kind.NUMBER);

    private final String attribute;
    private final Kind kind;

    Setting(String attribute, Kind kind) {
      this.attribute = attribute;
      this.kind = kind;
    }
  }
}
