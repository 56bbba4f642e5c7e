package io.mjserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runtime's command line.
 * <pre>
 *   serve  [--port N] [--data-dir DIR] [--time-scale X] [--api-key KEY] [--host H] [--template FILE]
 *   invoke FunctionLogicalId --event events/FILE.json [--data-dir DIR] [--template FILE]
 *   demo   "prompt" [--out DIR] [--time-scale X] [--template FILE]
 * </pre>
 */
public final class Main {
  static final String USAGE = """
      usage: java -jar local/target/mj-local.jar <command> [options]
        serve  [--port 8080] [--data-dir .mj-local] [--time-scale 1] [--api-key KEY] [--host 127.0.0.1]
               starts the whole stack; prints READY <base-url> <api-key> when it answers
        invoke <FunctionLogicalId> --event events/<file>.json [--data-dir .mj-local]
               runs one function with one event, like sam local invoke, and prints its answer
        demo   "<prompt>" [--out out] [--time-scale 0.1]
               imagines the prompt on a throwaway stack, upscales one image, saves the PNGs
        every command takes --template FILE (default ./template.yaml)
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.print(USAGE);
      System.exit(2);
    }
    List<String> positional = new ArrayList<>();
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          fail(args[i] + " needs a value");
        }
        flags.put(args[i], args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    try {
      switch (args[0]) {
        case "serve" -> serve(flags);
        case "invoke" -> invoke(positional, flags);
        case "demo" -> Demo.run(positional.isEmpty() ? null : positional.get(0), flags);
        default -> fail("unknown command " + args[0]);
      }
      // The embedded servers and HTTP clients leave idle non-daemon threads behind after close();
      // a one-shot command is done here, so it ends now rather than when they time out.
      System.exit(0);
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  static RuntimeOptions options(Map<String, String> flags, Path defaultDataDir, double defaultScale, int defaultPort) {
    Path template = Path.of(flags.getOrDefault("--template", "template.yaml"));
    if (!Files.isRegularFile(template)) {
      throw new IllegalArgumentException("no template at " + template.toAbsolutePath()
          + ": run from the repository root or pass --template");
    }
    return new RuntimeOptions(template,
        Path.of(flags.getOrDefault("--data-dir", defaultDataDir.toString())),
        flags.getOrDefault("--host", "127.0.0.1"),
        parse(flags, "--port", defaultPort),
        parseDouble(flags, "--time-scale", defaultScale),
        flags.getOrDefault("--api-key", RuntimeOptions.DEFAULT_API_KEY));
  }

  private static void serve(Map<String, String> flags) throws Exception {
    LocalRuntime runtime = LocalRuntime.start(options(flags, Path.of(".mj-local"), 1.0, 8080), true);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }));
    if (!runtime.resumed().isEmpty()) {
      System.err.println("resumed " + runtime.resumed().size() + " running execution(s)");
    }
    System.out.println("READY " + runtime.baseUrl() + " " + runtime.apiKey());
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void invoke(List<String> positional, Map<String, String> flags) throws Exception {
    if (positional.isEmpty() || !flags.containsKey("--event")) {
      throw new IllegalArgumentException("invoke needs a function and --event FILE, e.g. invoke SubmitFunction --event events/submit-imagine.json");
    }
    JsonNode event = Json.tree(Files.readString(Path.of(flags.get("--event"))));
    try (LocalRuntime runtime = LocalRuntime.start(options(flags, Path.of(".mj-local"), 1.0, 0), false)) {
      JsonNode answer;
      try {
        answer = runtime.lambdas().invoke(positional.get(0), event);
      } catch (io.mjserverless.local.asl.TaskFailedException e) {
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
            Map.of("errorType", e.error(), "cause", String.valueOf(e.cause()))));
        System.exit(1);
        return;
      }
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    }
  }

  static int parse(Map<String, String> flags, String name, int fallback) {
    try {
      return flags.containsKey(name) ? Integer.parseInt(flags.get(name)) : fallback;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + flags.get(name));
    }
  }

  static double parseDouble(Map<String, String> flags, String name, double fallback) {
    try {
      return flags.containsKey(name) ? Double.parseDouble(flags.get(name)) : fallback;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got " + flags.get(name));
    }
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    System.err.print(USAGE);
    System.exit(2);
  }
}
