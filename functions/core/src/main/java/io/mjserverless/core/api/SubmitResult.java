package io.mjserverless.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The envelope of every submit-like answer: {@code {code, description, result, properties}}, always
 * HTTP 200. {@code result} is a task id string, a list of URLs (upload-discord-images) or null.
 */
public record SubmitResult(int code, String description, Object result, Map<String, Object> properties) {
  public static final int SUCCESS = 1;
  public static final int NOT_FOUND = 3;
  public static final int VALIDATION_ERROR = 4;
  public static final int FAILURE = 9;
  public static final int MODAL = 21;
  public static final int IN_QUEUE = 22;
  public static final int QUEUE_FULL = 23;
  public static final int BANNED_PROMPT = 24;

  public SubmitResult {
    properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
  }

  public static SubmitResult success(String taskId, Map<String, Object> properties) {
    return new SubmitResult(SUCCESS, "Submit success", taskId, properties);
  }

  public static SubmitResult of(int code, String description) {
    return new SubmitResult(code, description, null, Map.of());
  }

  public static SubmitResult validation(String description) {
    return of(VALIDATION_ERROR, description);
  }

  public static SubmitResult notFound(String description) {
    return of(NOT_FOUND, description);
  }
}
