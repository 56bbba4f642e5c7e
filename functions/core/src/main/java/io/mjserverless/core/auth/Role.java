package io.mjserverless.core.auth;

/** What a key may do: users work with their tenant's tasks; admins also manage keys and read all tasks. */
public enum Role {
  USER, ADMIN
}
