package io.mjserverless.core.auth;

import io.mjserverless.core.task.Task;

/** Who is calling: the tenant every read and write is scoped to, the role, and the key used. */
public record Caller(String tenant, Role role, String keyId) {
  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see a task: its own tenant's, or any when admin. */
  public boolean canRead(Task task) {
    return isAdmin() || tenant.equals(task.tenant());
  }

  /** Whether this caller may act on a task (actions, cancel): only its own tenant's. */
  public boolean owns(Task task) {
    return tenant.equals(task.tenant());
  }
}
