package io.mjserverless.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.api.http.Operation;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A seeded fuzz of every route of the API over real HTTP against the local stack: valid requests
 * mutated field by field (types, lengths, odd characters, other tenants' ids, bad headers, wrong
 * methods, bodies that are no JSON). Whatever comes in, the answer is never a 5xx and always JSON.
 * CI runs a short pass; {@code -Dmj.fuzz.requests=22000 -Dmj.fuzz.seed=N} runs a long one. Every
 * address used is loopback: image links point at the stack itself or at a closed loopback port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzIT {
  private static final int REQUESTS = Integer.getInteger("mj.fuzz.requests", 800);
  private static final long SEED = Long.getLong("mj.fuzz.seed", 20261205L);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dataDir;
  private LocalRuntime runtime;
  private String base;
  private String adminKey;
  private String keyA;
  private String keyB;
  private String revokedKey;
  private String revokedKeyId;
  private String taskA;
  private String taskB;
  private String buttonA;
  private String png;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("mj-fuzz-");
    runtime = LocalRuntime.start(new RuntimeOptions(Path.of("../template.yaml"), dataDir, "127.0.0.1", 0, 0.03,
        "fuzz-admin-key"), true);
    base = runtime.baseUrl();
    adminKey = runtime.apiKey();
    ApiClient admin = new ApiClient(base, adminKey);
    keyA = admin.post("/mj/admin/api-keys", Map.of("tenant", "fuzz-a")).json().get("key").asText();
    keyB = admin.post("/mj/admin/api-keys", Map.of("tenant", "fuzz-b")).json().get("key").asText();
    JsonNode revoked = admin.post("/mj/admin/api-keys", Map.of("tenant", "fuzz-c")).json();
    revokedKey = revoked.get("key").asText();
    revokedKeyId = revoked.get("id").asText();
    assertEquals(200, send("DELETE", "/mj/admin/api-keys/" + revokedKeyId, adminKey, null, Map.of()).status);
    BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    png = "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageOps.png(image));
    ApiClient a = new ApiClient(base, keyA);
    ApiClient b = new ApiClient(base, keyB);
    taskA = E2eTasks.accepted(a.post("/mj/submit/imagine", Map.of("prompt", "a fuzzy test pattern")));
    taskB = E2eTasks.accepted(b.post("/mj/submit/imagine", Map.of("prompt", "another tenant's pattern")));
    JsonNode doneA = a.awaitFinal(taskA, Duration.ofSeconds(90), t -> { });
    b.awaitFinal(taskB, Duration.ofSeconds(90), t -> { });
    buttonA = E2eTasks.button(doneA, "MJ::JOB::upsample::1");
  }

  @AfterAll
  void stop() throws Exception {
    runtime.close();
  }

  @Test
  void noAnswerIsA5xxOrNotJson() {
    Random random = new Random(SEED);
    Map<String, Integer> byStatus = new TreeMap<>();
    List<String> bad = new ArrayList<>();
    long started = System.nanoTime();
    String previous = "";
    for (int i = 0; i < REQUESTS; i++) {
      Request r = mutate(random);
      Answer answer = send(r.method, r.path, r.key, r.body, r.headers);
      byStatus.merge(String.valueOf(answer.status), 1, Integer::sum);
      String problem = problemWith(answer, r);
      if (problem != null && bad.size() < 20) {
        bad.add(problem + " <- " + r.method + " " + abbreviate(r.path) + " body=" + abbreviate(r.body) + " headers=" + abbreviate(r.headers.toString()) + " key=" + abbreviate(r.key)
            + "; after " + previous);
      } else if (problem != null) {
        bad.add("...");
      }
      previous = r.method + " " + abbreviate(r.path) + " -> " + answer.status + " " + abbreviate(answer.body)
          + " (sent " + (r.body == null ? 0 : r.body.length()) + " chars, headers " + abbreviate(r.headers.toString()) + ")";
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("API fuzz: %d requests (seed %d) in %.1f s; answers by status %s; %d bad%n",
        REQUESTS, SEED, seconds, byStatus, bad.size());
    assertTrue(bad.isEmpty(), "answers that were 5xx or not JSON:\n" + String.join("\n", bad));
  }

  @Test
  void aBodyPastTheLimitIsAnswered413AsJsonNotACutConnection() {
    for (int size : new int[] {10 * 1024 * 1024 + 1, 24 * 1024 * 1024}) {
      String body = "{\"prompt\":\"" + "x".repeat(size) + "\"}";
      Answer answer = send("POST", "/mj/submit/imagine", keyA, body, Map.of("Content-Type", "application/json"));
      assertEquals(413, answer.status, answer.body);
      assertTrue(answer.contentType != null && answer.contentType.contains("json"), String.valueOf(answer.contentType));
      assertEquals("payload_too_large", Json.tree(answer.body).path("type").asText(), answer.body);
    }
  }

  private static String problemWith(Answer answer, Request r) {
    if (answer.status >= 500 || answer.status < 0) {
      return "HTTP " + answer.status + " " + abbreviate(answer.body);
    }
    if (r.method.equals("OPTIONS") || answer.status == 204) {
      return null; // a preflight answers with headers only
    }
    if (answer.contentType == null || !answer.contentType.contains("json")) {
      return "Content-Type " + answer.contentType + " for HTTP " + answer.status;
    }
    JsonNode json;
    try {
      json = Json.tree(answer.body);
    } catch (RuntimeException e) {
      return "not JSON: " + abbreviate(answer.body);
    }
    if (json.path("code").asInt() == 9) {
      return "envelope code 9 (a 500 in disguise): " + abbreviate(answer.body);
    }
    return null;
  }

  // ---------------------------------------------------------------- requests

  private record Request(String method, String path, String key, String body, Map<String, String> headers) {}

  private Request mutate(Random random) {
    Operation op = Operation.values()[random.nextInt(Operation.values().length)];
    String method = random.nextInt(25) == 0 ? pick(random, "PUT", "PATCH", "DELETE", "GET", "POST", "OPTIONS") : op.method();
    String path = op.path().replace("{id}", urlEncoded(id(random)));
    int prefix = random.nextInt(12);
    if (prefix == 0) {
      path = "/mj-fast" + path;
    } else if (prefix == 1) {
      path = "/mj-relax" + path;
    } else if (prefix == 2) {
      path = "/" + pick(random, "mj-slow", "MJ-FAST", "x", "mj-turbo", "..") + path;
    }
    if (op == Operation.LIST && random.nextBoolean()) {
      path += "?limit=" + urlEncoded(pick(random, "0", "-1", "101", "abc", "1e3", "99999999999999999999", "", "5"));
    }
    Map<String, Object> body = validBody(op);
    String rawBody;
    int shape = random.nextInt(20);
    if (shape == 0) {
      rawBody = pick(random, "{", "", "null", "[]", "[1,2]", "\"text\"", "42", "{\"prompt\":", "{}}",
          "{\"a\":1,\"a\":2}", "\u0000", "{\"prompt\":\"x\"}garbage", deep(random.nextBoolean() ? 50 : 3000));
    } else {
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutateOne(random, body);
      }
      rawBody = Json.write(body);
      if (rawBody.length() > 11_000_000) {
        rawBody = rawBody.substring(0, 11_000_000); // past the 10 MB limit is enough to test it
      }
    }
    if (!method.equals("POST") && random.nextInt(3) != 0) {
      rawBody = null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int contentType = random.nextInt(15);
    if (contentType == 0) {
      headers.put("Content-Type", pick(random, "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
          "text/html", "application/json; charset=latin1", "image/png", "*/*"));
    } else if (rawBody != null) {
      headers.put("Content-Type", "application/json");
    }
    if (random.nextInt(8) == 0) {
      headers.put("Idempotency-Key", pick(random, "k-" + random.nextInt(20), "", " ", "x".repeat(300),
          "x".repeat(random.nextInt(2000)), "a/b\\c", "%00"));
    }
    if (random.nextInt(15) == 0) {
      headers.put("Origin", "http://127.0.0.1:" + (1024 + random.nextInt(1000)));
    }
    return new Request(method, path, key(random, headers), rawBody, headers);
  }

  private String key(Random random, Map<String, String> headers) {
    int k = random.nextInt(20);
    if (k < 8) {
      return keyA;
    } else if (k < 11) {
      return keyB;
    } else if (k < 13) {
      return adminKey;
    } else if (k == 13) {
      return revokedKey;
    } else if (k == 14) {
      headers.put("mj-api-secret", random.nextBoolean() ? keyA : "mj_" + "z".repeat(random.nextInt(3000)));
      return null;
    } else if (k == 15) {
      return null;
    } else if (k == 16) {
      return "midjourney-proxy";
    }
    return pick(random, "mj_", "mj__", "mj_abc_def", "Bearer", "mj_" + "q".repeat(5000) + "_x",
        keyA.substring(0, keyA.length() - 2) + "xx", keyA + " ", "mj_" + revokedKeyId + "_" + "A".repeat(43));
  }

  private Map<String, Object> validBody(Operation op) {
    Map<String, Object> b = new LinkedHashMap<>();
    switch (op) {
      case IMAGINE -> {
        b.put("prompt", "a lighthouse at dawn --ar 16:9");
        b.put("state", "s");
      }
      case BLEND -> {
        b.put("base64Array", List.of(png, png));
        b.put("dimensions", "SQUARE");
      }
      case DESCRIBE -> b.put("base64", png);
      case SHORTEN -> b.put("prompt", "a very very long prompt about lighthouses and dawn and the sea");
      case SWAP_FACE -> {
        b.put("sourceBase64", png);
        b.put("targetBase64", png);
      }
      case UPLOAD_IMAGES -> b.put("base64Array", List.of(png));
      case UPLOAD_URL -> {
        b.put("action", "DESCRIBE");
        b.put("count", 1);
        b.put("contentType", "image/png");
      }
      case ACTION -> {
        b.put("taskId", taskA);
        b.put("customId", buttonA);
      }
      case MODAL -> {
        b.put("taskId", taskA);
        b.put("prompt", "more waves");
        b.put("maskBase64", png);
      }
      case CHANGE -> {
        b.put("taskId", taskA);
        b.put("action", "UPSCALE");
        b.put("index", 1);
      }
      case SIMPLE_CHANGE -> b.put("content", taskA + " U1");
      case LIST_BY_CONDITION, LIST_BY_IDS -> b.put("ids", List.of(taskA, taskB));
      case CREATE_KEY -> {
        b.put("tenant", "fuzz-new");
        b.put("role", "user");
        b.put("label", "made by the fuzz");
      }
      default -> { }
    }
    return b;
  }

  private static final List<String> FIELDS = List.of("prompt", "base64Array", "base64", "link", "botType",
      "notifyHook", "state", "accountFilter", "dimensions", "sourceBase64", "targetBase64", "sourceUrl", "targetUrl",
      "taskId", "customId", "maskBase64", "action", "index", "content", "ids", "status", "limit", "tenant", "role",
      "label", "count", "contentType", "purpose");

  @SuppressWarnings("unchecked")
  private void mutateOne(Random random, Map<String, Object> body) {
    int kind = random.nextInt(4);
    if (kind == 0 && !body.isEmpty()) {
      List<String> keys = new ArrayList<>(body.keySet());
      body.remove(keys.get(random.nextInt(keys.size())));
      return;
    }
    String field = kind == 1 && !body.isEmpty()
        ? new ArrayList<>(body.keySet()).get(random.nextInt(body.size()))
        : FIELDS.get(random.nextInt(FIELDS.size()));
    body.put(field, value(random, field, 0));
  }

  private Object value(Random random, String field, int depth) {
    int k = random.nextInt(depth > 1 ? 24 : 30);
    return switch (k) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> pick(random, -1, 0, 1, 5, 41, Integer.MAX_VALUE, Long.MIN_VALUE);
      case 3 -> pick(random, 1e308, -0.5, 3.7);
      case 4 -> new java.math.BigInteger("9".repeat(1 + random.nextInt(400)));
      case 5 -> "";
      case 6 -> " \t\n";
      case 7 -> "x".repeat(pick(random, 300, 2_100, 10_000, 70_000, 500_000));
      case 8 -> "\u0000\u202e\ud83d\ude00 ü 漢字 \\ \" ' <script>";
      case 9 -> pick(random, taskA, taskB, "0", "1" + "0".repeat(18), "9".repeat(19), "-1", "1.5", "1e18");
      case 10 -> pick(random, buttonA, buttonA.replace("::1::", "::9::"), "MJ::JOB::upsample::1::" + "a".repeat(3000),
          "MJ::", "::::", "MJ::Inpaint::1::x::SOLO", "MJ::CustomZoom::x", "MJ::JOB::reroll::0::x::SOLO");
      case 11 -> pick(random, png, "data:image/png;base64,", "data:image/png;base64,!!!!", "data:;base64,AAAA",
          "data:image/gif;base64,R0lGODlhAQABAAAAACw=", "iVBORw0KGgo=", "data:image/png;base64," + "A".repeat(20_000));
      case 12 -> pick(random, "http://127.0.0.1:1/x.png", base + "/images/" + taskB + "/grid.png",
          base + "/../../etc/passwd", "file:///etc/passwd", "ftp://127.0.0.1/x", "http://", "http://[::1]:1/",
          "javascript:alert(1)", "http://127.0.0.1:1/" + "a".repeat(2_100));
      case 13 -> pick(random, "a cat --ar 99999:1", "a cat --v seven", "a cat --xxxx", "a cat --no", "--ar",
          "a cat --s -5", "a cat —ar 16:9", "a cat --seed 99999999999", "a cat --iw 9", "a cat --zoom 0",
          "a cat --r 41", "a cat --stop 5", "a cat --cw 101", "a cat ::-1", "<#>" + "--ar 1:1 ".repeat(500));
      case 14 -> pick(random, "MID_JOURNEY", "NIJI_JOURNEY", "mid_journey", "SQUARE", "PORTRAIT", "UPSCALE",
          "VARIATION", "REROLL", "SUCCESS", "IN_PROGRESS", "admin", "user", "root", "DESCRIBE", "BLEND", "IMAGINE");
      case 15 -> pick(random, ".", "..", "../x", "a/b", "A".repeat(65), "t-ok", "tenant with space", "/", "%2e%2e");
      case 16, 17 -> depth > 2 ? "leaf" : list(random, field, depth);
      case 18, 19 -> depth > 2 ? "leaf" : object(random, field, depth);
      default -> {
        // mostly values of the right kind, so mutations reach the deeper checks
        yield switch (field) {
          case "base64Array" -> list(random, field, depth);
          case "accountFilter" -> object(random, field, depth);
          case "index", "count", "limit" -> random.nextInt(8) - 2;
          case "ids" -> List.of(taskA, taskB, "x".repeat(random.nextInt(3000)));
          default -> "v" + random.nextInt(100);
        };
      }
    };
  }

  private List<Object> list(Random random, String field, int depth) {
    int n = depth > 0 ? pick(random, 0, 1, 2) : pick(random, 0, 1, 2, 3, 6, 40);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(random.nextInt(3) == 0 ? png : value(random, field, depth + 1));
    }
    return out;
  }

  private Map<String, Object> object(Random random, String field, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : List.of("instanceId", "modes", "remix", "remixAutoConsidered", field)) {
      if (random.nextBoolean()) {
        out.put(k, k.equals("modes") && random.nextBoolean()
            ? List.of(pick(random, "FAST", "RELAX", "TURBO", "fast", "SLOW")) : value(random, k, depth + 1));
      }
    }
    return out;
  }

  private String id(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> taskB;
      case 1 -> "9".repeat(19);
      case 2 -> "x".repeat(2_100);
      case 3 -> "1".repeat(2_100);
      case 4 -> pick(random, "..", ".", "a b", "ü漢", "%", "-1", "0x1F", "' OR '1'='1", revokedKeyId);
      case 5 -> "k" + random.nextInt(1000);
      default -> taskA;
    };
  }

  private static String deep(int levels) {
    return "[".repeat(levels) + "]".repeat(levels);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  private static String urlEncoded(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 160 ? s.substring(0, 160) + "...(" + s.length() + " chars)" : s;
  }

  // ---------------------------------------------------------------- transport

  private record Answer(int status, String contentType, String body) {}

  private Answer send(String method, String path, String key, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (java.io.IOException e) {
      return new Answer(-1, null, "no answer: " + e); // counted as a bad answer, with the request that caused it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
