package io.mjserverless.core.api;

import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.AccountEdit;
import io.mjserverless.core.engine.discord.account.AccountStore;
import io.mjserverless.core.engine.discord.account.DiscordTokenCheck;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCipherException;
import io.mjserverless.core.task.Mode;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admins manage the Discord accounts of the stack ({@code /mj/account/...}): create, list, fetch,
 * update, enable, disable, delete, and check a token against Discord. Field names follow the peers'
 * account JSON ({@code id, guildId, channelId, userToken, userAgent, enable, coreSize, queueSize,
 * timeoutMinutes, remark}) so their admin UIs read ours. The token is sealed before it is stored and
 * every answer shows it masked ({@link Account#maskToken}); it is never logged. Every input is checked
 * before anything is written, and a bad one is a 400 naming its field.
 */
public final class AccountAdminService {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,25}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{20,256}");
  static final int MAX_CORE_SIZE = 15;
  static final int MAX_QUEUE_SIZE = 100;
  static final int MAX_TIMEOUT_MINUTES = 120;
  static final String DISABLED_BY_ADMIN = "disabled by an admin";

  private final AccountStore accounts;
  private final TokenCipher tokens;
  private final DiscordTokenCheck discord;
  private final Clock clock;

  public AccountAdminService(AccountStore accounts, TokenCipher tokens, DiscordTokenCheck discord, Clock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.discord = discord;
    this.clock = clock;
  }

  /** For a stack built without an accounts table: every route says so (503). */
  public static AccountAdminService unconfigured() {
    return new AccountAdminService(null, null, null, Clock.systemUTC());
  }

  public Map<String, Object> create(RequestContext ctx, RequestBody body) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    String channelId = snowflake(body, "channelId").orElseThrow(() -> new ValidationException("channelId", "channelId is required"));
    String id = body.text("id").orElse(channelId);
    if (!ID.matcher(id).matches()) {
      throw new ValidationException("id", "id must be 1 to 64 letters, digits, '_' or '-'");
    }
    String token = token(body).orElseThrow(() -> new ValidationException("userToken", "userToken is required"));
    long now = clock.millis();
    boolean enable = body.bool("enable").orElse(true);
    Account account = new Account(id,
        snowflake(body, "guildId").orElse(null),
        channelId,
        snowflake(body, "nijiChannelId").orElse(null),
        userAgent(body).orElse(Account.DEFAULT_USER_AGENT),
        bounded(body, "coreSize", 1, MAX_CORE_SIZE).orElse(Account.DEFAULT_CORE_SIZE),
        bounded(body, "queueSize", 0, MAX_QUEUE_SIZE).orElse(Account.DEFAULT_QUEUE_SIZE),
        bounded(body, "timeoutMinutes", 1, MAX_TIMEOUT_MINUTES).orElse(Account.DEFAULT_TIMEOUT_MINUTES),
        modes(body).orElse(EnumSet.allOf(Mode.class)),
        body.bool("remix").orElse(false),
        remark(body).orElse(null),
        enable,
        enable ? null : DISABLED_BY_ADMIN,
        null, now, now,
        seal(id, token),
        Account.maskToken(token));
    try {
      accounts.create(account);
    } catch (AccountStore.AccountExistsException e) {
      throw HttpError.conflict("account " + id + " exists already");
    }
    return describe(account);
  }

  public List<Map<String, Object>> list(RequestContext ctx) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    return accounts.list().stream().map(AccountAdminService::describe).toList();
  }

  public Map<String, Object> fetch(RequestContext ctx, String id) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    return describe(existing(id));
  }

  /**
   * Fields present in the body replace the stored ones; an explicit null clears guildId, nijiChannelId or
   * remark. Only those fields are written, each on its own, never from an earlier read of the account: a
   * disable or pause the pool writes meanwhile (a 401, a CAPTCHA, a 429) is never undone by an edit of,
   * say, the remark. {@code enable: true} works as the enable route; {@code enable: false} keeps the
   * reason of an account disabled already.
   */
  public Map<String, Object> update(RequestContext ctx, String id, RequestBody body) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    requireId(id);
    if (body.has("id") && !body.text("id").orElse("").equals(id)) {
      throw new ValidationException("id", "id cannot be changed; delete the account and create it again");
    }
    if (body.isExplicitNull("channelId")) {
      throw new ValidationException("channelId", "channelId cannot be removed");
    }
    AccountEdit edit = new AccountEdit();
    nullable(body, "guildId", edit, AccountEdit.Setting.GUILD_ID, snowflake(body, "guildId"));
    snowflake(body, "channelId").ifPresent(v -> edit.text(AccountEdit.Setting.CHANNEL_ID, v));
    nullable(body, "nijiChannelId", edit, AccountEdit.Setting.NIJI_CHANNEL_ID, snowflake(body, "nijiChannelId"));
    userAgent(body).ifPresent(v -> edit.text(AccountEdit.Setting.USER_AGENT, v));
    bounded(body, "coreSize", 1, MAX_CORE_SIZE).ifPresent(v -> edit.number(AccountEdit.Setting.CORE_SIZE, v));
    bounded(body, "queueSize", 0, MAX_QUEUE_SIZE).ifPresent(v -> edit.number(AccountEdit.Setting.QUEUE_SIZE, v));
    bounded(body, "timeoutMinutes", 1, MAX_TIMEOUT_MINUTES).ifPresent(v -> edit.number(AccountEdit.Setting.TIMEOUT_MINUTES, v));
    modes(body).ifPresent(edit::modes);
    body.bool("remix").ifPresent(edit::remix);
    nullable(body, "remark", edit, AccountEdit.Setting.REMARK, remark(body));
    Optional<String> token = token(body);
    body.bool("enable").ifPresent(on -> {
      if (on) {
        edit.enable();
      } else {
        edit.disableKeepingReason(DISABLED_BY_ADMIN);
      }
    });
    // Every field is checked above before the token is sealed and anything is written.
    token.ifPresent(t -> edit.token(seal(id, t), Account.maskToken(t)));
    return describe(stored(accounts.update(id, edit, clock.millis()), id));
  }

  /** Enables the account and lifts any pause a 429 left on it; its disabled reason is cleared. */
  public Map<String, Object> enable(RequestContext ctx, String id) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    requireId(id);
    return describe(stored(accounts.update(id, new AccountEdit().enable(), clock.millis()), id));
  }

  /** Body (optional): {@code reason}, shown with the account and in the failures of its tasks. */
  public Map<String, Object> disable(RequestContext ctx, String id, RequestBody body) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    requireId(id);
    String reason = body.text("reason").orElse(DISABLED_BY_ADMIN);
    if (reason.length() > 200) {
      throw new ValidationException("reason", "reason is longer than 200 characters");
    }
    return describe(stored(accounts.update(id, new AccountEdit().disable(reason), clock.millis()), id));
  }

  public Map<String, Object> delete(RequestContext ctx, String id) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    if (!ID.matcher(id).matches() || !accounts.delete(id)) {
      throw notFound(id);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("deleted", true);
    return out;
  }

  /**
   * Asks Discord who the token is ({@code GET /users/@me}); a token Discord refuses (401) disables the
   * account with that reason. Answers {@code ok}, {@code status}, {@code message}, the Discord user when
   * it works, and the account as it is now.
   */
  public Map<String, Object> check(RequestContext ctx, String id) {
    KeyAdminService.requireAdmin(ctx);
    requireConfigured();
    Account a = existing(id);
    String token;
    try {
      token = tokens.open(a.id(), a.sealedToken());
    } catch (TokenCipherException e) {
      throw new HttpError(503, "unavailable", "the token of account " + id + " cannot be read: " + e.getMessage());
    }
    DiscordTokenCheck.Result result = discord.check(token, a.userAgent());
    if (result.refused()) {
      accounts.disable(a.id(), result.message(), clock.millis());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", a.id());
    out.put("ok", result.works());
    out.put("status", result.status());
    out.put("message", result.message());
    if (result.works()) {
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("id", result.userId());
      user.put("username", result.username());
      out.put("user", user);
    }
    out.put("account", describe(accounts.get(a.id()).orElse(a)));
    return out;
  }

  /** The account as answers show it: peers' field names, the token masked, nothing sealed. */
  static Map<String, Object> describe(Account a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", a.id());
    out.put("guildId", a.guildId());
    out.put("channelId", a.channelId());
    out.put("nijiChannelId", a.nijiChannelId());
    out.put("userToken", a.tokenHint());
    out.put("userAgent", a.userAgent());
    out.put("enable", a.enabled());
    out.put("disabledReason", a.disabledReason());
    out.put("coreSize", a.coreSize());
    out.put("queueSize", a.queueSize());
    out.put("timeoutMinutes", a.timeoutMinutes());
    out.put("modes", a.modes().stream().sorted().map(Mode::name).toList());
    out.put("remix", a.remix());
    out.put("remark", a.remark());
    out.put("pausedUntil", a.pausedUntil());
    out.put("createdAt", a.createdAt());
    out.put("updatedAt", a.updatedAt());
    return out;
  }

  private void requireConfigured() {
    if (accounts == null) {
      throw new HttpError(503, "unavailable", "Discord accounts are not configured on this stack (ACCOUNTS_TABLE)");
    }
  }

  private Account existing(String id) {
    requireId(id);
    return accounts.get(id).orElseThrow(() -> notFound(id));
  }

  private static void requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw notFound(id); // never reaches the store
    }
  }

  /** An explicit null clears the setting; a value sets it; absent leaves it. */
  private static void nullable(RequestBody body, String field, AccountEdit edit, AccountEdit.Setting setting, Optional<String> value) {
    if (body.isExplicitNull(field)) {
      edit.text(setting, null);
    } else {
      value.ifPresent(v -> edit.text(setting, v));
    }
  }

  private static Account stored(Optional<Account> updated, String id) {
    return updated.orElseThrow(() -> notFound(id)); // deleted meanwhile
  }

  private static HttpError notFound(String id) {
    String shown = id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "..." : id;
    return HttpError.notFound("account " + shown + " not found");
  }

  private String seal(String id, String token) {
    try {
      return tokens.seal(id, token);
    } catch (TokenCipherException e) {
      throw new HttpError(503, "unavailable", e.getMessage());
    }
  }

  private static Optional<String> snowflake(RequestBody body, String field) {
    Optional<String> v = body.text(field);
    if (v.isPresent() && !SNOWFLAKE.matcher(v.get()).matches()) {
      throw new ValidationException(field, field + " must be a Discord id: 1 to 25 digits");
    }
    return v;
  }

  private static Optional<String> token(RequestBody body) {
    if (body.isExplicitNull("userToken")) {
      throw new ValidationException("userToken", "userToken cannot be removed; disable or delete the account instead");
    }
    Optional<String> v = body.text("userToken");
    if (v.isPresent() && !TOKEN.matcher(v.get()).matches()) {
      // The value itself is never echoed: it is a credential.
      throw new ValidationException("userToken", "userToken must be 20 to 256 printable characters without spaces");
    }
    return v;
  }

  private static Optional<String> userAgent(RequestBody body) {
    Optional<String> v = body.text("userAgent");
    if (v.isPresent() && (v.get().length() > 512 || v.get().chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
      throw new ValidationException("userAgent", "userAgent must be at most 512 characters without control characters");
    }
    return v;
  }

  private static Optional<String> remark(RequestBody body) {
    Optional<String> v = body.text("remark");
    if (v.isPresent() && v.get().length() > 200) {
      throw new ValidationException("remark", "remark is longer than 200 characters");
    }
    return v;
  }

  private static Optional<Integer> bounded(RequestBody body, String field, int min, int max) {
    Optional<Integer> v = body.integer(field);
    if (v.isPresent() && (v.get() < min || v.get() > max)) {
      throw new ValidationException(field, field + " must be from " + min + " to " + max + ", got " + v.get());
    }
    return v;
  }

  private static Optional<Set<Mode>> modes(RequestBody body) {
    Optional<List<String>> names = body.stringList("modes");
    if (names.isEmpty()) {
      return Optional.empty();
    }
    if (names.get().isEmpty()) {
      throw new ValidationException("modes", "modes must name at least one of RELAX, FAST, TURBO");
    }
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (int i = 0; i < names.get().size(); i++) {
      String name = names.get().get(i);
      int index = i;
      modes.add(Mode.fromName(name).orElseThrow(() -> new ValidationException("modes",
          "modes[" + index + "] must be RELAX, FAST or TURBO, got '" + (name.length() > 20 ? name.substring(0, 20) + "..." : name) + "'")));
    }
    return Optional.of(modes);
  }
}
