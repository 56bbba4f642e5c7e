package io.mjserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal client of the Open API as any client would call it over HTTP: the demo's, and the end-to-end tests'. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  public ApiClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /** An answer: HTTP status and body. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      return Json.tree(body);
    }
  }

  public Answer post(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))));
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + apiKey)
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Downloads a URL the API handed out (an image link), without our key: links must work on their own. */
  public byte[] download(String url) {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot download " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls fetch until the task is final, calling {@code onProgress} with each task JSON seen. */
  public JsonNode awaitFinal(String taskId, Duration timeout, java.util.function.Consumer<JsonNode> onProgress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode task = get("/mj/task/" + taskId + "/fetch").json();
      onProgress.accept(task);
      String status = task.path("status").asText();
      if (status.equals("SUCCESS") || status.equals("FAILURE") || status.equals("CANCEL")) {
        return task;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("task " + taskId + " did not finish within " + timeout);
  }
}
