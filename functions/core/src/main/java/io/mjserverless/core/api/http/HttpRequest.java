package io.mjserverless.core.api.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An HTTP request as our handlers see it, whatever carried it (API Gateway v2 event or the local server). */
public record HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query, String body) {

  public HttpRequest {
    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      h.putAll(headers);
    }
    headers = h;
    query = query == null ? Map.of() : Map.copyOf(query);
  }

  public Optional<String> header(String name) {
    String v = headers.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public Optional<String> queryParam(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
