package io.mjserverless.core.engine.discord.pool;

import io.mjserverless.core.aws.AwsClients;
import io.mjserverless.core.config.Config;
import io.mjserverless.core.engine.discord.AccountPool;
import io.mjserverless.core.engine.discord.account.DynamoAccountStore;
import io.mjserverless.core.engine.discord.account.OpenedTokens;
import io.mjserverless.core.engine.discord.account.TokenCiphers;
import io.mjserverless.core.task.DynamoTaskStore;
import java.time.Clock;
import java.time.Duration;

/** Builds the stack's account pool from its configuration. */
public final class AccountPools {
  /** A running place outlives the mode's deadline a little, so a lost workflow frees it soon after its task must have ended. */
  static final Duration RUNNING_LEASE_MARGIN = Duration.ofMinutes(10);
  /** A waiting place lasts at least this long between two asks for a turn. */
  static final Duration MIN_WAITING_LEASE = Duration.ofMinutes(5);

  private AccountPools() {}

  /**
   * The DynamoDB-backed pool on {@code ACCOUNTS_TABLE}, tokens opened with the configured key
   * ({@code ACCOUNT_TOKEN_KEY_FILE} or the KMS key {@code ACCOUNT_TOKEN_KEY_ID}) and kept opened for
   * a few minutes per container.
   *
   * @throws IllegalStateException when ACCOUNTS_TABLE is not set, or the key file cannot be read
   */
  public static DynamoAccountPool create(Config config, AwsClients aws, Clock clock) {
    String table = config.accounts().requireTable();
    // The workflow asks for a turn at least every POLL_MAX_SECONDS; four missed asks and the place is gone.
    Duration waiting = Duration.ofSeconds(Math.max(MIN_WAITING_LEASE.toSeconds(), 4L * config.pollMaxSeconds()));
    return new DynamoAccountPool(aws.dynamo(), table, new DynamoAccountStore(aws.dynamo(), table),
        new DynamoTaskStore(aws.dynamo(), config.tasksTable()),
        new OpenedTokens(TokenCiphers.fromSettings(config.accounts(), aws), OpenedTokens.DEFAULT_TTL, clock),
        mode -> config.deadline(mode).plus(RUNNING_LEASE_MARGIN), waiting, clock);
  }
}
