package io.mjserverless.core.config;

import io.mjserverless.core.task.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the OpenAI-compatible image provider of one speed mode ({@code <MODE>_ENGINE=openai}):
 * base URL, key (plain for local runs, or an SSM SecureString / Secrets Manager secret), the image and
 * chat models, the picture sizes the image model accepts, how many pictures one request may ask for,
 * whether it takes a seed, how many jobs may run at once and how long one request may take.
 */
public record OpenAiSettings(
    Mode mode,
    URI baseUrl,
    Optional<String> key,
    Optional<String> keyParameter,
    String imageModel,
    String chatModel,
    List<Size> sizes,
    int picturesPerRequest,
    Optional<String> responseFormat,
    boolean seed,
    int concurrency,
    Duration timeout) {

  public static final String DEFAULT_IMAGE_MODEL = "gpt-image-1";
  public static final String DEFAULT_CHAT_MODEL = "gpt-4o-mini";
  /** gpt-image-1's sizes: square, landscape, portrait. */
  public static final String DEFAULT_SIZES = "1024x1024,1536x1024,1024x1536";
  public static final int DEFAULT_CONCURRENCY = 3;
  /** Image models take tens of seconds per request; the Poll function's Lambda timeout (420 s) allows 300. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 120;
  public static final int MAX_TIMEOUT_SECONDS = 300;

  /** A picture size the model accepts, {@code WIDTHxHEIGHT}. */
  public record Size(int width, int height) {
    public double ratio() {
      return (double) width / height;
    }

    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  public OpenAiSettings {
    sizes = List.copyOf(sizes);
  }

  /** The variable name of a setting of this mode, e.g. {@code FAST_OPENAI_URL}. */
  public static String variable(Mode mode, String suffix) {
    return mode.name() + "_OPENAI_" + suffix;
  }

  /** The API root, {@code .../v1}, whether or not the configured URL ends with it. */
  public String apiRoot() {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return base.endsWith("/v1") ? base : base + "/v1";
  }

  /** Identifies the provider account, so two modes on the same account can share a slot count. */
  public String identity() {
    return apiRoot() + "|" + key.orElse("") + "|" + keyParameter.orElse("");
  }

  /**
   * Reads {@code <MODE>_OPENAI_*} from the environment; every complaint names the variable.
   * @throws IllegalStateException for a missing or bad setting
   */
  public static OpenAiSettings read(Mode mode, Map<String, String> env) {
    String urlName = variable(mode, "URL");
    String url = value(env, urlName).orElseThrow(() -> new IllegalStateException("environment variable " + urlName
        + " is required when " + mode + "_ENGINE is openai (the provider's base URL, e.g. https://api.openai.com/v1)"));
    URI uri = BaseUrls.parse(urlName, url);
    Optional<String> key = value(env, variable(mode, "KEY"));
    Optional<String> keyParameter = value(env, variable(mode, "KEY_PARAMETER"));
    if (key.isPresent() && keyParameter.isPresent()) {
      throw new IllegalStateException("set only one of " + variable(mode, "KEY") + " and " + variable(mode, "KEY_PARAMETER"));
    }
    String imageModel = value(env, variable(mode, "IMAGE_MODEL")).orElse(DEFAULT_IMAGE_MODEL);
    String chatModel = value(env, variable(mode, "CHAT_MODEL")).orElse(DEFAULT_CHAT_MODEL);
    List<Size> sizes = sizes(variable(mode, "SIZES"), value(env, variable(mode, "SIZES")).orElse(DEFAULT_SIZES));
    int perRequest = number(env, variable(mode, "PICTURES_PER_REQUEST"), 4, 4);
    if (perRequest != 1 && perRequest != 2 && perRequest != 4) {
      throw new IllegalStateException("environment variable " + variable(mode, "PICTURES_PER_REQUEST")
          + " must be 1, 2 or 4 (pictures the model makes per request: n), got " + perRequest);
    }
    String formatName = variable(mode, "RESPONSE_FORMAT");
    Optional<String> format = value(env, formatName).map(v -> v.toLowerCase(Locale.ROOT));
    if (format.isPresent() && !format.get().equals("b64_json") && !format.get().equals("url")) {
      throw new IllegalStateException("environment variable " + formatName + " must be b64_json or url (or empty: the"
          + " model's default), got " + format.get());
    }
    boolean seed = bool(env, variable(mode, "SEED"));
    int concurrency = number(env, variable(mode, "CONCURRENCY"), DEFAULT_CONCURRENCY, 1000);
    int timeout = number(env, variable(mode, "TIMEOUT_SECONDS"), DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
    return new OpenAiSettings(mode, uri, key, keyParameter, imageModel, chatModel, sizes, perRequest, format, seed,
        concurrency, Duration.ofSeconds(timeout));
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static int number(Map<String, String> env, String name, int fallback, int max) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n <= 0 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("environment variable " + name + " must be an integer from 1 to " + max + ", got " + v.get());
    }
  }

  private static boolean bool(Map<String, String> env, String name) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalStateException("environment variable " + name + " must be true or false, got " + v.get());
    };
  }

  static List<Size> sizes(String name, String value) {
    List<Size> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      String[] wh = p.split("x");
      try {
        if (wh.length != 2) {
          throw new NumberFormatException();
        }
        int w = Integer.parseInt(wh[0].trim());
        int h = Integer.parseInt(wh[1].trim());
        if (w < 16 || h < 16 || w > 4096 || h > 4096) {
          throw new NumberFormatException();
        }
        out.add(new Size(w, h));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("environment variable " + name + " must list sizes as WIDTHxHEIGHT separated by"
            + " commas (16..4096 each), e.g. " + DEFAULT_SIZES + "; got " + value);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("environment variable " + name + " must list at least one size, e.g. " + DEFAULT_SIZES);
    }
    return out;
  }
}
