package io.mjserverless.core.testing;

import static io.mjserverless.core.json.Json.MAPPER;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.image.ImageOps;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process OpenAI-compatible provider on 127.0.0.1: {@code /v1/images/generations} (JSON),
 * {@code /v1/images/edits} (multipart; a masked edit repaints only where the mask is transparent),
 * {@code /v1/chat/completions}, real PNGs of the asked size answered as {@code b64_json} or as links to
 * {@code /files/<id>.png}, and scripted faults: content-policy refusals, 429 with Retry-After, 5xx,
 * slow answers. A request without the right bearer key gets OpenAI's 401.
 */
public final class FakeOpenAi implements AutoCloseable {
  public static final String REFUSAL_MESSAGE = "Your request was rejected as a result of our safety system.";
  /** The colour a masked edit paints its repainted area with, so tests can see where it painted. */
  public static final Color REPAINT = new Color(250, 20, 200);

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, Queue<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<Recorded> recorded = new ArrayList<>(); // guarded by itself
  private volatile String secret = "sk-fake-openai";
  private volatile boolean urls;
  private volatile String chatReply;

  /** One scripted answer: instead of the normal one, or (slow) before it. */
  public record Answer(int status, String body, Map<String, String> headers, Duration delay) {
    public static Answer refusal() {
      return error(400, "content_policy_violation", "invalid_request_error", REFUSAL_MESSAGE);
    }

    public static Answer moderationBlocked() {
      return error(400, "moderation_blocked", "image_generation_user_error", REFUSAL_MESSAGE);
    }

