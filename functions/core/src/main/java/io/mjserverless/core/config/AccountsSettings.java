package io.mjserverless.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Discord accounts are kept and how their tokens are sealed:
 * {@code ACCOUNTS_TABLE} (the accounts table; empty = this stack keeps no accounts),
 * {@code ACCOUNT_TOKEN_KEY_ID} (the stack's KMS key, in AWS) or {@code ACCOUNT_TOKEN_KEY_FILE} (a local
 * AES key file, which the local runtime makes; it wins over the KMS key id when both are set). Discord's
 * API root, which the admin check of a token uses too, is {@link DiscordSettings#apiUrl()}.
 */
public record AccountsSettings(Optional<String> table, Optional<String> tokenKeyId, Optional<Path> tokenKeyFile) {

  static AccountsSettings from(Map<String, String> env) {
    return new AccountsSettings(
        optional(env, "ACCOUNTS_TABLE"),
        optional(env, "ACCOUNT_TOKEN_KEY_ID"),
        optional(env, "ACCOUNT_TOKEN_KEY_FILE").map(Path::of));
  }

  /** No accounts: for tests and stacks built without the variables. */
  public static AccountsSettings none() {
    return new AccountsSettings(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The accounts table, or a failure naming the variable. */
  public String requireTable() {
    return table.orElseThrow(() -> new IllegalStateException("environment variable ACCOUNTS_TABLE is required for Discord accounts"));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
