package io.mjserverless.core.testing;

import static io.mjserverless.core.json.Json.MAPPER;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.prompt.NumberedPrompts;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord's REST API and the Midjourney bot as a REST-polling client sees them (shared/reference/discord-protocol.md),
 * on 127.0.0.1 only: interactions answered 204; the bot's waiting message, progress edits with a preview, the final
 * message with a real PNG attachment (served here) and components with Midjourney's custom ids, then the progress
 * message deleted; describe and shorten answers in embeds; error embeds; 429 with Retry-After; 401; CAPTCHA; a stale
 * command version (50035); uploads through an upload URL; the command index; ❌ reactions that stop a job.
 * Time comes from an injectable clock, so tests move time instead of sleeping. Scriptable per test.
 */
public final class FakeDiscord implements AutoCloseable {
  public static final String MJ_BOT = "936929561302675456";
  public static final String NIJI_BOT = "1022952195194359889";
  public static final List<String> DESCRIBED = List.of("a lighthouse on a cliff at dawn, oil painting --ar 1:1",
      "four colour squares, bauhaus poster --ar 1:1", "a calm sea under golden light --ar 1:1", "minimal geometric test card --ar 1:1");
  private static final long EPOCH = 1420070400000L;
  private static final String KEYCAP = "\uFE0F\u20E3";
  private static final Pattern MESSAGES = Pattern.compile("/channels/([^/]+)/messages");
  private static final Pattern REACTION = Pattern.compile("/channels/([^/]+)/messages/([^/]+)/reactions/([^/]+)/@me");
  private static final Pattern INDEX = Pattern.compile("/channels/([^/]+)/application-command-index");
  private static final Pattern ATTACH = Pattern.compile("/channels/([^/]+)/attachments");

  /** What the bot does with the next job of an account. */
  public enum Behaviour {
    NORMAL,
    /** A red embed "Banned prompt detected". */
    BANNED,
    /** A red embed "Invalid parameter". */
    INVALID_PARAMETER,
    /** A red embed "Queue full". */
    QUEUE_FULL,
    /** A red embed "Credits exhausted" (account-level). */
    CREDITS_EXHAUSTED,
    /** Nothing visible: Midjourney answered ephemerally. */
    SILENT,
    /** Progress, then the message is deleted and no result comes (soft moderation). */
    VANISH,
    /** Stays "Waiting to start" for ever. */
    STALL
  }

  /** A scripted HTTP answer for the next call of a route, before anything else happens. */
  public record Answer(int status, String body, Map<String, String> headers) {
    public static Answer rateLimited(double seconds) {
      return new Answer(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":" + seconds + ",\"global\":false}",
          Map.of("Retry-After", String.valueOf((long) Math.ceil(seconds))));
    }

    public static Answer unauthorized() {
      return new Answer(401, "{\"message\":\"401: Unauthorized\",\"code\":0}", Map.of());
    }

    public static Answer captcha() {
      return new Answer(400, "{\"captcha_key\":[\"captcha-required\"],\"captcha_sitekey\":\"a9b5fb07\",\"captcha_service\":\"hcaptcha\"}",
          Map.of());
    }

    public static Answer status(int status) {
      return new Answer(status, "{\"message\":\"scripted\",\"code\":0}", Map.of());
    }
  }

  /** One request as received (the Authorization header included: it is a fake). */
  public record Recorded(String method, String path, Map<String, String> headers, String body) {}

  private record User(String token, String userId, List<String> channels) {}

  private static final class Job {
    String command;
    String kind; // grid, image, describe, shorten, error
    String userId;
    String channelId;
    String botId;
    String prompt;
    String words = ""; // what follows the prompt: "Image #2", "Variations (Strong) by"
    String interactionId;
    int interactionType;
    String parentMessageId;
    String progressId;
    String finalId;
    long created;
    long startAt;
    long endAt;
    Long cancelledAt;
    Behaviour behaviour;
    String hash = UUID.randomUUID().toString();
    boolean single;
    String describedImage;
    String errorTitle;
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private volatile LongSupplier clock = System::currentTimeMillis;
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, Deque<Behaviour>> behaviours = new HashMap<>();
  private final Map<String, Deque<Answer>> scripts = new HashMap<>();
  private final List<Job> jobs = new ArrayList<>();
  private final Map<String, byte[]> uploads = new HashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> versions = new HashMap<>();
  private long sequence;
  private long jobMillis = 20_000;
  private long receivedAfterMillis;
  private long answeredAfterMillis;
  private LongConsumer advance = millis -> {};
  private volatile long replyDelayMillis;
  private int quadrantSide = 64;

