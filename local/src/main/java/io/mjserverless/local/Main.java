package io.mjserverless.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.log.Log;
import io.mjserverless.local.runtime.LocalRuntime;
import io.mjserverless.local.runtime.RuntimeOptions;
import io.mjserverless.local.runtime.StartFailure;
import io.mjserverless.local.template.TemplateException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runtime's command line.
 * <pre>
 *   serve  [--port N] [--data-dir DIR] [--time-scale X] [--api-key KEY] [--host H] [--template FILE] [--param Name=Value]...
 *   invoke FunctionLogicalId --event events/FILE.json [--data-dir DIR] [--template FILE] [--param Name=Value]...
 *   demo   "prompt" [--out DIR] [--time-scale X] [--template FILE] [--param Name=Value]...
 * </pre>
 * The provider keys {@code <MODE>_MJPROXY_KEY} and {@code <MODE>_OPENAI_KEY} are
 * taken from this process's environment and given to every function; they never go through the template.
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
        every command takes --template FILE (default ./template.yaml) and any number of
        --param Name=Value, which overrides a template parameter (an unknown name or a value the
        template does not allow stops the command), e.g. an upstream provider for FAST tasks:
               serve --param FastEngine=mjproxy --param FastProviderUrl=https://api.example.com
        or an OpenAI-compatible image model:
               serve --param FastEngine=openai --param FastOpenAiUrl=https://api.openai.com/v1
        every command takes --log pretty (one readable line per event) or --log json (the default:
        the JSON lines Lambda writes to CloudWatch Logs); demo shows only warnings unless --log is given
        provider keys come from the environment, never from --param: RELAX_MJPROXY_KEY,
        FAST_MJPROXY_KEY, TURBO_MJPROXY_KEY, RELAX_OPENAI_KEY, FAST_OPENAI_KEY, TURBO_OPENAI_KEY
        are given to every function when set
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    // The embedded servers and HTTP clients leave idle non-daemon threads behind after close(); a
    // command is done when run returns, so the process ends now rather than when they time out.
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs one command and answers its exit status: 0 done, 1 the stack could not start or an invoke
   * failed, 2 a usage, template or parameter error. {@code serve} returns only when it cannot start.
   * Every failure is one line on {@code err}, with nothing left running.
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    try {
      Arguments parsed = Arguments.parse(args);
      logFormat(parsed.flags().get("--log")).ifPresent(Log::format);
      return switch (args[0]) {
        case "serve" -> serve(parsed, out, err);
        case "invoke" -> invoke(parsed, out);
        case "demo" -> {
          if (!parsed.flags().containsKey("--log")) {
            Log.threshold(Log.Level.WARN); // the progress bar is the demo's output; --log shows the events too
          }
          Demo.run(parsed.positional().isEmpty() ? null : parsed.positional().get(0), parsed);
          yield 0;
        }
        default -> usage(err, "unknown command " + args[0]);
      };
    } catch (IllegalArgumentException e) {
      // A flag without its value, a --port that is not a number: the line says which.
      err.println("error: " + oneLine(e.getMessage()));
      return 2;
    } catch (TemplateException e) {
      // A --param the template does not declare or allow, or a template that cannot be read.
      err.println("error: " + oneLine(e.getMessage()));
      return 2;
    } catch (StartFailure e) {
      // A port in use, a data directory that cannot be written: what happened and what to do.
      err.println("error: " + oneLine(e.getMessage()));
      return 1;
    }
  }

  /**
   * A command line: the words after the command, its {@code --flag value} pairs (the last of a flag
   * given twice wins) and its {@code --param Name=Value} overrides, in order.
   */
  record Arguments(List<String> positional, Map<String, String> flags, Map<String, String> parameters) {
    static Arguments parse(String... args) {
      List<String> positional = new ArrayList<>();
      Map<String, String> flags = new HashMap<>();
      Map<String, String> parameters = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          String flag = args[i];
          String value = args[++i];
          if (flag.equals("--param")) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--param needs Name=Value (a template parameter and its value), got '" + value + "'");
            }
            String name = value.substring(0, eq).trim();
            if (parameters.containsKey(name)) {
              throw new IllegalArgumentException("--param " + name + " is given twice");
            }
            parameters.put(name, value.substring(eq + 1));
          } else {
            flags.put(flag, value);
          }
        } else {
          positional.add(args[i]);
        }
      }
      return new Arguments(List.copyOf(positional), Map.copyOf(flags), java.util.Collections.unmodifiableMap(parameters));
    }

    /** These arguments with one flag set (or replaced). */
    Arguments with(String flag, String value) {
      Map<String, String> f = new HashMap<>(flags);
      f.put(flag, value);
      return new Arguments(positional, Map.copyOf(f), parameters);
    }
  }

  /** The runtime options of a command line; the provider keys are taken from {@code environment}. */
  static RuntimeOptions options(Arguments arguments, Map<String, String> environment, Path defaultDataDir,
      double defaultScale, int defaultPort) {
    Map<String, String> flags = arguments.flags();
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
        flags.getOrDefault("--api-key", RuntimeOptions.DEFAULT_API_KEY),
        arguments.parameters(),
        RuntimeOptions.providerKeys(environment));
  }

  static RuntimeOptions options(Arguments arguments, Path defaultDataDir, double defaultScale, int defaultPort) {
    return options(arguments, System.getenv(), defaultDataDir, defaultScale, defaultPort);
  }

  private static int serve(Arguments arguments, PrintStream out, PrintStream err) throws Exception {
    LocalRuntime runtime;
    try {
      runtime = LocalRuntime.start(options(arguments, Path.of(".mj-local"), 1.0, 8080), true);
    } catch (StartFailure | TemplateException | IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      // Anything else (DynamoDB Local or s3proxy refusing to start): one line; start stopped what it had started.
      err.println("error: the local stack could not start: " + plain(e));
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }));
    if (!runtime.resumed().isEmpty()) {
      err.println("resumed " + runtime.resumed().size() + " running execution(s)");
    }
    out.println("READY " + runtime.baseUrl() + " " + runtime.apiKey());
    out.flush();
    Thread.currentThread().join();
    return 0;
  }

  /**
   * {@code --log pretty}: one readable line per event instead of JSON (the same events and fields);
   * {@code --log json} is the default, the lines Lambda writes to CloudWatch. LOG_FORMAT=pretty does the same.
   */
  static java.util.Optional<Log.Format> logFormat(String flag) {
    if (flag == null) {
      return java.util.Optional.empty();
    }
    return switch (flag.toLowerCase(java.util.Locale.ROOT)) {
      case "pretty" -> java.util.Optional.of(Log.Format.PRETTY);
      case "json" -> java.util.Optional.of(Log.Format.JSON);
      default -> throw new IllegalArgumentException("--log must be json or pretty, got '" + flag + "'");
    };
  }

  /** A message on one line, however many its source gave it. */
  static String oneLine(String message) {
    return message == null ? "no reason given" : String.join(" ", message.strip().split("\\s*\\R\\s*"));
  }

  /** The innermost message of a failure, without class names. */
  private static String plain(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() != null ? t.getMessage() : e.getMessage();
    return oneLine(message);
  }

  private static int invoke(Arguments arguments, PrintStream out) throws Exception {
    List<String> positional = arguments.positional();
    Map<String, String> flags = arguments.flags();
    if (positional.isEmpty() || !flags.containsKey("--event")) {
      throw new IllegalArgumentException("invoke needs a function and --event FILE, e.g. invoke SubmitFunction --event events/submit-imagine.json");
    }
    JsonNode event = Json.tree(Files.readString(Path.of(flags.get("--event"))));
    try (LocalRuntime runtime = LocalRuntime.start(options(arguments, Path.of(".mj-local"), 1.0, 0), false)) {
      JsonNode answer;
      try {
        answer = runtime.lambdas().invoke(positional.get(0), event);
      } catch (io.mjserverless.local.asl.TaskFailedException e) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
            Map.of("errorType", e.error(), "cause", String.valueOf(e.cause()))));
        return 1;
      }
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      return 0;
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

  private static int usage(PrintStream err, String message) {
    err.println("error: " + message);
    err.print(USAGE);
    return 2;
  }
}