    public static Answer rateLimited(int retryAfterSeconds) {
      return new Answer(429, errorBody("rate_limit_exceeded", "requests", "Rate limit reached for images per minute."),
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)), Duration.ZERO);
    }

    public static Answer http(int status, String body) {
      return new Answer(status, body, Map.of(), Duration.ZERO);
    }

    public static Answer error(int status, String code, String type, String message) {
      return new Answer(status, errorBody(code, type, message), Map.of(), Duration.ZERO);
    }

    /** The normal answer, after a wait. */
    public static Answer slow(Duration delay) {
      return new Answer(200, null, Map.of(), delay);
    }

    private static String errorBody(String code, String type, String message) {
      ObjectNode root = MAPPER.createObjectNode();
      root.putObject("error").put("message", message).put("type", type).put("code", code).putNull("param");
      return root.toString();
    }
  }

  /** A request as received: route ({@code images/generations}...), headers (lower case), JSON or form fields, files. */
  public record Recorded(String route, Map<String, String> headers, JsonNode json, Map<String, String> fields,
      List<Part> files) {}

  /** A file of a multipart request. */
  public record Part(String name, String filename, byte[] bytes) {
    public BufferedImage image() {
      return ImageOps.decode(bytes);
    }
  }

  private FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-openai");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeOpenAi start() {
    try {
      return new FakeOpenAi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The key a request must carry as {@code Authorization: Bearer <key>}. */
  public FakeOpenAi secret(String key) {
    this.secret = key;
    return this;
  }

  /** Answer pictures as links to this server instead of base64 (unless a request asks for a format). */
  public FakeOpenAi urls(boolean on) {
    this.urls = on;
    return this;
  }

  /** What the chat model says; null: four (describe) or five (shorten) made-up lines. */
  public FakeOpenAi chatReply(String text) {
    this.chatReply = text;
    return this;
  }

  /** Serves a picture at a link of this server (a client's image link, on loopback). */
  public String host(byte[] png) {
    String id = UUID.randomUUID() + ".png";
    files.put(id, png);
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + id;
  }

  /** The base URL to configure, ending in /v1. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers for the next requests to a route ({@code images/generations}, {@code images/edits}, {@code chat/completions}). */
  public FakeOpenAi script(String route, Answer... answers) {
    scripts.computeIfAbsent(route, k -> new ConcurrentLinkedQueue<>()).addAll(Arrays.asList(answers));
    return this;
  }

  public List<Recorded> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  public List<Recorded> requests(String route) {
    return requests().stream().filter(r -> r.route().equals(route)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      if (ex.getRequestMethod().equals("GET") && path.startsWith("/files/")) {
        byte[] file = files.get(path.substring("/files/".length()));
        send(ex, file == null ? 404 : 200, file == null ? "{}".getBytes(UTF_8) : file, file == null ? "application/json" : "image/png");
        return;
      }
      if (!path.startsWith("/v1/") || !ex.getRequestMethod().equals("POST")) {
        send(ex, 404, Answer.errorBody("not_found", "invalid_request_error", "Unknown path " + path).getBytes(UTF_8), "application/json");
        return;
      }
      String route = path.substring("/v1/".length());
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      String contentType = headers.getOrDefault("content-type", "");
      JsonNode json = MAPPER.missingNode();
      Map<String, String> fields = new LinkedHashMap<>();
      List<Part> parts = new ArrayList<>();
      if (contentType.startsWith("multipart/form-data")) {
        parseMultipart(body, contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()), fields, parts);
      } else {
        json = MAPPER.readTree(body.length == 0 ? "{}".getBytes(UTF_8) : body);
      }
      synchronized (recorded) {
        recorded.add(new Recorded(route, headers, json, fields, parts));
      }
      if (!("Bearer " + secret).equals(headers.get("authorization"))) {
        send(ex, 401, Answer.errorBody("invalid_api_key", "invalid_request_error", "Incorrect API key provided.")
            .getBytes(UTF_8), "application/json");
        return;
      }
      Queue<Answer> script = scripts.get(route);
      Answer scripted = script == null ? null : script.poll();
      if (scripted != null && scripted.delay().compareTo(Duration.ZERO) > 0) {
        try {
          Thread.sleep(scripted.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (scripted != null && scripted.body() != null) {
        scripted.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, scripted.status(), scripted.body().getBytes(UTF_8), "application/json");
        return;
      }
      ObjectNode answer = switch (route) {
        case "images/generations" -> pictures(json.path("prompt").asText(""), json.path("n").asInt(1),
            json.path("size").asText("1024x1024"), json.path("response_format").asText(""), null, null);
        case "images/edits" -> pictures(fields.getOrDefault("prompt", ""), Integer.parseInt(fields.getOrDefault("n", "1")),
            fields.getOrDefault("size", "1024x1024"), fields.getOrDefault("response_format", ""),
            parts.stream().filter(p -> p.name().startsWith("image")).findFirst().orElse(null),
            parts.stream().filter(p -> p.name().equals("mask")).findFirst().orElse(null));
        case "chat/completions" -> chat(json);
        default -> null;
      };
      if (answer == null) {
        send(ex, 404, Answer.errorBody("not_found", "invalid_request_error", "Unknown route " + route).getBytes(UTF_8), "application/json");
        return;
      }
      send(ex, 200, answer.toString().getBytes(UTF_8), "application/json");
    } catch (RuntimeException e) {
      // A fake that breaks must say so to the test, not hang it.
      try {
        send(ex, 500, ("{\"error\":{\"message\":\"fake failed: " + e + "\"}}").getBytes(UTF_8), "application/json");
      } catch (IOException ignored) {
        // the client is gone
      }
    }
  }

  private ObjectNode pictures(String prompt, int n, String size, String format, Part image, Part mask) {
    String[] wh = size.split("x");
    int w = Integer.parseInt(wh[0]);
    int h = Integer.parseInt(wh[1]);
    boolean asUrl = format.equals("url") || format.isEmpty() && urls;
    ObjectNode root = MAPPER.createObjectNode();
    root.put("created", System.currentTimeMillis() / 1000);
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < n; i++) {
      byte[] png = ImageOps.png(picture(prompt, i, w, h, image == null ? null : image.image(), mask == null ? null : mask.image()));
      if (asUrl) {
        String id = UUID.randomUUID() + ".png";
        files.put(id, png);
        data.addObject().put("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + id);
      } else {
        data.addObject().put("b64_json", Base64.getEncoder().encodeToString(png));
      }
    }
    return root;
  }

  /** A generation: colour from the prompt and the picture's number; an edit: the input, repainted where the mask is clear. */
  static BufferedImage picture(String prompt, int i, int w, int h, BufferedImage input, BufferedImage mask) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      int hash = (prompt + "#" + i).hashCode();
      Color colour = new Color(40 + (hash & 0x7f), 40 + ((hash >> 8) & 0x7f), 40 + ((hash >> 16) & 0x7f));
      if (input == null) {
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
      } else {
        g.drawImage(input, 0, 0, w, h, null);
        if (mask == null) {
          g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 90));
          g.fillRect(0, 0, w, h);
        }
      }
    } finally {
      g.dispose();
    }
    if (mask != null) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int mx = x * mask.getWidth() / w;
          int my = y * mask.getHeight() / h;
          if ((mask.getRGB(mx, my) >>> 24) == 0) {
            out.setRGB(x, y, REPAINT.getRGB());
          }
        }
      }
    }
    return out;
  }

  private ObjectNode chat(JsonNode json) {
    boolean sawImage = json.path("messages").findValues("image_url").size() > 0;
    String text = chatReply != null ? chatReply : sawImage
        ? "a pink circle on a flat field, minimal poster\n2. a bold round shape, bauhaus print\n"
            + "- a single disc in soft light, studio photo\n\"an abstract circle painting, clean edges\""
        : "a lighthouse at dawn, golden light\na lighthouse at dawn\nlighthouse, dawn light\nlighthouse dawn\nlighthouse";
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", json.path("model").asText());
    root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
        .putObject("message").put("role", "assistant").put("content", text);
    return root;
  }

  private static void parseMultipart(byte[] body, String boundary, Map<String, String> fields, List<Part> parts) {
    String all = new String(body, ISO_8859_1);
    for (String chunk : all.split("--" + java.util.regex.Pattern.quote(boundary))) {
      int headerEnd = chunk.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        continue;
      }
      String head = chunk.substring(0, headerEnd);
      String content = chunk.substring(headerEnd + 4);
      if (content.endsWith("\r\n")) {
        content = content.substring(0, content.length() - 2);
      }
      String name = attribute(head, "name");
      String filename = attribute(head, "filename");
      if (name == null) {
        continue;
      }
      if (filename != null) {
        parts.add(new Part(name, filename, content.getBytes(ISO_8859_1)));
      } else {
        fields.put(name, new String(content.getBytes(ISO_8859_1), UTF_8));
      }
    }
  }

  private static String attribute(String head, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[; ]" + name + "=\"([^\"]*)\"").matcher(head);
    return m.find() ? m.group(1) : null;
  }

  private static void send(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }
}
