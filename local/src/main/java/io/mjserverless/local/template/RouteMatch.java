package io.mjserverless.local.template;

import java.util.Map;

/**
 * The route API Gateway selects for a request.
 *
 * @param route the selected route (maybe the {@code $default} route)
 * @param pathParameters the values of the route's {@code {name}} / {@code {name+}} segments,
 *     percent-decoded; empty for {@code $default}
 */
public record RouteMatch(HttpRoute route, Map<String, String> pathParameters) {
  public RouteMatch {
    pathParameters = Map.copyOf(pathParameters);
  }

  public String functionLogicalId() {
    return route.functionLogicalId();
  }

  public String routeKey() {
    return route.routeKey();
  }
}
