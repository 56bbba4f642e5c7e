package io.mjserverless.local.template;

import java.util.List;

/**
 * One rule of a bucket's {@code CorsConfiguration.CorsRules}: which origins may read or write the
 * bucket's objects from a browser script, with which methods and request headers.
 *
 * @param allowedOrigins AllowedOrigins ({@code *} for any; an origin may hold one {@code *} wildcard)
 * @param allowedMethods AllowedMethods (GET, PUT, HEAD, POST, DELETE)
 * @param allowedHeaders AllowedHeaders (empty when absent)
 * @param exposedHeaders ExposedHeaders (empty when absent)
 * @param maxAge MaxAge in seconds, or null
 */
public record BucketCorsRule(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
    List<String> exposedHeaders, Integer maxAge) {
  public BucketCorsRule {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedMethods = List.copyOf(allowedMethods);
    allowedHeaders = List.copyOf(allowedHeaders);
    exposedHeaders = List.copyOf(exposedHeaders);
  }
}
