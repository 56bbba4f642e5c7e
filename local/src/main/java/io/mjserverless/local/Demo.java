package io.mjserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code demo "<prompt>"}: the product end to end in one command. A throwaway stack on a free port,
 * an imagine over HTTP with a progress bar, then U1 of the grid, both results saved as PNG files.
 */
final class Demo {
  private Demo() {}

  static void run(String prompt, Main.Arguments arguments) throws Exception {
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("demo needs a prompt, e.g. demo \"a lighthouse at dawn --ar 16:9\"");
    }
    Path out = Path.of(arguments.flags().getOrDefault("--out", "out"));
    Path dataDir = Files.createTempDirectory("mj-demo-");
    RuntimeOptions runtimeOptions = Main.options(arguments.with("--data-dir", dataDir.toString()), dataDir, 0.1, 0);
    System.out.println("starting a local stack (DynamoDB Local, s3proxy, state machine, functions)...");
    try (LocalRuntime runtime = LocalRuntime.start(runtimeOptions, true)) {
      ApiClient api = new ApiClient(runtime.baseUrl(), runtime.apiKey());
      System.out.println("stack ready at " + runtime.baseUrl());
      List<Path> saved = new ArrayList<>();

      String taskId = submitted(api.post("/mj/submit/imagine", Map.of("prompt", prompt)), "imagine");
      JsonNode grid = follow(api, taskId, "imagine " + prompt);
      saved.add(save(api, grid, out.resolve(taskId + "-grid.png")));

      String u1 = null;
      for (JsonNode b : grid.path("buttons")) {
        if (b.path("customId").asText().startsWith("MJ::JOB::upsample::1::")) {
          u1 = b.path("customId").asText();
        }
      }
      if (u1 == null) {
        throw new IllegalStateException("the grid has no U1 button");
      }
      String upscaleId = submitted(api.post("/mj/submit/action", Map.of("taskId", taskId, "customId", u1)), "U1");
      JsonNode upscale = follow(api, upscaleId, "U1");
      saved.add(save(api, upscale, out.resolve(upscaleId + "-u1.png")));

      System.out.println();
      for (Path p : saved) {
        System.out.println("saved " + p.toAbsolutePath());
      }
    }
  }

  private static String submitted(ApiClient.Answer answer, String what) {
    JsonNode json = answer.json();
    if (answer.status() != 200 || json.path("code").asInt() != 1) {
      throw new IllegalStateException(what + " was not accepted: " + answer.body());
    }
    return json.path("result").asText();
  }

  private static JsonNode follow(ApiClient api, String taskId, String label) {
    JsonNode done = api.awaitFinal(taskId, Duration.ofMinutes(5), task -> bar(label, task));
    System.out.println();
    if (!done.path("status").asText().equals("SUCCESS")) {
      throw new IllegalStateException(label + " ended " + done.path("status").asText() + ": " + done.path("failReason").asText());
    }
    return done;
  }

  private static void bar(String label, JsonNode task) {
    String progress = task.path("progress").asText("0%");
    int percent = 0;
    try {
      percent = Integer.parseInt(progress.replace("%", "").trim());
    } catch (NumberFormatException ignored) {
      // NOT_START has no progress yet
    }
    int filled = percent / 5;
    String text = label.length() > 40 ? label.substring(0, 37) + "..." : label;
    System.out.printf("\r%-40s [%s%s] %3d%% %-11s", text, "#".repeat(filled), " ".repeat(20 - filled), percent,
        task.path("status").asText());
    System.out.flush();
  }

  private static Path save(ApiClient api, JsonNode task, Path file) throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, api.download(task.path("imageUrl").asText()));
    return file;
  }
}
