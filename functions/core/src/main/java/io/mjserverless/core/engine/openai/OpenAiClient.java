package io.mjserverless.core.engine.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.engine.EngineBusyException;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.mjproxy.ProviderKey;
import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageDecoder;
import io.mjserverless.core.image.ImageFormat;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageRefusedException;
import io.mjserverless.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * HTTP to an OpenAI-compatible provider: {@code /images/generations}, {@code /images/edits} (multipart)
 * and {@code /chat/completions}, the key as a bearer token, redirects never followed (they would carry
 * the key elsewhere). Every answer becomes a result, "not now" ({@link EngineBusyException}: 429 with
 * its Retry-After, 5xx, timeouts), "banned" ({@link ContentRefusedException}) or "never"
 * ({@link JobRejectedException}: a refused key, a bad request, an answer nobody can read).
 */
public final class OpenAiClient {
  static final int QUOTE_CHARS = 300;
  /** Wait after a 5xx or a timeout, and after a 429 without Retry-After. */
  static final int RETRY_SECONDS = 5;
  static final int RATE_LIMIT_RETRY_SECONDS = 10;
  /** Largest answer read: four big base64 PNGs fit with room to spare. */
  static final int MAX_ANSWER_BYTES = 160 * 1024 * 1024;

  private final OpenAiSettings settings;
  private final ProviderKey key;
  private final RemoteImages links;
  private final HttpClient http;

  public OpenAiClient(OpenAiSettings settings, ProviderKey key, RemoteImages links) {
    this.settings = settings;
    this.key = key;
    this.links = links;
    Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Pictures as PNG bytes, read from base64 or fetched from the links the provider answers with. */
  public List<byte[]> pictures(PictureRequest request) {
    return request.isEdit() ? edit(request) : generate(request);
  }

  List<byte[]> generate(PictureRequest request) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", settings.imageModel());
    body.put("prompt", request.prompt());
    body.put("n", request.count());
    body.put("size", request.size().toString());
    settings.responseFormat().ifPresent(f -> body.put("response_format", f));
    request.seed().ifPresent(s -> body.put("seed", s));
    byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
    return images(send("/images/generations", "application/json", json), "/images/generations");
  }

  List<byte[]> edit(PictureRequest request) {
    Multipart form = new Multipart();
    form.field("model", settings.imageModel());
    form.field("prompt", request.prompt());
    form.field("n", String.valueOf(request.count()));
    form.field("size", request.size().toString());
    settings.responseFormat().ifPresent(f -> form.field("response_format", f));
    // One picture as "image" (every model), several as "image[]" (gpt-image-1's form for several inputs).
    String name = request.images().size() == 1 ? "image" : "image[]";
    for (int i = 0; i < request.images().size(); i++) {
      form.file(name, "image-" + (i + 1) + ".png", request.images().get(i));
    }
    request.mask().ifPresent(m -> form.file("mask", "mask.png", m));
    return images(send("/images/edits", form.contentType(), form.bytes()), "/images/edits");
  }

