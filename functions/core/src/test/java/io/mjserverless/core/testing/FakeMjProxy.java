package io.mjserverless.core.testing;

import static io.mjserverless.core.json.Json.MAPPER;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An in-process upstream provider speaking the midjourney-proxy HTTP API (shared/reference/mj-proxy-survey.md):
 * submit endpoints answering the {code, description, result, properties} envelope, task fetch whose state is
 * derived from an injectable clock (tests move time instead of sleeping), buttons and follow-up actions,
 * two-step modal actions, real PNG images that can expire, and scripted answers for codes and faults.
 *
 * <p>Choices where the API leaves room: UPSCALE_HD results carry the Vary/Zoom/❤️ buttons, SWAP_FACE results
 * none; auth is checked before a scripted answer is consumed; cancel of an unknown id is an empty 200 too.
 */
public final class FakeMjProxy implements AutoCloseable {
  public static final String INSTANCE_ID = "fake-instance";
  public static final String UPSTREAM_FAIL_REASON = "[Invalid parameter] upstreamfail is not allowed";
  public static final String IMAGE_GONE = "This content is no longer available.";
  public static final String BANNED_WORD = "nsfwword";
  /** What every describe "sees", in order; PicReader n prefills prompt n. */
  public static final List<String> DESCRIBED_PROMPTS = List.of(
      "four flat colour squares in a grid, minimal poster --ar 1:1", "abstract colour blocks, bauhaus style --ar 1:1",
      "a test card with solid colour quadrants --ar 1:1", "geometric colour field painting, clean edges --ar 1:1");

  private static final long FIRST_ID = 1700000000000000000L;
  private static final List<String> SPEED_PREFIXES = List.of("/mj-relax", "/mj-fast", "/mj-turbo");
  private static final String[] STEPS = {"15%", "31%", "46%", "62%", "78%", "93%"};
  private static final Pattern UPSTREAM_FAIL = Pattern.compile("(?i)\\bupstreamfail\\b");
  private static final Pattern TASK_PATH = Pattern.compile("/mj/task/([^/]+)/(fetch|image-seed|cancel)");
  private static final Pattern IMAGE_PATH = Pattern.compile("/images/(\\d+)_([\\w-]+)\\.png");
  private static final byte[] NOTHING = new byte[0];
  private static final Map<Integer, String> USUAL = Map.of(1, "提交成功", 3, "关联任务不存在或已失效", 9, "提交失败，系统异常",
      21, "Waiting for window confirm", 22, "排队中，前面还有2个任务", 23, "队列已满，请稍后尝试", 24, "可能包含敏感词");

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY the client's delayed ACK
    // stalls every answer ~40 ms. Only takes effect if no HttpServer ran in this JVM yet; harmless otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final AtomicLong ids = new AtomicLong(FIRST_ID);
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Queue<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, byte[]> pngs = new ConcurrentHashMap<>(); // each file is drawn once
  private final List<Recorded> recorded = new ArrayList<>(); // guarded by itself
  private volatile String secret;
  private volatile LongSupplier clock = System::currentTimeMillis;
  private volatile long jobMillis = 4000;
  private volatile long queuedMillis = 1000;
  private volatile long imageTtlMillis = Long.MAX_VALUE;
  private volatile long expiredUpTo = Long.MIN_VALUE;
  private volatile int gridSide = 512;
  private volatile boolean remix;
  private volatile boolean modalsAnsweredAsAccepted;
  private volatile boolean freshLinks;
  private final java.util.concurrent.atomic.AtomicLong linksMinted = new java.util.concurrent.atomic.AtomicLong();
  private volatile String failJobs;
  private volatile boolean silentHooks;
  private final List<HookPost> hookPosts = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService hookTicker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-mj-proxy-hooks");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient hookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * One post of a task's JSON to its notifyHook: the task, its status and progress, when it was sent
   * (wall clock, ms) and the answer's HTTP status (-1: no answer, 0: refused, not loopback).
   */
  public record HookPost(String taskId, String status, String progress, long sentAtMillis, int httpStatus) {}

  /** One request as it arrived: the full path, its speed prefix ("" for none), lower-cased header names. */
  public record Recorded(String method, String path, String prefix, Map<String, String> headers, String body) {}

  /** A canned answer for one request on a route, consumed before the normal behaviour. */
  public static final class Answer {
    private enum Type { CODE, HTTP, MALFORMED, SLOW, HTML }

    private final Type type;
    private final int number;
    private final String text;
    private final Duration delay;

    private Answer(Type type, int number, String text, Duration delay) {
      this.type = type;
      this.number = number;
      this.text = text;
      this.delay = delay;
    }

