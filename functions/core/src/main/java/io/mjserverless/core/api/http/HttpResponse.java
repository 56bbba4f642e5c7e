package io.mjserverless.core.api.http;

import io.mjserverless.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: always JSON, always with the CORS header browser UIs need. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

  public static final Map<String, String> CORS_HEADERS = Map.of(
      "Access-Control-Allow-Origin", "*",
      "Access-Control-Allow-Headers", "Authorization, Content-Type, mj-api-secret, Idempotency-Key",
      "Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS",
      "Access-Control-Max-Age", "86400");

  public static HttpResponse json(int status, Object value) {
    Map<String, String> headers = new LinkedHashMap<>(CORS_HEADERS);
    headers.put("Content-Type", "application/json; charset=utf-8");
    return new HttpResponse(status, headers, Json.write(value));
  }

  public static HttpResponse ok(Object value) {
    return json(200, value);
  }

  /** The JSON error of a transport-level failure: {@code {"type": ..., "description": ...}}. */
  public static HttpResponse error(int status, String type, String description) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("description", description);
    return json(status, body);
  }

  public static HttpResponse preflight() {
    return new HttpResponse(204, new LinkedHashMap<>(CORS_HEADERS), "");
  }
}
