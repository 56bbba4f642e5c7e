package io.mjserverless.local.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API Gateway HTTP API route selection over a set of {@link HttpRoute}s.
 *
 * <p>A route is a candidate when its method is the request's (case-insensitive) or {@code ANY},
 * and its path matches segment by segment: a literal segment matches the same (percent-decoded)
 * text, {@code {name}} one non-empty segment, and a last {@code {name+}} one or more remaining
 * segments. Among candidates the most specific wins, as in API Gateway ("full match, then path
 * variables, then greedy path variables"): comparing segments left to right, a literal beats a
 * {@code {name}} which beats a {@code {name+}}; for the same path a route with the request's
 * method beats {@code ANY}.
 *
 * <p>When no route is a candidate, the {@code $default} route is selected, if there is one. This
 * includes a request whose path matches a route of another method: API Gateway has no 405, such a
 * request goes to {@code $default} (or gets API Gateway's 404 without one) — here
 * {@code POST /mj/task/1/fetch} goes to the $default route although {@code GET /mj/task/{id}/fetch}
 * exists.
 *
 * <p>The raw path is matched without its query string; a trailing slash is a (empty) segment of
 * its own, so {@code /a/} matches neither {@code /a} nor {@code /a/{x}}. Path parameters are
 * percent-decoded ({@code +} stays {@code +}). Stages are not modelled (the HTTP API's
 * {@code $default} stage has no path prefix), nor CORS preflight (answered by API Gateway itself
 * when CorsConfiguration is set; that is the router's business).
 */
public final class RouteTable {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY");

  private record Compiled(HttpRoute route, String[] segments) {}

  private final List<HttpRoute> routes;
  private final List<Compiled> compiled = new ArrayList<>();
  private final HttpRoute defaultRoute;

  /**
   * @throws TemplateException for a malformed path or method, a greedy variable not at the end, two
   *     {@code $default} routes, or two routes with the same method and the same path shape
   */
  public RouteTable(List<HttpRoute> routes) {
    this.routes = List.copyOf(routes);
    HttpRoute foundDefault = null;
    Map<String, HttpRoute> shapes = new HashMap<>();
    for (HttpRoute r : this.routes) {
      String where = "route " + r.routeKey() + " of " + r.functionLogicalId();
      if (r.isDefault()) {
        if (foundDefault != null) {
          throw new TemplateException(where + ": a second $default route (the first is on "
              + foundDefault.functionLogicalId() + ")");
        }
        foundDefault = r;
        continue;
      }
      if (!METHODS.contains(r.method())) {
        throw new TemplateException(where + ": unknown method " + r.method());
      }
      if (!r.path().startsWith("/")) {
        throw new TemplateException(where + ": the path must start with /");
      }
      String[] segments = r.path().substring(1).split("/", -1);
      StringBuilder shape = new StringBuilder(r.method()).append(' ');
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        boolean variable = s.startsWith("{") && s.endsWith("}") && s.length() > 2;
        if (!variable && (s.contains("{") || s.contains("}"))) {
          throw new TemplateException(where + ": segment '" + s + "' mixes text and a path variable");
        }
        if (variable && s.endsWith("+}") && i != segments.length - 1) {
          throw new TemplateException(where + ": the greedy variable " + s + " must be the last segment");
        }
        shape.append('/').append(variable ? (s.endsWith("+}") ? "{+}" : "{}") : s);
      }
      HttpRoute clash = shapes.put(shape.toString(), r);
      if (clash != null) {
        throw new TemplateException(where + ": conflicts with route " + clash.routeKey() + " of "
            + clash.functionLogicalId());
      }
      compiled.add(new Compiled(r, segments));
    }
    this.defaultRoute = foundDefault;
  }

  public List<HttpRoute> routes() {
    return routes;
  }

  public Optional<HttpRoute> defaultRoute() {
    return Optional.ofNullable(defaultRoute);
  }

  /**
   * The route API Gateway would select, with its path parameters; empty when nothing matches and
   * there is no {@code $default} route (API Gateway's {@code {"message":"Not Found"}}).
   *
   * @param method the request method
   * @param rawPath the request path as sent (percent-encoded); a query string is ignored
   */
  public Optional<RouteMatch> match(String method, String rawPath) {
    String m = method.toUpperCase(Locale.ROOT);
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    String[] request = path.substring(1).split("/", -1);
    Compiled best = null;
    Map<String, String> bestParams = null;
    for (Compiled c : compiled) {
      if (!c.route().method().equals(m) && !c.route().method().equals("ANY")) {
        continue;
      }
      Map<String, String> params = params(c.segments(), request);
      if (params != null && (best == null || compare(c, best) < 0)) {
        best = c;
        bestParams = params;
      }
    }
    if (best != null) {
      return Optional.of(new RouteMatch(best.route(), bestParams));
    }
    return defaultRoute().map(r -> new RouteMatch(r, Map.of()));
  }

  /** Path parameters when the route's segments match, else null. */
  private static Map<String, String> params(String[] route, String[] request) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < route.length; i++) {
      String s = route[i];
      if (isGreedy(s)) {
        if (i >= request.length) {
          return null;
        }
        String rest = String.join("/", java.util.Arrays.copyOfRange(request, i, request.length));
        if (rest.isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 2), decode(rest));
        return params;
      }
      if (i >= request.length) {
        return null;
      }
      if (isVariable(s)) {
        if (request[i].isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 1), decode(request[i]));
      } else if (!s.equals(decode(request[i]))) {
        return null;
      }
    }
    return route.length == request.length ? params : null;
  }

  /** Negative when a is more specific than b. */
  private static int compare(Compiled a, Compiled b) {
    int n = Math.min(a.segments().length, b.segments().length);
    for (int i = 0; i < n; i++) {
      int d = Integer.compare(rank(a.segments()[i]), rank(b.segments()[i]));
      if (d != 0) {
        return d;
      }
    }
    boolean aAny = a.route().method().equals("ANY");
    boolean bAny = b.route().method().equals("ANY");
    return Boolean.compare(aAny, bAny);
  }

  private static int rank(String segment) {
    return isGreedy(segment) ? 2 : isVariable(segment) ? 1 : 0;
  }

  private static boolean isVariable(String s) {
    return s.length() > 2 && s.startsWith("{") && s.endsWith("}");
  }

  private static boolean isGreedy(String s) {
    return isVariable(s) && s.endsWith("+}");
  }

  /** Percent-decoding as UTF-8; a malformed escape stays as written; '+' stays '+'. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