    /** This code with result null; 22 accepts the submit but queues it. A null description = the usual one. */
    public static Answer code(int code, String description) { return new Answer(Type.CODE, code, description, null); }
    public static Answer code(int code) { return code(code, null); }
    public static Answer http(int status, String body) { return new Answer(Type.HTTP, status, body == null ? "" : body, null); }
    /** HTTP 200, application/json, truncated JSON. */
    public static Answer malformed() { return new Answer(Type.MALFORMED, 200, "{\"code\":1,\"descr", null); }
    /** Waits, then behaves normally: a client with a shorter timeout gives up first. */
    public static Answer slow(Duration delay) { return new Answer(Type.SLOW, 0, null, delay); }
    /** What a misconfigured gateway answers: HTTP 200 with an HTML page. */
    public static Answer html() { return new Answer(Type.HTML, 200, "<html>gateway</html>", null); }
  }

  private enum Kind { GRID, UPSCALED, HD, FACE, DESCRIBE, SHORTEN }

  private record Button(String customId, String emoji, String label) {}

  private record View(String status, String progress, Long startTime, Long finishTime, String imageUrl, String failReason) {}

  private record Reply(int status, String contentType, byte[] body) {}

  /** A submit the provider refuses: answered as the envelope with this code and result null. */
  private static final class Rejected extends RuntimeException {
    final int code;

    Rejected(int code, String description) {
      super(description, null, false, false);
      this.code = code;
    }
  }

  /** One task. Mutable fields are read and written under the job's own lock. */
  private final class Job {
    final String id = String.valueOf(ids.incrementAndGet());
    final String hash = UUID.randomUUID().toString();
    final long submitTime = now();
    final String action;
    final Kind kind;
    final String state;
    int[] colours = FakeMjProxyPictures.palette(Long.parseLong(id) - FIRST_ID);
    String prompt, promptEn, finalPrompt, description;
    String modalCustomId; // the button that opened the modal, for MODAL tasks
    byte[] picture; // DESCRIBE: the client's picture as PNG, or null to draw one
    Long begin; // when the job starts counting (after any queue time); null while MODAL
    long millis;
    String failure; // decided at start: the failReason it will end with, null for SUCCESS
    Long cancelledAt;
    final String notifyHook; // where to post the task JSON on every change, or null
    String lastPosted; // "status progress" last posted to notifyHook

    Job(String action, Kind kind, JsonNode body, String prompt) {
      this.action = action;
      this.kind = kind;
      this.prompt = this.promptEn = this.finalPrompt = prompt;
      this.state = body.path("state").isTextual() ? body.path("state").asText() : null; // passed through verbatim
      this.notifyHook = body.path("notifyHook").isTextual() && !body.path("notifyHook").asText().isBlank()
          ? body.path("notifyHook").asText() : null;
    }
  }

  private FakeMjProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-mj-proxy");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  public static FakeMjProxy start() {
    try {
      FakeMjProxy fake = new FakeMjProxy();
      fake.server.start();
      fake.hookTicker.scheduleWithFixedDelay(fake::postChanges, 20, 20, TimeUnit.MILLISECONDS);
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    hookTicker.shutdownNow();
    pool.shutdownNow(); // also wakes handlers sleeping in Answer.slow
  }

