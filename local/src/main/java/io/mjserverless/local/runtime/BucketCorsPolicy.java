package io.mjserverless.local.runtime;

import io.mjserverless.local.template.BucketCorsRule;
import io.mjserverless.local.template.BucketDef;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;

/**
 * The template's bucket CORS rules as s3proxy's CORS policy, so a browser page can read the local
 * image links with {@code crossOrigin="anonymous"} exactly where it could read the bucket's links in
 * AWS: GET and HEAD answers carry {@code Access-Control-Allow-Origin} for an allowed {@code Origin},
 * and preflights (OPTIONS) are answered with the allowed methods and headers.
 *
 * <p>s3proxy holds one policy for all its buckets where S3 holds a list of rules per bucket, so the
 * local policy is the union of every bucket's rules: it allows what any rule allows, and so may allow
 * a combination (this rule's origin with that rule's method) that S3 would not. It sends no
 * {@code Access-Control-Max-Age}.
 */
final class BucketCorsPolicy {
  private BucketCorsPolicy() {}

  /** The policy for these buckets; one that allows nothing (and sends no CORS headers) when they have no rules. */
  static CrossOriginResourceSharing of(Collection<BucketDef> buckets) {
    Set<String> origins = new LinkedHashSet<>();
    Set<String> methods = new LinkedHashSet<>();
    Set<String> headers = new LinkedHashSet<>();
    Set<String> exposed = new LinkedHashSet<>();
    for (BucketDef bucket : buckets) {
      for (BucketCorsRule rule : bucket.corsRules()) {
        rule.allowedOrigins().forEach(o -> origins.add(originPattern(o)));
        methods.addAll(rule.allowedMethods());
        headers.addAll(rule.allowedHeaders());
        exposed.addAll(rule.exposedHeaders());
      }
    }
    if (origins.isEmpty()) {
      return CrossOriginResourceSharing.disabled();
    }
    // s3proxy allows any header only when "*" is its whole list.
    List<String> allowedHeaders = headers.contains("*") ? List.of("*") : List.copyOf(headers);
    // S3 answers "*" for a rule that allows any origin, and echoes the origin (with credentials) otherwise.
    String credentials = origins.contains("*") ? "" : "true";
    return new CrossOriginResourceSharing(List.copyOf(origins), List.copyOf(methods), allowedHeaders,
        List.copyOf(exposed), credentials);
  }

  /**
   * s3proxy matches origins as regular expressions; S3 compares them literally but for one {@code *}
   * wildcard ({@code https://*.example.com}).
   */
  static String originPattern(String origin) {
    if (origin.equals("*")) {
      return "*";
    }
    StringBuilder pattern = new StringBuilder();
    String[] parts = origin.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        pattern.append(".*");
      }
      if (!parts[i].isEmpty()) {
        pattern.append(Pattern.quote(parts[i]));
      }
    }
    return pattern.toString();
  }
}
