package io.mjserverless.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} with SAM Globals applied and everything resolved.
 *
 * @param logicalId its key under Resources
 * @param handlerClass the part of {@code Handler} before {@code ::}
 * @param handlerMethod the part after {@code ::}; {@code handleRequest} when the Handler names only a class
 * @param codeUri the function's or Globals' CodeUri, resolved against the template's folder
 * @param runtime e.g. {@code java21}; null when neither the function nor Globals set one
 * @param memorySize MB (Lambda's default 128 when not set)
 * @param timeoutSeconds seconds (Lambda's default 3 when not set)
 * @param environment Globals.Function.Environment.Variables overlaid with the function's (the
 *     function wins; a key whose value is AWS::NoValue is absent), every value a string
 * @param httpRoutes its HttpApi events, in template order
 * @param s3Triggers its S3 events, in template order
 * @param schedules its Schedule events with a rate, in template order
 */
public record FunctionDef(String logicalId, String handlerClass, String handlerMethod, Path codeUri, String runtime,
    int memorySize, int timeoutSeconds, Map<String, String> environment, List<HttpRoute> httpRoutes,
    List<S3Trigger> s3Triggers, List<ScheduleEvent> schedules) {

  public FunctionDef {
    schedules = List.copyOf(schedules);
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    httpRoutes = List.copyOf(httpRoutes);
    s3Triggers = List.copyOf(s3Triggers);
  }

  /** {@code handlerClass::handlerMethod}. */
  public String handler() {
    return handlerClass + "::" + handlerMethod;
  }
}
