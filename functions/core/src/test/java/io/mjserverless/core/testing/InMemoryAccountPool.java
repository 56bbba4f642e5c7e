package io.mjserverless.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.discord.AccountPool;
import io.mjserverless.core.engine.discord.DiscordAccount;
import io.mjserverless.core.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An {@link AccountPool} in memory for the engine's tests: accounts with a concurrency, FIFO waiting, the
 * parent's account for a follow-up, disable and pause. It records what the engine told it, so tests can check
 * the account's health handling. The product's pool (DynamoDB, across containers) is tested on its own.
 */
public final class InMemoryAccountPool implements AccountPool {
  private final Map<String, DiscordAccount> accounts = new LinkedHashMap<>();
  private final Map<String, Integer> concurrency = new HashMap<>();
  private final Map<String, String> disabled = new HashMap<>();
  private final Map<String, Long> pausedUntil = new HashMap<>();
  private final Map<String, Long> lastSubmitAt = new HashMap<>();
  private final Map<String, String> accountOfTask = new HashMap<>();
  private final Map<String, Set<String>> running = new HashMap<>();
  private final Map<String, List<String>> waiting = new HashMap<>();
  private final List<String> released = new ArrayList<>();
  private final LongSupplier clock;
  private Function<String, Optional<Task>> tasks = id -> Optional.empty();

  public InMemoryAccountPool(LongSupplier clock) {
    this.clock = clock;
  }

  public synchronized InMemoryAccountPool add(DiscordAccount account, int slots) {
    accounts.put(account.id(), account);
    concurrency.put(account.id(), slots);
    running.put(account.id(), new LinkedHashSet<>());
    waiting.put(account.id(), new ArrayList<>());
    return this;
  }

  /** Where follow-ups find their parent (its {@code discordInstanceId}). */
  public synchronized InMemoryAccountPool parents(Function<String, Optional<Task>> lookup) {
    tasks = lookup;
    return this;
  }

  public synchronized Optional<String> disabledReason(String accountId) {
    return Optional.ofNullable(disabled.get(accountId));
  }

  public synchronized Optional<Long> pausedUntil(String accountId) {
    return Optional.ofNullable(pausedUntil.get(accountId));
  }

  public synchronized List<String> released() {
    return List.copyOf(released);
  }

  public synchronized int busy(String accountId) {
    return running.get(accountId).size();
  }

  @Override
  public synchronized Admission admit(Task task, JsonNode accountFilter) {
    Optional<String> chosen = choose(task);
    if (chosen.isEmpty()) {
      return new Admission.Refused(3, "no Discord account can take this task");
    }
    accountOfTask.put(task.id(), chosen.get());
    return new Admission.Accepted(Map.of("discordInstanceId", chosen.get()));
  }

  private Optional<String> choose(Task task) {
    if (task.parentId() != null) {
      Optional<String> parent = tasks.apply(task.parentId()).map(p -> p.property("discordInstanceId"));
      if (parent.isPresent()) {
        return parent.filter(accounts::containsKey);
      }
    }
    return accounts.keySet().stream().filter(id -> !disabled.containsKey(id))
        .min(Comparator.comparingInt(id -> running.get(id).size() + waiting.get(id).size()));
  }

  @Override
  public synchronized void forget(Task task) {
    release(task);
  }

  @Override
  public synchronized DiscordAccount acquire(Task task) {
    String id = accountOfTask.computeIfAbsent(task.id(), k -> choose(task)
        .orElseThrow(() -> new JobRejectedException("no Discord account can take this task")));
    if (disabled.containsKey(id)) {
      throw new JobRejectedException("Discord account " + id + " is disabled: " + disabled.get(id));
    }
    if (running.get(id).contains(task.id())) {
      return accounts.get(id);
    }
    if (pausedUntil.getOrDefault(id, 0L) > clock.getAsLong()) {
      throw new EngineBusyException("Discord account " + id + " is paused", 1);
    }
    List<String> queue = waiting.get(id);
    if (!queue.contains(task.id())) {
      queue.add(task.id());
    }
    if (running.get(id).size() < concurrency.get(id) && queue.get(0).equals(task.id())) {
      queue.remove(0);
      running.get(id).add(task.id());
      return accounts.get(id);
    }
    throw new EngineBusyException("every slot of Discord account " + id + " is taken", 2);
  }

  @Override
  public synchronized DiscordAccount accountOf(Task task) {
    String id = Optional.ofNullable(accountOfTask.get(task.id())).orElse(task.property("discordInstanceId"));
    if (id == null || !accounts.containsKey(id)) {
      throw new JobRejectedException("the task's Discord account is gone");
    }
    return accounts.get(id); // disabled or not: a disabled account still finishes what it runs (as the product's pool)
  }

  @Override
  public synchronized void release(Task task) {
    String id = accountOfTask.get(task.id());
    if (id != null) {
      running.get(id).remove(task.id());
      waiting.get(id).remove(task.id());
    }
    released.add(task.id());
  }

  @Override
  public synchronized void disable(String accountId, String reason) {
    disabled.put(accountId, reason);
  }

  @Override
  public synchronized void pauseUntil(String accountId, long epochMillis) {
    pausedUntil.put(accountId, epochMillis);
  }

  /** As the product's pool: one submit per account per gap, whichever engine (container) asks. */
  @Override
  public synchronized long reserveSubmit(String accountId, long gapMillis) {
    long now = clock.getAsLong();
    Long last = lastSubmitAt.get(accountId);
    if (last != null && last + gapMillis > now) {
      return last + gapMillis - now;
    }
    lastSubmitAt.put(accountId, now);
    return 0;
  }
}
