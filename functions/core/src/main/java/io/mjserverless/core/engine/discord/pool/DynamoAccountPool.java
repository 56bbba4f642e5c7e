package io.mjserverless.core.engine.discord.pool;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.TurnWaitException;
import io.mjserverless.core.engine.discord.AccountPool;
import io.mjserverless.core.engine.discord.DiscordAccount;
import io.mjserverless.core.engine.discord.account.Account;
import io.mjserverless.core.engine.discord.account.AccountItems;
import io.mjserverless.core.engine.discord.account.AccountStore;
import io.mjserverless.core.engine.discord.account.TokenCipher;
import io.mjserverless.core.engine.discord.account.TokenCipherException;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The account pool in DynamoDB, shared by every Lambda container. Each account's item holds its places
 * ({@link Places}): one lease per task it holds, running or waiting, that expires on its own (the
 * approach of the mjproxy engine's provider slots, {@code DynamoProviderSlots}). Deciding whose turn it
 * is needs the whole line at once, so every change of the places is a read, a decision, and one write of
 * the whole map conditional on the version read (optimistic locking, retried on a clash); removing one
 * place needs no decision and is one conditional REMOVE.
 *
 * <p>Leases: a waiting place lasts {@code waitingLease} and is renewed by each turn the task asks for
 * ({@link #acquire}, which the workflow repeats every few seconds), so a task whose workflow never ran or
 * died frees its place within that time; a running place lasts the mode's deadline plus a margin, after
 * which the task has failed anyway.
 */
public final class DynamoAccountPool implements AccountPool {
  /** Seconds the workflow waits before asking again for a turn. */
  static final int TURN_RETRY_SECONDS = 5;
  private static final int WRITE_ATTEMPTS = 8;
  /**
   * The longest pause a 429 may impose on an account: Discord's own limits on a user last seconds; a
   * longer or absurd Retry-After (a huge body value) would park the account's whole line past every
   * mode's deadline, so it is cut here and the account is tried again.
   */
  static final Duration MAX_PAUSE = Duration.ofHours(1);

  private final DynamoDbClient dynamo;
  private final String table;
  private final AccountStore accounts;
  private final TaskStore tasks;
  private final TokenCipher tokens;
  private final Function<Mode, Duration> runningLease;
  private final Duration waitingLease;
  private final Clock clock;

  public DynamoAccountPool(DynamoDbClient dynamo, String table, AccountStore accounts, TaskStore tasks, TokenCipher tokens,
      Function<Mode, Duration> runningLease, Duration waitingLease, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.accounts = accounts;
    this.tasks = tasks;
    this.tokens = tokens;
    this.runningLease = runningLease;
    this.waitingLease = waitingLease;
    this.clock = clock;
  }

  @Override
  public Admission admit(Task task, JsonNode accountFilter) {
    if (task.parentId() != null) {
      return admitOnParentsAccount(task);
    }
    AccountFilter filter;
    try {
      filter = AccountFilter.parse(accountFilter);
    } catch (IllegalArgumentException e) {
      return new Admission.Refused(4, e.getMessage());
    }
    Mode mode = task.modeOrFast();
    long now = clock.millis();
    List<Candidate> serving = new ArrayList<>();
    for (Map<String, AttributeValue> item : scanAll()) {
      Account account = AccountItems.fromItem(item);
      if (account.serves(mode)) {
        serving.add(new Candidate(account, Places.of(item, now), account.pausedAt(now)));
      }
    }
    if (serving.isEmpty()) {
      return new Admission.Refused(3, "no enabled Discord account serves " + mode + " mode");
    }
    List<Candidate> matching = serving.stream().filter(c -> filter.matches(c.account())).toList();
    if (matching.isEmpty()) {
      return new Admission.Refused(4, "accountFilter matches none of the enabled Discord accounts serving " + mode + " mode");
    }
    // Least busy first: places held per running slot; a paused account (429) only when no other has room.
    List<Candidate> ordered = matching.stream().sorted(Comparator.comparing(Candidate::paused)
        .thenComparingDouble(c -> (double) c.places().size() / c.account().coreSize())
        .thenComparingInt(c -> c.places().size())
        .thenComparing(c -> c.account().id())).toList();
    // An account deleted or disabled since the scan, or one whose line is full, passes the task on to the next one.
    String full = null;
    boolean contended = false;
    for (Candidate candidate : ordered) {
      Placing placing = place(candidate.account().id(), task);
      if (placing.taken() != null) {
        return placing.taken();
      }
      if (placing.miss() == Miss.FULL && full == null) {
        full = candidate.account().id();
      }
      contended |= placing.miss() == Miss.CONTENDED;
    }
    if (contended) {
      return tooBusy();
    }
    if (full == null) {
      return new Admission.Refused(3, "no enabled Discord account serves " + mode + " mode (the accounts were removed or"
          + " disabled meanwhile)");
    }
    // As the peers: the answer names the account that would have taken the task (the least busy one).
    return new Admission.QueueFull(matching.size() == 1
        ? "the queue of Discord account " + full + " is full; try again later"
        : "the queues of all " + matching.size() + " Discord accounts are full; try again later", Map.of(INSTANCE_PROPERTY, full));
  }

  private record Candidate(Account account, Places places, boolean paused) {}

  /** Why a place was not taken on an account. */
  private enum Miss { FULL, GONE, DISABLED, CONTENDED }

  /** Either the task's place on an account ({@code taken}: Accepted or Queued), or why there is none. */
  private record Placing(Admission taken, Miss miss) {}

  /** Every try to write the line clashed with another writer: not a full queue, and said so. */
  private static Admission tooBusy() {
    return new Admission.Refused(9, "too many tasks are being submitted to the Discord accounts at this moment; try again in a few seconds");
  }

  private Admission admitOnParentsAccount(Task task) {
    Optional<Task> parent = tasks.get(task.parentId());
    String accountId = parent.map(p -> p.property(INSTANCE_PROPERTY)).orElse(null);
    if (accountId == null) {
      return new Admission.Refused(3, "the parent task " + task.parentId() + " did not run on a Discord account");
    }
    Optional<Account> account = accounts.get(accountId);
    if (account.isEmpty()) {
      return new Admission.Refused(3, "the account that ran the parent task is gone: " + accountId);
    }
    if (!account.get().enabled()) {
      return new Admission.Refused(3, "the account that ran the parent task is disabled: " + accountId
          + reasonSuffix(account.get()));
    }
    Placing placing = place(accountId, task);
    if (placing.taken() != null) {
      return placing.taken();
    }
    return switch (placing.miss()) {
      case FULL -> new Admission.QueueFull("the queue of Discord account " + accountId + ", which ran the parent task, is full;"
          + " try again later", Map.of(INSTANCE_PROPERTY, accountId));
      case GONE -> new Admission.Refused(3, "the account that ran the parent task is gone: " + accountId);
      case DISABLED -> new Admission.Refused(3, "the account that ran the parent task is disabled: " + accountId);
      case CONTENDED -> tooBusy();
    };
  }

  /** Reserves the task's place at the end of the account's line: Accepted or Queued, else full, gone or contended. */
  private Placing place(String accountId, Task task) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        pauseAfterClash(attempt);
      }
      Map<String, AttributeValue> item = read(accountId);
      if (item == null) {
        return new Placing(null, Miss.GONE);
      }
      Account account = AccountItems.fromItem(item);
      long now = clock.millis();
      Places places = Places.of(item, now);
      Optional<Places.Place> mine = places.of(task.id());
      if (mine.isEmpty()) {
        if (!account.enabled()) {
          return new Placing(null, Miss.DISABLED); // disabled since the scan: it would never start the task
        }
        if (places.size() >= account.capacity()) {
          return new Placing(null, Miss.FULL);
        }
        Places.Place added = new Places.Place(task.id(), places.nextOrder(), false, now + waitingLease.toMillis());
        if (!write(accountId, places, places.with(added))) {
          continue;
        }
        places = places.with(added);
        mine = Optional.of(added);
      }
      Map<String, Object> properties = Map.of(INSTANCE_PROPERTY, accountId);
      int ahead = places.ahead(mine.get());
      return new Placing(ahead < account.coreSize()
          ? new Admission.Accepted(properties)
          : new Admission.Queued(ahead - account.coreSize(), properties), null);
    }
    return new Placing(null, Miss.CONTENDED);
  }

  /** A short random wait before reading the line again, so writers that clashed do not clash again in step. */
  private static void pauseAfterClash(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 4)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void forget(Task task) {
    release(task);
  }

  @Override
  public DiscordAccount acquire(Task task) {
    String accountId = task.property(INSTANCE_PROPERTY) != null ? task.property(INSTANCE_PROPERTY) : adopt(task);
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> item = read(accountId);
      Account account = usable(accountId, item);
      long now = clock.millis();
      Places places = Places.of(item, now);
      Optional<Places.Place> mine = places.of(task.id());
      if (mine.isPresent() && mine.get().running()) {
        return open(account);
      }
      if (mine.isEmpty()) {
        // Its place expired (or it was admitted elsewhere): it joins the end of the line again.
        if (places.size() >= account.capacity()) {
          throw new EngineBusyException("the queue of Discord account " + accountId + " is full", TURN_RETRY_SECONDS);
        }
        Places.Place added = new Places.Place(task.id(), places.nextOrder(), false, now + waitingLease.toMillis());
        write(accountId, places, places.with(added));
        continue;
      }
      Places.Place place = mine.get();
      if (account.pausedAt(now)) {
        renewIfDue(accountId, places, place, now);
        long until = Math.min(account.pausedUntil(), now + MAX_PAUSE.toMillis());
        int seconds = (int) Math.max(1, (until - now + 999) / 1000);
        throw new TurnWaitException("Discord asked account " + accountId + " to slow down; waiting " + seconds + " s", seconds);
      }
      if (places.waitingBefore(place) || places.running() >= account.coreSize()) {
        renewIfDue(accountId, places, place, now);
        int ahead = Math.max(0, places.ahead(place) - account.coreSize());
        throw new TurnWaitException("waiting for a free slot on Discord account " + accountId + ": " + ahead
            + " task(s) ahead", TURN_RETRY_SECONDS);
      }
      Places.Place running = new Places.Place(task.id(), place.order(), true, now + runningLease.apply(task.modeOrFast()).toMillis());
      if (write(accountId, places, places.with(running))) {
        return open(account);
      }
    }
    throw new TurnWaitException("Discord account " + accountId + " is busy; trying again", TURN_RETRY_SECONDS);
  }

  @Override
  public DiscordAccount accountOf(Task task) {
    String accountId = task.property(INSTANCE_PROPERTY) != null ? task.property(INSTANCE_PROPERTY)
        : holding(task.id()).orElseThrow(() -> new JobRejectedException(
            "the task was not given a Discord account; submit it again"));
    // Disabled or paused, the account still finishes what it runs: only new work is kept off it.
    return open(existing(accountId, read(accountId)));
  }

  @Override
  public void release(Task task) {
    String accountId = task.property(INSTANCE_PROPERTY) != null ? task.property(INSTANCE_PROPERTY) : holding(task.id()).orElse(null);
    if (accountId == null) {
      return;
    }
    try {
      dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(accountId))
          .updateExpression("REMOVE #p.#t SET #v = #v + :one")
          .conditionExpression("attribute_exists(#p.#t)")
          .expressionAttributeNames(Map.of("#p", AccountItems.PLACES, "#t", task.id(), "#v", AccountItems.PLACES_VERSION))
          .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    } catch (ConditionalCheckFailedException held) {
      // it held no place (released already, expired, or the account is gone)
    }
  }

  @Override
  public void disable(String accountId, String reason) {
    accounts.disable(accountId, reason, clock.millis());
  }

  @Override
  public void pauseUntil(String accountId, long epochMillis) {
    long now = clock.millis();
    if (epochMillis > now) {
      accounts.pauseUntil(accountId, Math.min(epochMillis, now + MAX_PAUSE.toMillis()));
    }
  }

  /** The account item's time of its last submit (epoch ms), written only by {@link #reserveSubmit}. */
  static final String LAST_SUBMIT_AT = "lastSubmitAt";

  @Override
  public long reserveSubmit(String accountId, long gapMillis) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(AccountItems.key(accountId))
          .consistentRead(true).projectionExpression("id, #s").expressionAttributeNames(Map.of("#s", LAST_SUBMIT_AT))).item();
      if (item == null || item.isEmpty()) {
        throw new JobRejectedException("the Discord account of this task is gone: " + accountId);
      }
      AttributeValue last = item.get(LAST_SUBMIT_AT);
      long now = clock.millis();
      if (last != null) {
        long wait = Long.parseLong(last.n()) + gapMillis - now;
        if (wait > 0) {
          return wait;
        }
      }
      Map<String, AttributeValue> values = new HashMap<>();
      values.put(":now", AttributeValue.fromN(Long.toString(now)));
      String condition = "attribute_exists(id) AND attribute_not_exists(#s)";
      if (last != null) {
        condition = "attribute_exists(id) AND #s = :last";
        values.put(":last", last);
      }
      String expected = condition;
      try {
        dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(accountId)).updateExpression("SET #s = :now")
            .conditionExpression(expected).expressionAttributeNames(Map.of("#s", LAST_SUBMIT_AT))
            .expressionAttributeValues(values));
        return 0;
      } catch (ConditionalCheckFailedException taken) {
        // another container submitted on this account meanwhile: read its time and wait for the gap
      }
    }
    return gapMillis;
  }

  /** The live places of an account in line order (for the admin answers and tests). */
  public List<String> placesOf(String accountId) {
    Map<String, AttributeValue> item = read(accountId);
    return item == null ? List.of()
        : Places.of(item, clock.millis()).inOrder().stream().map(p -> p.taskId() + (p.running() ? ":running" : ":waiting")).toList();
  }

  /**
   * The account of a task that reached Dispatch without one (created by a direct upload, or before its
   * mode's engine was discord): the account already holding its place (an earlier try of the same
   * Dispatch), else one chosen now as at submit. Its account id is recorded on the task once its job
   * starts (the engine's submission properties).
   */
  private String adopt(Task task) {
    Optional<String> holding = holding(task.id());
    if (holding.isPresent()) {
      return holding.get();
    }
    Admission admitted = admit(task, null);
    if (admitted instanceof Admission.Accepted a) {
      return (String) a.properties().get(INSTANCE_PROPERTY);
    }
    if (admitted instanceof Admission.Queued q) {
      return (String) q.properties().get(INSTANCE_PROPERTY);
    }
    if (admitted instanceof Admission.QueueFull full) {
      throw new EngineBusyException(full.description(), TURN_RETRY_SECONDS);
    }
    Admission.Refused refused = (Admission.Refused) admitted;
    if (refused.code() == 9) {
      throw new TurnWaitException(refused.description(), TURN_RETRY_SECONDS); // contention passes: ask again soon
    }
    throw new JobRejectedException(refused.description());
  }

  /** The account whose places hold this task, if any (a scan of the few accounts). */
  private Optional<String> holding(String taskId) {
    long now = clock.millis();
    for (Map<String, AttributeValue> item : scanAll()) {
      if (Places.of(item, now).of(taskId).isPresent()) {
        return Optional.of(item.get("id").s());
      }
    }
    return Optional.empty();
  }

  private Account existing(String accountId, Map<String, AttributeValue> item) {
    if (item == null) {
      throw new JobRejectedException("the Discord account of this task is gone: " + accountId);
    }
    return AccountItems.fromItem(item);
  }

  private Account usable(String accountId, Map<String, AttributeValue> item) {
    Account account = existing(accountId, item);
    if (!account.enabled()) {
      throw new JobRejectedException("the Discord account of this task is disabled: " + accountId + reasonSuffix(account));
    }
    return account;
  }

  private DiscordAccount open(Account account) {
    if (account.sealedToken() == null) {
      throw new JobRejectedException("Discord account " + account.id() + " has no token");
    }
    try {
      String token = tokens.open(account.id(), account.sealedToken());
      return new DiscordAccount(account.id(), account.guildId(), account.channelId(), account.nijiChannelId(),
          account.userAgent(), token);
    } catch (TokenCipherException e) {
      throw new JobRejectedException(e.getMessage(), e);
    }
  }

  /** Renews a waiting place when half its lease is gone, so a task asking for its turn never loses it. */
  private void renewIfDue(String accountId, Places places, Places.Place place, long now) {
    if (place.expiresAt() - now < waitingLease.toMillis() / 2) {
      write(accountId, places, places.with(new Places.Place(place.taskId(), place.order(), false, now + waitingLease.toMillis())));
    }
  }

  /** Writes the whole map if nobody changed it since it was read; false on a clash (read again). */
  private boolean write(String accountId, Places read, Places next) {
    Map<String, String> names = Map.of("#p", AccountItems.PLACES, "#v", AccountItems.PLACES_VERSION);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":p", next.toAttribute());
    values.put(":next", AttributeValue.fromN(Long.toString(read.version() + 1)));
    String condition;
    if (read.version() == 0) {
      condition = "attribute_exists(id) AND attribute_not_exists(#v)";
    } else {
      condition = "attribute_exists(id) AND #v = :read";
      values.put(":read", AttributeValue.fromN(Long.toString(read.version())));
    }
    try {
      dynamo.updateItem(b -> b.tableName(table).key(AccountItems.key(accountId))
          .updateExpression("SET #p = :p, #v = :next").conditionExpression(condition)
          .expressionAttributeNames(names).expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException clash) {
      return false;
    }
  }

  private Map<String, AttributeValue> read(String accountId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(AccountItems.key(accountId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? null : item;
  }

  private List<Map<String, AttributeValue>> scanAll() {
    return AccountItems.scanAll(dynamo, table);
  }

  private static String reasonSuffix(Account account) {
    return account.disabledReason() == null ? "" : " (" + account.disabledReason() + ")";
  }
}
