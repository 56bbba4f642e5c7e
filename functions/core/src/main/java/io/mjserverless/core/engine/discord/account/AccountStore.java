package io.mjserverless.core.engine.discord.account;

import java.util.List;
import java.util.Optional;

/** The Discord accounts of the stack (one DynamoDB table, {@code ACCOUNTS_TABLE}). */
public interface AccountStore {

  /** Stores a new account; {@link AccountExistsException} when the id is taken. */
  void create(Account account);

  Optional<Account> get(String id);

  /** Every account, by id. */
  List<Account> list();

  /**
   * Writes the settings the edit names on an existing account, and {@code updatedAt}; nothing else (never
   * the pool's places, nor a disable or pause the pool wrote meanwhile). Answers the account as it is
   * after the write; empty when it is gone.
   */
  Optional<Account> update(String id, AccountEdit edit, long nowMillis);

  /** Whether an account was there to delete. */
  boolean delete(String id);

  /** Disables an existing account with a plain reason; nothing happens when it is gone. */
  void disable(String id, String reason, long nowMillis);

  /** No work for the account before then; an earlier pause is never shortened by a later, shorter one. */
  void pauseUntil(String id, long epochMillis);

  /** The id of a new account is taken. */
  final class AccountExistsException extends RuntimeException {
    public AccountExistsException(String id) {
      super("account " + id + " exists already");
    }
  }
}
