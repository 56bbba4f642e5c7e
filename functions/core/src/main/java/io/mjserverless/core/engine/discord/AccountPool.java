package io.mjserverless.core.engine.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.engine.Admission;
import io.mjserverless.core.task.Task;

/**
 * The Discord accounts a mode may use, shared by every Lambda container (so held in DynamoDB): which
 * account takes a new task, whose turn it is, how many run at once, and what Discord said about each.
 * The engine talks to Discord; the pool decides who and when.
 *
 * <p>A task's account id is kept in {@code properties.discordInstanceId}. A follow-up action (U, V, zoom...)
 * runs on its parent's account.
 */
public interface AccountPool {
  /** The task property that names the account a task runs on (the peers' name, shown to clients). */
  String INSTANCE_PROPERTY = "discordInstanceId";

  /**
   * At submit, before the task is stored: picks the account (least busy enabled account serving the
   * task's mode, narrowed by {@code accountFilter}; the parent's for a follow-up) and reserves the task's
   * place in that account's queue. Answers Accepted (a running slot is free), Queued (code 22, the
   * number of tasks ahead), QueueFull (code 23) or Refused (code 3 when the parent's account is gone or
   * no account serves the mode; 4 for a filter that matches nothing).
   */
  Admission admit(Task task, JsonNode accountFilter);

  /** Gives back the place {@link #admit} reserved for a task that was never stored or started. */
  void forget(Task task);

  /**
   * At dispatch: the account on which the task runs now, once a running slot of its account is free and
   * no task admitted earlier on that account still waits (first come, first served).
   *
   * @throws io.mjserverless.core.engine.EngineBusyException when it is not yet the task's turn (the
   *     workflow asks again later)
   * @throws io.mjserverless.core.engine.JobRejectedException when its account is gone or disabled
   */
  DiscordAccount acquire(Task task);

  /**
   * The account a dispatched task runs on, for polls, results and cancel.
   *
   * @throws io.mjserverless.core.engine.JobRejectedException when it is gone (a disabled account still finishes the jobs it runs)
   */
  DiscordAccount accountOf(Task task);

  /** Frees the task's running slot and queue place; nothing happens when it holds none. */
  void release(Task task);

  /** Discord says the account cannot work (401, CAPTCHA): it is disabled with this plain reason. */
  void disable(String accountId, String reason);

  /** Discord asked the account to slow down (429 with Retry-After): no request on it before then. */
  void pauseUntil(String accountId, long epochMillis);

  /**
   * Paces the account's submits across every container (reference §4.1): when the account's last submit
   * ({@code lastSubmitAt}) is at least {@code gapMillis} old, takes now as its last submit with a write
   * that fails if another caller took it meanwhile, and answers 0: the caller may send now. Otherwise
   * writes nothing and answers how many milliseconds the caller must wait before asking again. Two
   * submits of one account are thus at least {@code gapMillis} apart, which keeps the time windows in
   * which their interactions are matched apart.
   */
  long reserveSubmit(String accountId, long gapMillis);
}
