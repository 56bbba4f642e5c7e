package io.mjserverless.local.template;

import java.util.List;

/**
 * The {@code CorsConfiguration} of the HTTP API.
 *
 * @param allowOrigins AllowOrigins
 * @param allowHeaders AllowHeaders
 * @param allowMethods AllowMethods
 * @param maxAge MaxAge in seconds, or null
 * @param exposeHeaders ExposeHeaders
 * @param allowCredentials AllowCredentials (false when absent)
 */
public record CorsDef(List<String> allowOrigins, List<String> allowHeaders, List<String> allowMethods,
    Integer maxAge, List<String> exposeHeaders, boolean allowCredentials) {
  public CorsDef {
    allowOrigins = List.copyOf(allowOrigins);
    allowHeaders = List.copyOf(allowHeaders);
    allowMethods = List.copyOf(allowMethods);
    exposeHeaders = List.copyOf(exposeHeaders);
  }
}