  private FakeDiscord() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-discord");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    for (String name : List.of("imagine", "describe", "blend", "shorten")) {
      versions.put(name, "1237876415471554623");
    }
  }

  public static FakeDiscord start() {
    try {
      FakeDiscord fake = new FakeDiscord();
      fake.server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  /** The API root to configure as {@code DISCORD_API_URL}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v9";
  }

  public FakeDiscord clock(LongSupplier nowMillis) {
    clock = nowMillis;
    return this;
  }

  /** How long a grid job takes from its interaction to its final message. */
  /**
   * A slow interactions endpoint on the test's clock: Discord receives each interaction (its id's time)
   * {@code receivedAfter} ms after the POST begins and answers {@code answeredAfter} ms after it began,
   * moving the test's clock by that much through {@code advance}.
   */
  public synchronized FakeDiscord slowInteractions(long receivedAfter, long answeredAfter, LongConsumer advance) {
    this.receivedAfterMillis = receivedAfter;
    this.answeredAfterMillis = answeredAfter;
    this.advance = advance;
    return this;
  }

  /** Takes each interaction at once but holds back its answer for this long (real time): a lost or late answer. */
  public FakeDiscord delayInteractionAnswers(long millis) {
    this.replyDelayMillis = millis;
    return this;
  }

  /** The ids of the interactions Discord took, in the order it took them. */
  public synchronized List<String> interactionIds() {
    return jobs.stream().map(j -> j.interactionId).toList();
  }

  public FakeDiscord jobMillis(long millis) {
    jobMillis = millis;
    return this;
  }

  public FakeDiscord quadrantSide(int side) {
    quadrantSide = side;
    return this;
  }

  /** A user token that works, its user id and the channels (guild channel, DM) it may use. */
  public synchronized FakeDiscord account(String token, String userId, String... channels) {
    users.put(token, new User(token, userId, List.of(channels)));
    return this;
  }

  /** The token is reset: every call with it answers 401 from now on (an account that dies mid-job). */
  public synchronized void revoke(String token) {
    users.remove(token);
  }

  /** What the bot does with the next jobs of this user, in order; then NORMAL. */
  public synchronized FakeDiscord behave(String userId, Behaviour... next) {
    behaviours.computeIfAbsent(userId, k -> new ArrayDeque<>()).addAll(List.of(next));
    return this;
  }

  /**
   * Answers for the next calls of a route: {@code interactions}, {@code messages}, {@code me}, {@code index},
   * {@code attachments}, {@code reactions}.
   */
  public synchronized FakeDiscord script(String route, Answer... answers) {
    scripts.computeIfAbsent(route, k -> new ArrayDeque<>()).addAll(List.of(answers));
    return this;
  }

  /** Midjourney changed its commands: the versions callers hold are outdated (400, 50035) until they read the index. */
  public synchronized void outdateCommands() {
    versions.replaceAll((k, v) -> String.valueOf(Long.parseLong(v) + 1000));
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public List<Recorded> requests(String method, String pathPart) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
  }

  /** The interactions received, as sent. */
  public List<JsonNode> interactions() {
    List<JsonNode> out = new ArrayList<>();
    for (Recorded r : requests("POST", "/interactions")) {
      try {
        out.add(MAPPER.readTree(r.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The bytes uploaded through upload URLs, by upload file name ({@code <uuid>/<name>}). */
  public synchronized Map<String, byte[]> uploads() {
    return Map.copyOf(uploads);
  }

  public synchronized int jobCount() {
    return jobs.size();
  }

  /** The channel's messages as a GET shows them now, newest first. */
  public synchronized List<JsonNode> messages(String channelId) {
    return visible(channelId, clock.getAsLong());
  }

  // ---- HTTP ----

  private record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
    static Reply json(int status, String json) {
      return new Reply(status, json.getBytes(UTF_8), "application/json", Map.of());
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] raw = ex.getRequestBody().readAllBytes();
      String body = new String(raw, path.startsWith("/upload/") ? StandardCharsets.ISO_8859_1 : UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      requests.add(new Recorded(ex.getRequestMethod(), path + (ex.getRequestURI().getRawQuery() == null ? ""
          : "?" + ex.getRequestURI().getRawQuery()), headers, path.startsWith("/upload/") ? "" : body));
      Reply reply;
      synchronized (this) {
        reply = answer(ex, path, headers, body);
      }
      if (path.endsWith("/interactions") && replyDelayMillis > 0) {
        try {
          Thread.sleep(replyDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      if (reply.contentType() != null) {
        ex.getResponseHeaders().add("Content-Type", reply.contentType());
      }
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      if (reply.body().length > 0) {
        ex.getResponseBody().write(reply.body());
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or the fake has a bug the test will see as a failed call
    }
  }

  private Reply answer(HttpExchange ex, String path, Map<String, String> headers, String body) throws IOException {
    String method = ex.getRequestMethod();
    if (path.startsWith("/attachments/")) {
      return attachment(path);
    }
    if (path.startsWith("/upload/")) {
      uploads.put(path.substring("/upload/".length()), body.getBytes(StandardCharsets.ISO_8859_1));
      return new Reply(200, new byte[0], null, Map.of());
    }
    if (!path.startsWith("/api/v9/")) {
      return Reply.json(404, "{\"message\":\"404: Not Found\",\"code\":0}");
    }
    String route = path.substring("/api/v9".length());
    String name = route.equals("/interactions") ? "interactions" : route.equals("/users/@me") ? "me"
        : INDEX.matcher(route).matches() ? "index" : ATTACH.matcher(route).matches() ? "attachments"
        : REACTION.matcher(route).matches() ? "reactions" : MESSAGES.matcher(route).matches() ? "messages" : "other";
    Deque<Answer> scripted = scripts.get(name);
    if (scripted != null && !scripted.isEmpty()) {
      Answer a = scripted.poll();
      return new Reply(a.status(), a.body().getBytes(UTF_8), "application/json", a.headers());
    }
    User user = users.get(headers.getOrDefault("authorization", ""));
    if (user == null) {
      return Reply.json(401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
    }
    long now = clock.getAsLong();
    Matcher m;
    if (name.equals("me")) {
      return Reply.json(200, MAPPER.createObjectNode().put("id", user.userId()).put("username", "user" + user.userId()).toString());
    }
    if (name.equals("interactions") && method.equals("POST")) {
      Reply reply = interaction(user, MAPPER.readTree(body), now + receivedAfterMillis);
      advance.accept(answeredAfterMillis);
      return reply;
    }
    if ((m = INDEX.matcher(route)).matches()) {
      ObjectNode index = MAPPER.createObjectNode();
      index.putArray("applications").addObject().put("id", MJ_BOT).put("name", "Midjourney Bot");
      ArrayNode commands = index.putArray("application_commands");
      Map<String, String> ids = Map.of("imagine", "938956540159881230", "describe", "1092492867185950852",
          "blend", "1062880104792997970", "shorten", "1121575372539039774");
      versions.forEach((cmd, version) -> commands.addObject().put("id", ids.get(cmd)).put("application_id", MJ_BOT)
          .put("version", version).put("name", cmd).put("type", 1));
      return Reply.json(200, index.toString());
    }
    if ((m = ATTACH.matcher(route)).matches() && method.equals("POST")) {
      if (!user.channels().contains(m.group(1))) {
        return Reply.json(403, "{\"message\":\"Missing Access\",\"code\":50001}");
      }
      JsonNode file = MAPPER.readTree(body).path("files").path(0);
      String uploaded = UUID.randomUUID() + "/" + file.path("filename").asText("file.png");
      ObjectNode answer = MAPPER.createObjectNode();
      answer.putArray("attachments").addObject().put("id", 0).put("upload_url", base() + "/upload/" + uploaded)
          .put("upload_filename", uploaded);
      return Reply.json(200, answer.toString());
    }
    if ((m = REACTION.matcher(route)).matches() && method.equals("PUT")) {
      String emoji = URLDecoder.decode(m.group(3), UTF_8);
      for (Job job : jobs) {
        if (m.group(2).equals(job.progressId) && emoji.equals("\u274C") && job.cancelledAt == null && now < job.endAt) {
          job.cancelledAt = now;
        }
      }
      return new Reply(204, new byte[0], null, Map.of());
    }
    if ((m = MESSAGES.matcher(route)).matches() && method.equals("GET")) {
      if (!user.channels().contains(m.group(1))) {
        return Reply.json(403, "{\"message\":\"Missing Access\",\"code\":50001}");
      }
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      List<JsonNode> all = visible(m.group(1), now);
      ArrayNode out = MAPPER.createArrayNode();
      if (query.containsKey("around")) {
        long around = Long.parseUnsignedLong(query.get("around"));
        all.stream().min(Comparator.comparingLong(j -> Math.abs(Long.parseUnsignedLong(j.path("id").asText()) - around)))
            .ifPresent(out::add);
      } else {
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        all.stream().limit(limit).forEach(out::add);
      }
      return Reply.json(200, out.toString());
    }
    return Reply.json(404, "{\"message\":\"404: Not Found\",\"code\":0}");
  }

  private Reply interaction(User user, JsonNode body, long now) {
    String channel = body.path("channel_id").asText();
    if (!user.channels().contains(channel)) {
      return Reply.json(403, "{\"message\":\"Missing Access\",\"code\":50001}");
    }
    String botId = body.path("application_id").asText(MJ_BOT);
    Job job = new Job();
    job.userId = user.userId();
    job.channelId = channel;
    job.botId = botId;
    job.created = now;
    job.interactionId = snowflake(now);
    job.behaviour = Optional.ofNullable(behaviours.get(user.userId())).map(Deque::poll).orElse(Behaviour.NORMAL);
    JsonNode data = body.path("data");
    if (body.path("type").asInt() == 2) {
      String name = data.path("name").asText();
      if (!data.path("version").asText().equals(versions.get(name))) {
        return Reply.json(400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"data\":{\"_errors\":[{\"code\":"
            + "\"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION\",\"message\":\"This command is outdated, please try again in a few minutes\"}]}}}");
      }
      job.command = name;
      job.interactionType = 2;
      switch (name) {
        case "imagine" -> {
          job.kind = "grid";
          job.prompt = option(data, "prompt");
        }
        case "shorten" -> {
          job.kind = "shorten";
          job.prompt = option(data, "prompt");
        }
        case "describe" -> {
          job.kind = "describe";
          job.describedImage = base() + "/attachments/uploads/" + data.path("attachments").path(0).path("uploaded_filename").asText();
          job.prompt = "";
        }
        case "blend" -> {
          job.kind = "grid";
          StringBuilder links = new StringBuilder();
          for (JsonNode a : data.path("attachments")) {
            links.append("<https://s.mj.run/").append(a.path("id").asText()).append(UUID.randomUUID().toString(), 0, 6).append("> ");
          }
          job.prompt = links + option(data, "dimensions");
        }
        default -> {
          return Reply.json(400, "{\"message\":\"Unknown command\",\"code\":10063}");
        }
      }
    } else if (body.path("type").asInt() == 3) {
      String messageId = body.path("message_id").asText();
      Optional<Job> parent = jobs.stream().filter(j -> messageId.equals(j.finalId) && now >= j.endAt).findFirst();
      if (parent.isEmpty()) {
        return Reply.json(404, "{\"message\":\"Unknown Message\",\"code\":10008}");
      }
      if (!button(job, parent.get(), data.path("custom_id").asText())) {
        return new Reply(204, new byte[0], null, Map.of()); // "This interaction failed": seen only in the client
      }
      job.interactionType = 3;
      job.parentMessageId = messageId;
    } else {
      return Reply.json(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");
    }
    long ack = 500;
    job.progressId = snowflake(now + ack);
    boolean quick = job.single && job.words.startsWith("Image #") || job.kind.equals("describe") || job.kind.equals("shorten");
    job.startAt = now + (quick ? ack : 2000);
    job.endAt = now + (quick ? 3000 : jobMillis);
    job.finalId = snowflake(job.endAt);
    job.errorTitle = switch (job.behaviour) {
      case BANNED -> "Banned prompt detected";
      case INVALID_PARAMETER -> "Invalid parameter";
      case QUEUE_FULL -> "Queue full";
      case CREDITS_EXHAUSTED -> "Credits exhausted";
      default -> null;
    };
    jobs.add(job);
    return new Reply(204, new byte[0], null, Map.of());
  }

  /** Sets a button's job from its custom id; false for a button the bot does nothing with. */
  private boolean button(Job job, Job parent, String customId) {
    String[] p = customId.split("::");
    job.prompt = parent.prompt;
    job.command = "button";
    job.kind = "grid";
    if (customId.equals("MJ::Picread::Retry")) {
      job.kind = "describe";
      job.describedImage = parent.describedImage;
      return true;
    }
    if (p.length < 4) {
      return false;
    }
    String token = p[1].equals("JOB") ? p[2] : p[1];
    switch (token) {
      case "upsample" -> {
        job.single = true;
        job.kind = "image";
        job.words = "Image #" + p[3];
      }
      case "variation" -> job.words = "Variations by";
      case "reroll" -> job.words = "";
      case "low_variation" -> job.words = "Variations (Subtle) by";
      case "high_variation" -> job.words = "Variations (Strong) by";
      case "Outpaint" -> job.words = "Zoom Out by";
      case "pan_left", "pan_right", "pan_up", "pan_down" -> job.words = "Pan " + Character.toUpperCase(token.charAt(4))
          + token.substring(5) + " by";
      case "upsample_v6_2x_subtle", "upsample_v6_2x_creative" -> {
        job.kind = "image";
        job.words = "Upscaled (" + (token.endsWith("subtle") ? "Subtle" : "Creative") + ") by";
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  // ---- what the channel shows ----

  private List<JsonNode> visible(String channelId, long now) {
    List<JsonNode> out = new ArrayList<>();
    for (Job job : jobs) {
      if (job.channelId.equals(channelId)) {
        messagesOf(job, now).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing((JsonNode j) -> Long.parseUnsignedLong(j.path("id").asText())).reversed());
    return out;
  }

  private Optional<JsonNode> messagesOf(Job job, long now) {
    long shown = Long.parseUnsignedLong(job.progressId) >>> 22;
    if (now - EPOCH < shown || job.behaviour == Behaviour.SILENT) {
      return Optional.empty();
    }
    if (job.cancelledAt != null) {
      return Optional.empty();
    }
    if (job.errorTitle != null) {
      ObjectNode m = message(job, job.progressId, "");
      ObjectNode embed = m.putArray("embeds").addObject();
      embed.put("title", job.errorTitle).put("color", 16711680)
          .put("description", job.errorTitle.equals("Banned prompt detected")
              ? "Sorry! Our AI moderator thinks this prompt is probably against our community standards.\n\n" + job.prompt
              : "The job could not run: " + job.prompt);
      return Optional.of(m);
    }
    if (job.behaviour == Behaviour.STALL || now < job.endAt && now < job.startAt) {
      return job.single || job.kind.equals("describe") || job.kind.equals("shorten") ? Optional.empty()
          : Optional.of(message(job, job.progressId, echo(job, "(Waiting to start)")));
    }
    if (now < job.endAt || job.behaviour == Behaviour.VANISH) {
      if (job.behaviour == Behaviour.VANISH && now >= job.startAt + (job.endAt - job.startAt) / 2) {
        return Optional.empty(); // deleted: no tombstone
      }
      if (job.single || job.kind.equals("describe") || job.kind.equals("shorten")) {
        return Optional.empty();
      }
      int percent = (int) Math.min(93, Math.max(1, (now - job.startAt) * 100 / Math.max(1, job.endAt - job.startAt)));
      percent = percent / 15 * 15 + 1;
      ObjectNode m = message(job, job.progressId, echo(job, "(" + percent + "%) (" + speed(job) + ")"));
      m.put("edited_timestamp", Instant.ofEpochMilli(now).toString());
      m.putArray("attachments").addObject().put("id", snowflake(now)).put("filename", job.hash + "_grid_0.png")
          .put("url", base() + "/attachments/" + job.hash + "/preview-" + percent + ".png?ex=1&hm=2").put("content_type", "image/png");
      return Optional.of(m);
    }
    return Optional.of(finalMessage(job));
  }

  private JsonNode finalMessage(Job job) {
    if (job.kind.equals("describe")) {
      ObjectNode m = message(job, job.finalId, "");
      ObjectNode embed = m.putArray("embeds").addObject();
      embed.put("description", NumberedPrompts.format(DESCRIBED)).put("color", 0);
      embed.putObject("image").put("url", job.describedImage);
      ArrayNode row = m.putArray("components").addObject().put("type", 1).putArray("components");
      for (int n = 1; n <= 4; n++) {
        button(row, "MJ::Job::PicReader::" + n, "", n + KEYCAP);
      }
      button(row, "MJ::Picread::Retry", "", "\uD83D\uDD04");
      return m;
    }
    if (job.kind.equals("shorten")) {
      ObjectNode m = message(job, job.finalId, "");
      List<String> shortened = new ArrayList<>();
      String[] words = job.prompt.replaceAll("--\\S+(\\s+[^-\\s]\\S*)?", "").trim().split("\\s+");
      for (int n = 5; n >= 1; n--) {
        shortened.add(String.join(" ", Arrays.copyOf(words, Math.max(1, Math.min(words.length, n + 1)))));
      }
      ObjectNode embed = m.putArray("embeds").addObject();
      embed.put("description", "## Important tokens\n**" + job.prompt + "**\n## Shortened prompts\n" + NumberedPrompts.format(shortened))
          .put("color", 0);
      embed.putObject("footer").put("text", "Click on a button to imagine one of the shortened prompts");
      ArrayNode row = m.putArray("components").addObject().put("type", 1).putArray("components");
      for (int n = 1; n <= 5; n++) {
        button(row, "MJ::Job::PromptAnalyzer::" + n, "", n + KEYCAP);
      }
      return m;
    }
    String tail = job.words.isEmpty() ? "(" + speed(job) + ")" : job.words.startsWith("Image #") ? "" : "(" + speed(job) + ")";
    ObjectNode m = message(job, job.finalId, echo(job, tail));
    String filename = "user_" + job.prompt.replaceAll("[^a-z]+", "_").replaceAll("^_|_$", "") + "_" + job.hash + ".png";
    m.putArray("attachments").addObject().put("id", job.finalId).put("filename", filename)
        .put("url", base() + "/attachments/" + job.hash + "/" + (job.kind.equals("image") ? "image" : "grid") + ".png?ex=1&is=2&hm=3")
        .put("content_type", "image/png");
    ArrayNode rows = m.putArray("components");
    if (job.kind.equals("grid")) {
      ArrayNode first = rows.addObject().put("type", 1).putArray("components");
      for (int n = 1; n <= 4; n++) {
        button(first, "MJ::JOB::upsample::" + n + "::" + job.hash, "U" + n, null);
      }
      button(first, "MJ::JOB::reroll::0::" + job.hash + "::SOLO", "", "\uD83D\uDD04");
      ArrayNode second = rows.addObject().put("type", 1).putArray("components");
      for (int n = 1; n <= 4; n++) {
        button(second, "MJ::JOB::variation::" + n + "::" + job.hash, "V" + n, null);
      }
    } else {
      ArrayNode first = rows.addObject().put("type", 1).putArray("components");
      button(first, "MJ::JOB::upsample_v6_2x_subtle::1::" + job.hash + "::SOLO", "Upscale (Subtle)", null);
      button(first, "MJ::JOB::upsample_v6_2x_creative::1::" + job.hash + "::SOLO", "Upscale (Creative)", null);
      button(first, "MJ::JOB::low_variation::1::" + job.hash + "::SOLO", "Vary (Subtle)", "\uD83E\uDE84");
      button(first, "MJ::JOB::high_variation::1::" + job.hash + "::SOLO", "Vary (Strong)", "\uD83E\uDE84");
      button(first, "MJ::Inpaint::1::" + job.hash + "::SOLO", "Vary (Region)", "\uD83D\uDD8C");
      ArrayNode second = rows.addObject().put("type", 1).putArray("components");
      button(second, "MJ::Outpaint::50::1::" + job.hash + "::SOLO", "Zoom Out 2x", "\uD83D\uDD0D");
      button(second, "MJ::Outpaint::75::1::" + job.hash + "::SOLO", "Zoom Out 1.5x", "\uD83D\uDD0D");
      button(second, "MJ::CustomZoom::" + job.hash, "Custom Zoom", "\uD83D\uDD0D");
      ArrayNode third = rows.addObject().put("type", 1).putArray("components");
      for (String d : List.of("left", "right", "up", "down")) {
        button(third, "MJ::JOB::pan_" + d + "::1::" + job.hash + "::SOLO", "", "\u2B05");
      }
      third.addObject().put("type", 2).put("style", 5).put("label", "Web").put("url", "https://www.midjourney.com/jobs/" + job.hash);
    }
    return m;
  }

  private static void button(ArrayNode row, String customId, String label, String emoji) {
    ObjectNode b = row.addObject().put("type", 2).put("style", 2).put("custom_id", customId);
    if (!label.isEmpty()) {
      b.put("label", label);
    }
    if (emoji != null) {
      b.putObject("emoji").put("name", emoji);
    }
  }

  private ObjectNode message(Job job, String id, String content) {
    ObjectNode m = MAPPER.createObjectNode();
    m.put("id", id).put("type", job.interactionType == 2 ? 20 : 19).put("channel_id", job.channelId).put("content", content)
        .put("flags", 0).put("timestamp", Instant.ofEpochMilli((Long.parseUnsignedLong(id) >>> 22) + EPOCH).toString());
    m.putObject("author").put("id", job.botId).put("username", "Midjourney Bot").put("bot", true);
    m.putArray("attachments");
    m.putArray("embeds");
    m.putArray("components");
    ObjectNode meta = m.putObject("interaction_metadata");
    meta.put("id", job.interactionId).put("type", job.interactionType).putObject("user").put("id", job.userId);
    if (job.interactionType == 2) {
      meta.put("name", job.command);
      m.putObject("interaction").put("id", job.interactionId).put("type", 2).put("name", job.command)
          .putObject("user").put("id", job.userId);
    } else {
      meta.put("interacted_message_id", job.parentMessageId);
      m.putObject("message_reference").put("message_id", job.parentMessageId).put("channel_id", job.channelId);
    }
    return m;
  }

  private String echo(Job job, String status) {
    String prompt = job.prompt.replaceAll("\\s*--(fast|relax|turbo)\\b", "").trim();
    String words = job.words.isEmpty() ? "" : job.words + " ";
    if (job.words.startsWith("Image #")) {
      return "**" + prompt + " --v 7** - " + job.words + " <@" + job.userId + ">" + (status.isEmpty() ? "" : " " + status);
    }
    return "**" + prompt + " --v 7** - " + words + "<@" + job.userId + "> " + status;
  }

  private static String speed(Job job) {
    return job.prompt.contains("--relax") ? "relaxed" : job.prompt.contains("--turbo") ? "turbo" : "fast";
  }

  private Reply attachment(String path) {
    // /attachments/<hash>/<grid|image|preview-N>.png or /attachments/uploads/<uuid>/<name>
    if (path.startsWith("/attachments/uploads/")) {
      return new Reply(200, ImageOps.png(solid(48, 32, Color.GRAY)), "image/png", Map.of());
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    int side = quadrantSide;
    BufferedImage image;
    if (file.startsWith("grid")) {
      image = new BufferedImage(2 * side, 2 * side, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE};
      for (int q = 0; q < 4; q++) {
        g.setColor(colours[q]);
        g.fillRect((q % 2) * side, (q / 2) * side, side, side);
      }
      g.dispose();
    } else if (file.startsWith("image")) {
      image = solid(2 * side, 2 * side, Color.MAGENTA);
    } else {
      image = solid(side / 2, side / 2, Color.DARK_GRAY);
    }
    return new Reply(200, ImageOps.png(image), "image/png", Map.of());
  }

  private static BufferedImage solid(int w, int h, Color c) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private String snowflake(long millis) {
    return Long.toUnsignedString(((millis - EPOCH) << 22) | (++sequence & 0x3fffff));
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String option(JsonNode data, String name) {
    for (JsonNode o : data.path("options")) {
      if (name.equals(o.path("name").asText())) {
        return o.path("value").asText();
      }
    }
    return "";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
      }
    }
    return out;
  }
}