  public String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }
  public FakeMjProxy secret(String s) { secret = s; return this; }
  public FakeMjProxy clock(LongSupplier nowMillis) { clock = nowMillis; return this; }
  public FakeMjProxy jobMillis(long millis) { jobMillis = millis; return this; }
  public FakeMjProxy queuedMillis(long millis) { queuedMillis = millis; return this; }
  public FakeMjProxy imageTtlMillis(long millis) { imageTtlMillis = millis; return this; }
  /**
   * Answers a modal button's code 21 as code 1 (same MODAL task id), as reseller gateways do for all
   * modals but Vary Region and Custom Zoom: the client only learns of the modal from the task's status.
   */
  public FakeMjProxy modalsAnsweredAsAccepted(boolean on) { modalsAnsweredAsAccepted = on; return this; }
  /** Every look at a finished task gives its image under a new link (Discord signs links with {@code ex=}). */
  public FakeMjProxy freshLinks(boolean on) { freshLinks = on; return this; }
  /** With remix on, variation, reroll and pan open a modal (code 21) like a remix-mode account. */
  public FakeMjProxy remix(boolean on) { remix = on; return this; }
  /**
   * A provider that never calls back: the notifyHook of a submit is kept but nothing is posted to it
   * (by default the task JSON is posted on every change of status or progress, as midjourney-proxy does).
   */
  public FakeMjProxy silentHooks(boolean on) { silentHooks = on; return this; }

  /** Every post to a notifyHook so far, in order. */
  public List<HookPost> hookPosts() { return List.copyOf(hookPosts); }

  /** Jobs submitted from now on end FAILURE with this reason; null turns it off. */
  public FakeMjProxy failJobs(String reason) { failJobs = reason; return this; }

  /** Side of a whole grid in pixels; single images are half of it (UPSCALE_HD all of it), previews a quarter. */
  public FakeMjProxy gridSide(int side) {
    if (side < 16 || side % 2 != 0) {
      throw new IllegalArgumentException("grid side must be even and at least 16: " + side);
    }
    gridSide = side;
    pngs.clear();
    return this;
  }

  /**
   * Queues answers for a route ("submit/imagine", "task/fetch", "images", ...; "images/final" for reads
   * of finished results only), each used by one request before the fake's normal behaviour.
   */
  public FakeMjProxy script(String route, Answer... answers) {
    scripts.computeIfAbsent(route, r -> new ConcurrentLinkedQueue<>()).addAll(Arrays.asList(answers));
    return this;
  }

  /** Every image that exists now answers 403 from now on, as expired CDN links do. */
  public void expireImages() { expiredUpTo = now(); }

  public List<Recorded> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  public List<Recorded> requests(String route) {
    return requests().stream().filter(r -> route.equals(routeOf(r.path().substring(r.prefix().length())))).toList();
  }

  public Optional<JsonNode> task(String id) {
    return Optional.ofNullable(jobs.get(id)).map(job -> json(job, now()));
  }

  public int taskCount() { return jobs.size(); }

  // ---------------------------------------------------------------- HTTP plumbing

  private long now() { return clock.getAsLong(); }

  private void handle(HttpExchange ex) {
    try {
      Reply reply;
      try {
        reply = serve(ex);
      } catch (RuntimeException e) { // a bug in the fake: say so rather than leave the client hanging
        reply = plain(500, e.toString());
      }
      if (reply.contentType() != null) {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
      }
      ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      ex.getResponseBody().write(reply.body());
    } catch (IOException e) {
      // the client went away (e.g. it timed out on a slow answer): nothing left to tell it
    } finally {
      ex.close();
    }
  }

  private Reply serve(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String raw = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
    String prefix = SPEED_PREFIXES.stream().filter(p -> raw.startsWith(p + "/mj/")).findFirst().orElse("");
    String path = raw.substring(prefix.length());
    Map<String, String> headers = new TreeMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    synchronized (recorded) {
      recorded.add(new Recorded(method, raw, prefix, Map.copyOf(headers), body));
    }
    String route = routeOf(path);
    if (route == null) {
      return plain(404, "Not Found");
    } else if (!route.equals("images") && !authorised(ex.getRequestHeaders())) {
      return new Reply(401, null, NOTHING);
    } else if (!method.equals(List.of("images", "task/fetch", "task/image-seed").contains(route) ? "GET" : "POST")) {
      return plain(405, "Method Not Allowed");
    }
    // "images/final" answers only reads of finished tasks' results (not previews), before "images".
    Answer answer = route.equals("images") && isFinalImage(path)
        ? Optional.ofNullable(scripts.get("images/final")).map(Queue::poll).orElse(null) : null;
    if (answer == null) {
      answer = Optional.ofNullable(scripts.get(route)).map(Queue::poll).orElse(null);
    }
    String queued = null; // the description of a scripted 22: accept, but queued
    if (answer != null) {
      switch (answer.type) {
        case HTTP -> { return plain(answer.number, answer.text); }
        case MALFORMED -> { return new Reply(200, "application/json", answer.text.getBytes(UTF_8)); }
        case HTML -> { return new Reply(200, "text/html; charset=utf-8", answer.text.getBytes(UTF_8)); }
        case SLOW -> sleep(answer.delay);
        case CODE -> {
          if (answer.number != 22) {
            return scripted(answer, body);
          }
          queued = answer.text == null ? usual(22) : answer.text;
        }
      }
    }
    return route.equals("images") ? image(path) : dispatch(route, path, body, queued);
  }

  private boolean authorised(Headers headers) {
    String s = secret;
    String auth = headers.getFirst("Authorization");
    return s == null || s.equals(headers.getFirst("mj-api-secret")) || s.equals(auth) || ("Bearer " + s).equals(auth);
  }

  /** Whether an /images/ path is a finished task's result (its name is the task's hash), not a preview or input. */
  private boolean isFinalImage(String path) {
    Matcher m = IMAGE_PATH.matcher(path);
    if (!m.matches()) {
      return false;
    }
    Job job = jobs.get(m.group(1));
    return job != null && m.group(2).equals(job.hash);
  }

  /** The route name of a path without its speed prefix, or null when the fake has no such route. */
  private static String routeOf(String path) {
    Matcher task = TASK_PATH.matcher(path);
    if (path.startsWith("/images/")) {
      return "images";
    } else if (task.matches()) {
      return "task/" + task.group(2);
    }
    return List.of("/mj/submit/imagine", "/mj/submit/blend", "/mj/submit/describe", "/mj/submit/shorten",
        "/mj/submit/action", "/mj/submit/modal", "/mj/insight-face/swap").contains(path) ? path.substring(4) : null;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: answer at once, nobody waits for it
    }
  }

  private Reply scripted(Answer answer, String body) {
    ObjectNode props = MAPPER.createObjectNode();
    if (answer.number == 23) {
      props.put("discordInstanceId", INSTANCE_ID);
    } else if (answer.number == 24) {
      props.put("promptEn", text(parse(body), "prompt")).put("bannedWord", BANNED_WORD);
    }
    return envelope(200, answer.number, answer.text == null ? usual(answer.number) : answer.text, null, props);
  }

  private static String usual(int code) {
    return USUAL.getOrDefault(code, "参数错误");
  }

  private static Reply plain(int status, String text) {
    return new Reply(status, "text/plain; charset=utf-8", text.getBytes(UTF_8));
  }

  private static Reply json(int status, JsonNode node) {
    return new Reply(status, "application/json", node.toString().getBytes(UTF_8));
  }

  private static Reply envelope(int status, int code, String description, String result, ObjectNode props) {
    ObjectNode n = MAPPER.createObjectNode().put("code", code).put("description", description).put("result", result);
    n.set("properties", props == null ? MAPPER.createObjectNode() : props);
    return json(status, n);
  }

  private static void require(boolean ok, int code, String description) {
    if (!ok) {
      throw new Rejected(code, description);
    }
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A trimmed, non-blank text field, else null. */
  private static String text(JsonNode body, String field) {
    JsonNode v = body == null ? null : body.get(field);
    return v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }

  private static boolean isDataUri(JsonNode value) {
    return value != null && FakeMjProxyPictures.decodeDataUri(value.asText()) != null;
  }

  // ---------------------------------------------------------------- routes

  private Reply dispatch(String route, String path, String body, String queued) {
    Matcher task = TASK_PATH.matcher(path);
    if (task.matches()) {
      Job job = jobs.get(task.group(1));
      return switch (route) {
        case "task/fetch" -> job == null ? new Reply(200, null, NOTHING) : json(200, json(job, now()));
        case "task/image-seed" -> seed(job);
        default -> cancel(job);
      };
    }
    JsonNode b = parse(body);
    if (b == null) { // what Spring answers for a body it cannot bind
      ObjectNode error = MAPPER.createObjectNode().put("timestamp", now()).put("status", 400).put("error", "Bad Request");
      return json(400, error.put("path", path));
    }
    try {
      return switch (route) {
        case "submit/imagine" -> accept(imagine(b), queued);
        case "submit/blend" -> accept(blend(b), queued);
        case "submit/describe" -> accept(describe(b), queued);
        case "submit/shorten" -> accept(shorten(b), queued);
        case "insight-face/swap" -> accept(swap(b), queued);
        case "submit/action" -> action(b, queued);
        default -> modal(b, queued);
      };
    } catch (Rejected r) {
      return envelope(200, r.code, r.getMessage(), null, null);
    }
  }

  private Job imagine(JsonNode b) {
    String prompt = text(b, "prompt");
    require(prompt != null, 4, "prompt不能为空");
    b.path("base64Array").forEach(image -> require(isDataUri(image), 4, "base64格式错误"));
    Job job = new Job("IMAGINE", Kind.GRID, b, prompt);
    job.description = "/imagine " + prompt;
    return job;
  }

  private Job blend(JsonNode b) {
    JsonNode images = b.path("base64Array");
    require(images.isArray() && images.size() >= 2 && images.size() <= 5, 4, "base64List参数错误");
    images.forEach(image -> require(isDataUri(image), 4, "base64格式错误"));
    Job job = new Job("BLEND", Kind.GRID, b, "");
    StringBuilder links = new StringBuilder(); // what MJ echoes: shortened links of the images
    for (int i = 1; i <= images.size(); i++) {
      links.append("https://s.mj.run/fake").append(job.id).append(i).append(' ');
    }
    String dimensions = b.path("dimensions").asText("SQUARE");
    job.finalPrompt = (links + (dimensions.equals("PORTRAIT") ? "--ar 2:3" : dimensions.equals("LANDSCAPE") ? "--ar 3:2" : "")).trim();
    job.description = "/blend " + job.id + " " + images.size();
    return job;
  }

  private Job describe(JsonNode b) {
    String base64 = text(b, "base64");
    String link = text(b, "link");
    require(base64 != null || link != null, 4, "base64或link不能为空");
    require(base64 == null || isDataUri(b.get("base64")), 4, "base64格式错误");
    require(base64 != null || link.matches("(?i)https?://.+"), 4, "链接格式错误");
    Job job = new Job("DESCRIBE", Kind.DESCRIBE, b, "");
    job.picture = FakeMjProxyPictures.asPng(FakeMjProxyPictures.decodeDataUri(base64));
    job.finalPrompt = describedText();
    job.description = "/describe " + job.id + ".png";
    return job;
  }

  private Job shorten(JsonNode b) {
    String prompt = text(b, "prompt");
    require(prompt != null, 4, "prompt不能为空");
    Job job = new Job("SHORTEN", Kind.SHORTEN, b, prompt);
    job.finalPrompt = shortenedText(prompt);
    job.description = "/shorten " + prompt;
    return job;
  }

  private Job swap(JsonNode b) {
    require(text(b, "sourceBase64") != null, 4, "人脸图片不能为空");
    require(text(b, "targetBase64") != null, 4, "目标图片不能为空");
    require(isDataUri(b.get("sourceBase64")), 4, "人脸图片格式错误");
    require(isDataUri(b.get("targetBase64")), 4, "目标图片格式错误");
    Job job = new Job("SWAP_FACE", Kind.FACE, b, "");
    job.description = "/swap";
    return job;
  }

  private Reply action(JsonNode b, String queued) {
    String parentId = text(b, "taskId");
    String customId = text(b, "customId");
    require(parentId != null && customId != null, 4, "参数错误");
    Job parent = jobs.get(parentId);
    require(parent != null, 3, "关联任务不存在或已失效");
    require(view(parent, now()).status().equals("SUCCESS"), 4, "关联任务状态错误");
    Button button = buttons(parent).stream().filter(x -> x.customId().equals(customId)).findFirst().orElse(null);
    require(button != null, 4, "未知的 Action 类型");
    String[] parts = customId.split("::");
    String token = parts[1].equalsIgnoreCase("JOB") ? parts[2] : parts[1];
    int n = parts.length > 3 && parts[3].matches("\\d") ? Integer.parseInt(parts[3]) : 1;
    String label = button.label().isEmpty() ? button.emoji() : button.label();
    String prompt = parent.finalPrompt;
    if (token.equals("BOOKMARK")) {
      return envelope(200, 1, "成功", parentId, instance());
    } else if (customId.equals("MJ::Job::PicReader::all")) { // one IMAGINE per described prompt, ids comma-joined
      List<String> started = new ArrayList<>();
      for (int i = 1; i <= DESCRIBED_PROMPTS.size(); i++) {
        Job child = child(parent, "IMAGINE", Kind.GRID, b, label);
        child.prompt = child.promptEn = child.finalPrompt = pick(prompt, i);
        accept(child, null);
        started.add(child.id);
      }
      return envelope(200, 1, "成功", String.join(",", started), instance());
    } else if (token.equals("PicReader") || token.equals("PromptAnalyzer")) {
      return openModal(child(parent, "IMAGINE", Kind.GRID, b, label), customId, pick(prompt, n));
    } else if (token.equals("Inpaint")) {
      return openModal(child(parent, "VARIATION", Kind.GRID, b, label), customId, prompt);
    } else if (token.equals("CustomZoom")) {
      return openModal(child(parent, "ZOOM", Kind.GRID, b, label), customId, prompt + " --zoom 2");
    }
    Job child;
    if (token.equals("upsample")) { // U<n> is quadrant n of the grid, so it keeps that quadrant's colour
      child = child(parent, "UPSCALE", Kind.UPSCALED, b, label);
      child.colours = new int[] {parent.colours[(n - 1) % parent.colours.length]};
    } else if (token.startsWith("upsample_")) {
      child = child(parent, "UPSCALE_HD", Kind.HD, b, label);
      child.colours = new int[] {parent.colours[0]};
    } else if (token.equals("Picread")) { // describe the parent's picture again
      child = child(parent, "DESCRIBE", Kind.DESCRIBE, b, label);
      child.prompt = child.promptEn = "";
      child.picture = parent.picture;
      child.colours = parent.colours;
    } else if (token.equals("Outpaint")) {
      child = child(parent, "ZOOM", Kind.GRID, b, label);
    } else {
      String action = token.endsWith("variation") ? "VARIATION" : token.startsWith("pan_") ? "PAN"
          : token.equals("reroll") ? (parent.action.equals("UPSCALE") ? "IMAGINE" : parent.action) : null;
      require(action != null, 4, "未知的 Action 类型");
      child = child(parent, action, Kind.GRID, b, label);
      if (remix) { // a remix-mode account asks for the prompt first
        return openModal(child, customId, prompt);
      }
    }
    return accept(child, queued);
  }

  private Reply modal(JsonNode b, String queued) {
    String id = text(b, "taskId");
    require(id != null, 4, "参数错误");
    Job job = jobs.get(id);
    require(job != null, 3, "关联任务不存在或已失效");
    synchronized (job) { // two confirmations of one modal must not both start it
      require(view(job, now()).status().equals("MODAL"), 4, "关联任务状态错误");
      String prompt = text(b, "prompt") != null ? text(b, "prompt") : job.finalPrompt;
      require(!job.modalCustomId.startsWith("MJ::Inpaint::") || text(b, "maskBase64") != null, 4, "maskBase64不能为空");
      require(!job.modalCustomId.startsWith("MJ::CustomZoom::") || prompt.contains("--zoom"), 4, "prompt必须包含 --zoom 参数");
      require(!prompt.isBlank(), 4, "prompt不能为空");
      job.prompt = job.promptEn = job.finalPrompt = prompt;
      return accept(job, queued);
    }
  }

  private Reply seed(Job job) {
    if (job == null) {
      return envelope(404, 3, "关联任务不存在或已失效", null, null);
    } else if (!view(job, now()).status().equals("SUCCESS")) {
      return envelope(200, 4, "关联任务状态错误", null, null);
    }
    return envelope(200, 1, "成功", String.valueOf(100_000_000 + Math.floorMod(job.hash.hashCode(), 900_000_000)), null);
  }

  private Reply cancel(Job job) {
    if (job != null) {
      synchronized (job) {
        if (!List.of("SUCCESS", "FAILURE").contains(view(job, now()).status())) {
          job.cancelledAt = now();
        }
      }
    }
    return new Reply(200, null, NOTHING);
  }

  // ---------------------------------------------------------------- tasks

  private Job child(Job parent, String action, Kind kind, JsonNode b, String label) {
    Job child = new Job(action, kind, b, parent.prompt);
    child.promptEn = child.finalPrompt = parent.finalPrompt;
    child.description = "/up " + parent.id + " " + label;
    return child;
  }

  /** Starts the job's clock (after a queue wait when the script said 22) and answers the submit. */
  private Reply accept(Job job, String queued) {
    synchronized (job) {
      job.begin = now() + (queued != null ? queuedMillis : 0);
      job.millis = jobMillis;
      job.failure = UPSTREAM_FAIL.matcher(job.prompt + " " + job.promptEn).find() ? UPSTREAM_FAIL_REASON : failJobs;
      jobs.put(job.id, job);
    }
    ObjectNode props = instance();
    if (queued != null) {
      props.put("numberOfQueues", 2);
    }
    return envelope(200, queued != null ? 22 : 1, queued != null ? queued : usual(1), job.id, props);
  }

  private Reply openModal(Job job, String customId, String prefilled) {
    job.modalCustomId = customId;
    job.finalPrompt = prefilled;
    jobs.put(job.id, job);
    if (modalsAnsweredAsAccepted) {
      return envelope(200, 1, usual(1), job.id, instance());
    }
    return envelope(200, 21, usual(21), job.id, MAPPER.createObjectNode().put("finalPrompt", prefilled).put("remix", true));
  }

  private static ObjectNode instance() {
    return MAPPER.createObjectNode().put("discordInstanceId", INSTANCE_ID);
  }

  /**
   * Posts each job's JSON to its notifyHook when its status or progress changed since the last post
   * (every 20 ms, against the fake's clock, so a test that moves the clock gets the posts too). Only to
   * loopback: the fake never sends traffic elsewhere. One attempt per change, as the proxies do.
   */
  private void postChanges() {
    if (silentHooks) {
      return;
    }
    for (Job job : jobs.values()) {
      if (job.notifyHook == null) {
        continue;
      }
      ObjectNode task;
      synchronized (job) {
        task = json(job, now());
        String now = task.path("status").asText() + " " + task.path("progress").asText();
        if (now.equals(job.lastPosted) || task.path("status").asText().equals("MODAL")) {
          continue;
        }
        job.lastPosted = now;
      }
      hookPosts.add(post(job, task));
    }
  }

  private HookPost post(Job job, ObjectNode task) {
    String status = task.path("status").asText();
    String progress = task.path("progress").asText(null);
    long sent = System.currentTimeMillis();
    try {
      URI hook = URI.create(job.notifyHook);
      InetAddress host = InetAddress.getByName(hook.getHost());
      if (!host.isLoopbackAddress()) {
        return new HookPost(job.id, status, progress, sent, 0);
      }
      HttpResponse<Void> answer = hookClient.send(HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(task)))
          .build(), HttpResponse.BodyHandlers.discarding());
      return new HookPost(job.id, status, progress, sent, answer.statusCode());
    } catch (IOException | RuntimeException e) {
      return new HookPost(job.id, status, progress, sent, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new HookPost(job.id, status, progress, sent, -1);
    }
  }

  /** The task's state at a moment: everything follows from begin, millis and the clock. */
  private View view(Job job, long now) {
    synchronized (job) {
      if (job.cancelledAt != null) {
        Long started = job.begin != null && job.cancelledAt >= job.begin ? job.begin : null;
        return new View("FAILURE", "", started, job.cancelledAt, null, "取消任务");
      } else if (job.begin == null) {
        return new View("MODAL", null, null, null, null, null);
      } else if (now < job.begin) {
        return new View("NOT_START", null, null, null, null, null);
      }
      long end = job.begin + job.millis;
      if (now >= end) {
        return job.failure != null ? new View("FAILURE", "", job.begin, end, null, job.failure)
            : new View("SUCCESS", "100%", job.begin, end, imageUrl(job, job.kind == Kind.DESCRIBE ? "input" : job.hash), null);
      }
      int phase = (int) ((now - job.begin) * 7 / job.millis); // 0 = SUBMITTED, 1..6 = the progress steps
      String preview = phase > 0 && hasImage(job.kind) ? imageUrl(job, "preview" + phase) : null;
      return new View(phase == 0 ? "SUBMITTED" : "IN_PROGRESS", phase == 0 ? "0%" : STEPS[phase - 1], job.begin, null, preview, null);
    }
  }

  private ObjectNode json(Job job, long now) {
    synchronized (job) {
      View v = view(job, now);
      boolean done = v.status().equals("SUCCESS");
      boolean echoed = done && (job.kind == Kind.DESCRIBE || job.action.equals("BLEND")); // prompt read from the result
      ObjectNode n = MAPPER.createObjectNode().put("id", job.id).put("action", job.action).put("status", v.status())
          .put("prompt", echoed ? job.finalPrompt : job.prompt).put("promptEn", echoed ? job.finalPrompt : job.promptEn)
          .put("description", job.description).put("state", job.state).put("submitTime", job.submitTime)
          .put("startTime", v.startTime()).put("finishTime", v.finishTime()).put("imageUrl", v.imageUrl())
          .put("progress", v.progress()).put("failReason", v.failReason());
      ObjectNode props = n.putObject("properties").put("discordInstanceId", INSTANCE_ID);
      if (done || v.status().equals("MODAL")) {
        props.put("finalPrompt", job.finalPrompt);
      }
      if (done) {
        props.put("messageHash", job.hash);
      }
      ArrayNode buttons = n.putArray("buttons");
      for (Button button : done ? buttons(job) : List.<Button>of()) {
        buttons.addObject().put("customId", button.customId()).put("emoji", button.emoji())
            .put("label", button.label()).put("type", 2).put("style", 2);
      }
      return n;
    }
  }

  private static boolean hasImage(Kind kind) {
    return kind != Kind.DESCRIBE && kind != Kind.SHORTEN;
  }

  private String imageUrl(Job job, String name) {
    if (job.kind == Kind.SHORTEN) {
      return null;
    }
    String url = baseUrl() + "/images/" + job.id + "_" + name + ".png";
    return freshLinks && name.equals(job.hash) ? url + "?ex=" + linksMinted.incrementAndGet() : url;
  }

  /** The buttons under a finished task, as Discord shows them for each kind of result (survey §5.3). */
  private static List<Button> buttons(Job job) {
    String h = job.hash;
    List<Button> out = new ArrayList<>();
    switch (job.kind) {
      case GRID -> {
        for (int i = 1; i <= 4; i++) {
          out.add(new Button("MJ::JOB::upsample::" + i + "::" + h, "", "U" + i));
        }
        out.add(new Button("MJ::JOB::reroll::0::" + h + "::SOLO", "🔄", ""));
        for (int i = 1; i <= 4; i++) {
          out.add(new Button("MJ::JOB::variation::" + i + "::" + h, "", "V" + i));
        }
      }
      case UPSCALED, HD -> {
        if (job.kind == Kind.UPSCALED) {
          out.add(new Button("MJ::JOB::upsample_v6_2x_subtle::1::" + h + "::SOLO", "", "Upscale (Subtle)"));
          out.add(new Button("MJ::JOB::upsample_v6_2x_creative::1::" + h + "::SOLO", "", "Upscale (Creative)"));
        }
        out.add(new Button("MJ::JOB::low_variation::1::" + h + "::SOLO", "🪄", "Vary (Subtle)"));
        out.add(new Button("MJ::JOB::high_variation::1::" + h + "::SOLO", "🪄", "Vary (Strong)"));
        out.add(new Button("MJ::Inpaint::1::" + h + "::SOLO", "🖌️", "Vary (Region)"));
        out.add(new Button("MJ::Outpaint::50::1::" + h + "::SOLO", "🔍", "Zoom Out 2x"));
        out.add(new Button("MJ::Outpaint::75::1::" + h + "::SOLO", "🔍", "Zoom Out 1.5x"));
        out.add(new Button("MJ::CustomZoom::" + h, "🔍", "Custom Zoom"));
        String[][] pans = {{"left", "⬅️"}, {"right", "➡️"}, {"up", "⬆️"}, {"down", "⬇️"}};
        for (String[] pan : job.kind == Kind.UPSCALED ? pans : new String[0][]) {
          out.add(new Button("MJ::JOB::pan_" + pan[0] + "::1::" + h + "::SOLO", pan[1], ""));
        }
        out.add(new Button("MJ::BOOKMARK::" + h, "❤️", ""));
      }
      case DESCRIBE -> {
        for (int i = 1; i <= 4; i++) {
          out.add(new Button("MJ::Job::PicReader::" + i, keycap(i), ""));
        }
        out.add(new Button("MJ::Picread::Retry", "🔄", ""));
        out.add(new Button("MJ::Job::PicReader::all", "🎉", "Imagine all"));
      }
      case SHORTEN -> {
        for (int i = 1; i <= 5; i++) {
          out.add(new Button("MJ::Job::PromptAnalyzer::" + i, keycap(i), ""));
        }
      }
      case FACE -> { } // a face swap is an end result: nothing to act on
    }
    return out;
  }

  private static String keycap(int n) {
    return n + "\uFE0F\u20E3";
  }

  private static String describedText() {
    return IntStream.range(0, DESCRIBED_PROMPTS.size()).mapToObj(i -> keycap(i + 1) + " " + DESCRIBED_PROMPTS.get(i))
        .collect(Collectors.joining("\n\n"));
  }

  /** Five ever shorter prompts: the words before any --parameter, one fewer from the end each time. */
  private static String shortenedText(String prompt) {
    List<String> words = Arrays.stream(prompt.split("\\s+")).takeWhile(word -> !word.startsWith("--")).toList();
    String lines = IntStream.rangeClosed(1, 5).mapToObj(i -> keycap(i) + " "
            + (words.isEmpty() ? prompt : String.join(" ", words.subList(0, Math.max(1, words.size() - i + 1)))))
        .collect(Collectors.joining("\n\n"));
    return "## Important tokens\n" + prompt + "\n## Shortened prompts\n" + lines;
  }

  /** Prompt n of a describe or shorten result (the text after its keycap), as the modal prefills it. */
  private static String pick(String numbered, int n) {
    return Arrays.stream(numbered.split("\n")).filter(line -> line.startsWith(keycap(n) + " "))
        .map(line -> line.substring(keycap(n).length() + 1)).findFirst().orElse("");
  }

  // ---------------------------------------------------------------- images

  /** Serves a task's picture once it exists by the fake's clock; 403 once expired, 404 before or if unknown. */
  private Reply image(String path) {
    Matcher m = IMAGE_PATH.matcher(path);
    Job job = m.matches() ? jobs.get(m.group(1)) : null;
    long now = now();
    int side = gridSide;
    Long born = null; // when the picture came to exist
    Supplier<byte[]> draw = null;
    if (job != null) {
      synchronized (job) {
        View v = view(job, now);
        String name = m.group(2);
        int[] c = job.colours;
        if (name.equals(job.hash) && v.status().equals("SUCCESS") && hasImage(job.kind)) {
          born = v.finishTime();
          int size = job.kind == Kind.GRID || job.kind == Kind.HD ? side : side / 2;
          draw = job.kind == Kind.GRID ? () -> FakeMjProxyPictures.grid(size, c) : () -> FakeMjProxyPictures.solid(size, c[0]);
        } else if (name.equals("input") && job.kind == Kind.DESCRIBE) {
          born = job.submitTime;
          byte[] picture = job.picture;
          draw = () -> picture != null ? picture : FakeMjProxyPictures.solid(side / 2, c[0]);
        } else if (name.matches("preview[1-6]") && hasImage(job.kind) && job.begin != null) {
          born = job.begin + ((name.charAt(7) - '0') * job.millis + 6) / 7; // when that progress step began
          int small = Math.max(8, side / 4);
          draw = job.kind == Kind.GRID ? () -> FakeMjProxyPictures.grid(small, c) : () -> FakeMjProxyPictures.solid(small, c[0]);
        }
      }
    }
    if (born == null || now < born) {
      return plain(404, "Not Found");
    } else if (born <= expiredUpTo || now - born >= imageTtlMillis) {
      return plain(403, IMAGE_GONE);
    }
    Supplier<byte[]> render = draw;
    return new Reply(200, "image/png", pngs.computeIfAbsent(path, p -> render.get()));
  }
}