  /** The text of the first choice of a chat completion. */
  public String chat(ObjectNode body) {
    body.put("model", settings.chatModel());
    JsonNode answer = read(send("/chat/completions", "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8)),
        "/chat/completions");
    JsonNode content = answer.path("choices").path(0).path("message").path("content");
    if (content.isTextual() && !content.asText().isBlank()) {
      return content.asText();
    }
    String refusal = answer.path("choices").path(0).path("message").path("refusal").asText("");
    if (!refusal.isBlank()) {
      throw new ContentRefusedException(refusal);
    }
    throw new JobRejectedException("the chat model answered without any text: " + quote(Json.write(answer)));
  }

  private record Reply(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private Reply send(String route, String contentType, byte[] body) {
    Reply reply = exchange(route, contentType, body);
    if ((reply.status() == 401 || reply.status() == 403) && key.reread()) {
      reply = exchange(route, contentType, body); // the key was rotated: once more with the new one
    }
    return reply;
  }

  private Reply exchange(String route, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.apiRoot() + route))
        .timeout(settings.timeout())
        .header("Content-Type", contentType)
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    key.current().ifPresent(k -> b.header("Authorization", "Bearer " + k));
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new EngineBusyException("the image provider did not answer " + route + " within "
          + settings.timeout().toSeconds() + " s", RETRY_SECONDS, e);
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new EngineBusyException("the image provider could not be reached for " + route + ": " + message, RETRY_SECONDS, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException("interrupted while calling the image provider", RETRY_SECONDS, e);
    }
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
    } catch (IOException e) {
      throw new EngineBusyException("the image provider's answer to " + route + " broke off: " + e.getMessage(), RETRY_SECONDS, e);
    }
    if (bytes.length > MAX_ANSWER_BYTES) {
      throw new JobRejectedException("the image provider's answer to " + route + " is larger than " + MAX_ANSWER_BYTES + " bytes");
    }
    Reply reply = new Reply(response.statusCode(), bytes);
    if (reply.status() / 100 != 2) {
      throw failure(reply, route, response.headers());
    }
    return reply;
  }

  /** What a non-2xx answer means for the job. */
  private RuntimeException failure(Reply reply, String route, java.net.http.HttpHeaders headers) {
    int status = reply.status();
    JsonNode error = parse(reply.text()).map(j -> j.path("error")).orElse(Json.MAPPER.missingNode());
    String code = error.path("code").asText("");
    String type = error.path("type").asText("");
    String message = error.path("message").asText("");
    String said = message.isBlank() ? (reply.body().length == 0 ? "an empty body" : quote(reply.text()))
        : (code.isBlank() ? "" : code + ": ") + message;
    if (isContentRefusal(code, type, message)) {
      return new ContentRefusedException(said);
    }
    if (status == 429 && !code.equals("insufficient_quota") && !code.equals("billing_hard_limit_reached")) {
      return new EngineBusyException("the image provider is rate limiting us (HTTP 429 to " + route + ": " + said + ")",
          retryAfterSeconds(headers).orElse(RATE_LIMIT_RETRY_SECONDS));
    }
    if (status >= 500) {
      return new EngineBusyException("the image provider answered HTTP " + status + " to " + route + " (" + said + ")",
          retryAfterSeconds(headers).orElse(RETRY_SECONDS));
    }
    if (status == 401 || status == 403) {
      return new JobRejectedException("the image provider refused our key (HTTP " + status + " to " + route + ": " + said
          + "); check " + OpenAiSettings.variable(settings.mode(), "KEY") + " / "
          + OpenAiSettings.variable(settings.mode(), "KEY_PARAMETER"));
    }
    if (status / 100 == 3) {
      return new JobRejectedException("the image provider redirected " + route + " (HTTP " + status + "); set "
          + OpenAiSettings.variable(settings.mode(), "URL") + " to where it answers");
    }
    return new JobRejectedException("the image provider refused the request (HTTP " + status + " to " + route + ": " + said + ")");
  }

  static boolean isContentRefusal(String code, String type, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return code.equals("content_policy_violation") || code.equals("moderation_blocked")
        || type.equals("content_policy_violation")
        || (type.equals("image_generation_user_error") && m.contains("safety"));
  }

  /** OpenAI's {@code retry-after-ms}, else {@code Retry-After} as seconds or an HTTP date. */
  static Optional<Integer> retryAfterSeconds(java.net.http.HttpHeaders headers) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of((int) Math.max(1, Math.ceil(Double.parseDouble(ms.get().trim()) / 1000)));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    Optional<String> value = headers.firstValue("retry-after");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().trim();
    try {
      return Optional.of((int) Math.max(1, Math.min(3600, Math.ceil(Double.parseDouble(v)))));
    } catch (NumberFormatException notSeconds) {
      try {
        long seconds = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toSeconds();
        return Optional.of((int) Math.max(1, Math.min(3600, seconds)));
      } catch (RuntimeException notADate) {
        return Optional.empty();
      }
    }
  }

  private JsonNode read(Reply reply, String route) {
    return parse(reply.text()).filter(JsonNode::isObject).orElseThrow(() -> new JobRejectedException(
        "the image provider's answer to " + route + " could not be read (HTTP " + reply.status() + "): "
            + (reply.body().length == 0 ? "an empty body" : quote(reply.text()))));
  }

  private List<byte[]> images(Reply reply, String route) {
    JsonNode data = read(reply, route).path("data");
    if (!data.isArray() || data.isEmpty()) {
      throw new JobRejectedException("the image provider's answer to " + route + " has no pictures: " + quote(reply.text()));
    }
    List<byte[]> out = new ArrayList<>();
    for (JsonNode item : data) {
      byte[] bytes;
      if (item.hasNonNull("b64_json")) {
        try {
          bytes = Base64.getMimeDecoder().decode(item.get("b64_json").asText());
        } catch (IllegalArgumentException e) {
          throw new JobRejectedException("the image provider's picture is not valid base64");
        }
      } else if (item.hasNonNull("url")) {
        bytes = download(item.get("url").asText());
      } else {
        throw new JobRejectedException("the image provider's answer to " + route + " has a picture without b64_json or url");
      }
      out.add(asPng(bytes));
    }
    return out;
  }

  /** A result link, fetched at once (links expire): the address guard, no redirects, a size cap. */
  private byte[] download(String url) {
    try {
      return links.fetch(url);
    } catch (JobRejectedException | IllegalArgumentException e) {
      throw new JobRejectedException("the image provider's picture could not be copied: " + e.getMessage(), e);
    }
  }

  /** Checked against the pixel cap before decoding; our results are PNG, so other formats are converted once. */
  static byte[] asPng(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() ->
        new JobRejectedException("the image provider's picture is not a PNG, JPEG, WebP or GIF image (" + bytes.length + " bytes)"));
    try {
      ImageDecoder.requireWithinLimit(new DecodedImage(bytes, format));
      return format == ImageFormat.PNG ? bytes : ImageOps.png(ImageOps.decode(bytes));
    } catch (ImageRefusedException e) {
      throw new JobRejectedException("the image provider's picture " + e.reason(), e);
    }
  }

  private static Optional<JsonNode> parse(String text) {
    String body = text.strip();
    if (!body.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readTree(body));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String quote(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return "'" + (oneLine.length() > QUOTE_CHARS ? oneLine.substring(0, QUOTE_CHARS) + "..." : oneLine) + "'";
  }

  /** A multipart/form-data body built in memory (a few pictures of a few MB). */
  static final class Multipart {
    private final String boundary = "mj-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    void file(String name, String filename, byte[] content) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
          + "\"\r\nContent-Type: image/png\r\n\r\n");
      out.writeBytes(content);
      write("\r\n");
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      write("--" + boundary + "--\r\n");
      return out.toByteArray();
    }

    private void write(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
