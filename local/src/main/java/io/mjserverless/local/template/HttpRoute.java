package io.mjserverless.local.template;

/**
 * A route of the HTTP API, from an {@code HttpApi} event of a function.
 *
 * @param method upper case ({@code GET}, {@code POST}, ..., or {@code ANY}); {@code ANY} for the
 *     {@code $default} route
 * @param path as written in the template ({@code /{mode}/mj/task/{id}/fetch}), or {@code $default}
 *     for the event without Path and Method
 * @param functionLogicalId the function of the event
 */
public record HttpRoute(String method, String path, String functionLogicalId) {
  public static final String DEFAULT_PATH = "$default";

  public boolean isDefault() {
    return DEFAULT_PATH.equals(path);
  }

  /** API Gateway's route key, as in the event's {@code routeKey}: {@code "GET /mj/task/{id}/fetch"} or {@code "$default"}. */
  public String routeKey() {
    return isDefault() ? DEFAULT_PATH : method + " " + path;
  }
}
