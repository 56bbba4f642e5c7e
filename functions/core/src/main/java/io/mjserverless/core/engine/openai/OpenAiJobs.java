package io.mjserverless.core.engine.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.button.PanDirection;
import io.mjserverless.core.config.OpenAiSettings;
import io.mjserverless.core.config.OpenAiSettings.Size;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.JobRejectedException;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.simulator.Grids;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.json.Json;
import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each action of the contract becomes at an OpenAI-compatible provider. Pictures of earlier tasks
 * are read from our bucket (whichever engine made them), so every button works on every result.
 */
public final class OpenAiJobs {
  /** Task property naming the size the model was asked for (the task's prompt keeps the asked --ar). */
  public static final String SIZE_PROPERTY = "openaiSize";
  /** Task property saying who made an upscale when the model has none. */
  public static final String UPSCALER_PROPERTY = "upscaler";
  public static final String RESAMPLED = "resampled 2x by mj-serverless: the image model has no upscale";
  static final int GRID = 4;
  /** Longest side of a picture sent to the vision model: enough to describe it, small to send. */
  static final int DESCRIBE_SIDE = 1024;
  static final int DESCRIBE_PROMPTS = 4;
  static final int SHORTEN_PROMPTS = 5;
  private static final Pattern LIST_MARK = Pattern.compile("^\\s*(?:[-*•]|\\d+[.):]|\\d\uFE0F?\u20E3|#+)\\s*");
  private static final Pattern FIRST_FLAG = Pattern.compile("(?:^|\\s)(?:--|\u2014)[a-zA-Z]");

  private final OpenAiSettings settings;
  private final ImageStore images;
  private final InputImages inputs;
  private final TaskStore tasks;
  private final RemoteImages links;

  public OpenAiJobs(OpenAiSettings settings, ImageStore images, InputImages inputs, TaskStore tasks, RemoteImages links) {
    this.settings = settings;
    this.images = images;
    this.inputs = inputs;
    this.tasks = tasks;
    this.links = links;
  }

  /**
   * The job of a task.
   * @throws JobRejectedException when the task cannot run (a prompt Midjourney would refuse, a missing picture)
   */
  public OpenAiJob plan(Task task) {
    String prompt = task.promptEn() == null || task.promptEn().isBlank() ? task.prompt() : task.promptEn();
    if (prompt != null && !prompt.isBlank()) {
      Optional<String> problem = PromptParameters.problem(prompt);
      if (problem.isPresent()) {
        throw new JobRejectedException("[Invalid parameter] " + problem.get());
      }
    }
    CustomId button = task.customId() == null ? null : CustomId.parse(task.customId()).orElse(null);
    ButtonKind kind = button == null ? null : button.kind();
    if (kind == ButtonKind.REROLL && task.action() == TaskAction.BLEND && task.inputs().isEmpty()) {
      // A blend's reroll carries no pictures of its own: blend the parent's again.
      Task parent = tasks.get(parent(task)).orElseThrow(() ->
          new JobRejectedException("the parent task " + task.parentId() + " no longer exists"));
      return blend(parent);
    }
    if (kind == ButtonKind.REROLL) {
      return imagine(task, prompt);
    }
    return switch (task.action()) {
      case IMAGINE, REROLL -> imagine(task, prompt);
      case UPSCALE -> new OpenAiJob.Local(Grids.quadrant(parentGrid(task), task.index() == null ? 1 : task.index()),
          Map.of());
      case UPSCALE_HD -> new OpenAiJob.Local(Canvases.resample(parentImage(task), 2.0), Map.of(UPSCALER_PROPERTY, RESAMPLED));
      case VARIATION -> variation(task, kind, prompt);
      case ZOOM -> {
        double factor = kind == ButtonKind.ZOOM_OUT && button.zoomFactor() != null ? button.zoomFactor()
            : parameters(prompt).flatMap(PromptParameters::zoom).orElse(2.0);
        Canvases.MaskedCanvas canvas = Canvases.zoomOut(parentImage(task), Math.max(1.0, Math.min(2.0, factor)), settings.sizes());
        yield masked(canvas, "Extend this picture outwards into the transparent border, continuing it seamlessly",
            text(prompt));
      }
      case PAN -> {
        if (button == null || button.panDirection() == null) {
          throw new JobRejectedException("the pan task does not say which way to pan");
        }
        Canvases.MaskedCanvas canvas = Canvases.pan(parentImage(task), button.panDirection(), settings.sizes());
        yield masked(canvas, "Continue this picture seamlessly into the transparent " + side(button.panDirection()) + " side",
            text(prompt));
      }
      case BLEND -> blend(task);
      case SWAP_FACE -> faceSwap(task);
      case DESCRIBE -> describe(task);
      case SHORTEN -> shorten(prompt);
    };
  }

  private OpenAiJob imagine(Task task, String prompt) {
    Optional<PromptParameters> params = parameters(prompt);
    double ratio = params.flatMap(PromptParameters::aspectRatio).map(a -> (double) a.width() / a.height()).orElse(1.0);
    Size size = Canvases.nearest(settings.sizes(), ratio);
    String text = text(prompt);
    List<String> promptLinks = params.map(PromptParameters::imageUrls).orElse(List.of());
    if (task.inputs().isEmpty() && promptLinks.isEmpty()) {
      Optional<Long> seed = settings.seed() ? params.flatMap(PromptParameters::seed) : Optional.empty();
      return new OpenAiJob.Pictures(PictureRequest.generation(text, GRID, size, seed), sizeNote(size));
    }
    // Image prompts (base64Array, links at the start of the prompt): the references go in as pictures of an
    // edit, the prompt says what to make of them. Links are fetched with the address guard and size cap.
    List<byte[]> references = new ArrayList<>();
    for (int i = 0; i < task.inputs().size(); i++) {
      references.add(ImageOps.png(Canvases.cover(ImageOps.decode(input(task, i)), size)));
    }
    for (String link : promptLinks) {
      byte[] bytes;
      try {
        bytes = links.fetch(link);
      } catch (JobRejectedException | IllegalArgumentException e) {
        throw new JobRejectedException("the image prompt " + link.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
      }
      references.add(ImageOps.png(Canvases.cover(ImageOps.decode(bytes), size)));
    }
    return new OpenAiJob.Pictures(PictureRequest.edit("Using the given picture" + (references.size() > 1 ? "s" : "")
        + " as reference: " + text, GRID, size, references, Optional.empty()), sizeNote(size));
  }

  private OpenAiJob variation(Task task, ButtonKind kind, String prompt) {
    String text = text(prompt);
    if (kind == ButtonKind.VARY_REGION) {
      if (task.maskKey() == null) {
        throw new JobRejectedException("Vary Region needs the mask of its modal (maskBase64)");
      }
      BufferedImage ourMask = ImageOps.decode(images.read(task.maskKey()));
      Canvases.MaskedCanvas canvas = Canvases.region(parentImage(task), ourMask, settings.sizes());
      if (!Canvases.repaintsAnything(canvas.mask())) {
        throw new JobRejectedException("the Vary Region mask marks nothing to repaint (white is the area to repaint)");
      }
      return masked(canvas, "Repaint only the transparent area of the mask", text);
    }
    BufferedImage source;
    String how;
    if (kind == ButtonKind.VARIATION || kind == null && task.index() != null) {
      source = Grids.quadrant(parentGrid(task), task.index() == null ? 1 : task.index());
      how = "Make a variation of this picture, keeping its subject and style";
    } else if (kind == ButtonKind.VARY_STRONG) {
      source = parentImage(task);
      how = "Make a strong variation of this picture: keep the subject, freely change composition, pose and details";
    } else {
      source = parentImage(task);
      how = "Make a subtle variation of this picture: keep its composition, subject and colours, change only small details";
    }
    Size size = Canvases.nearest(settings.sizes(), (double) source.getWidth() / source.getHeight());
    byte[] picture = ImageOps.png(Canvases.cover(source, size));
    return new OpenAiJob.Pictures(PictureRequest.edit(join(how, text), GRID, size, List.of(picture), Optional.empty()),
        sizeNote(size));
  }

  private OpenAiJob masked(Canvases.MaskedCanvas canvas, String how, String text) {
    return new OpenAiJob.Pictures(PictureRequest.edit(join(how, text), GRID, canvas.size(),
        List.of(ImageOps.png(canvas.picture())), Optional.of(ImageOps.png(canvas.mask()))), sizeNote(canvas.size()));
  }

  private OpenAiJob blend(Task task) {
    if (task.inputs().size() < 2) {
      throw new JobRejectedException("blend needs at least two pictures, the task has " + task.inputs().size());
    }
    double ratio = switch (task.dimensions() == null ? "SQUARE" : task.dimensions()) {
      case "PORTRAIT" -> 2.0 / 3;
      case "LANDSCAPE" -> 3.0 / 2;
      default -> 1.0;
    };
    Size size = Canvases.nearest(settings.sizes(), ratio);
    List<byte[]> pictures = new ArrayList<>();
    for (int i = 0; i < task.inputs().size(); i++) {
      pictures.add(ImageOps.png(Canvases.cover(ImageOps.decode(input(task, i)), size)));
    }
    return new OpenAiJob.Pictures(PictureRequest.edit("Blend these " + pictures.size() + " pictures into one new picture"
        + " that combines their subjects, colours and styles", GRID, size, pictures, Optional.empty()), sizeNote(size));
  }

  private OpenAiJob faceSwap(Task task) {
    BufferedImage source = ImageOps.decode(input(task, 0));
    BufferedImage target = ImageOps.decode(input(task, 1));
    Size size = Canvases.nearest(settings.sizes(), (double) target.getWidth() / target.getHeight());
    return new OpenAiJob.Pictures(PictureRequest.edit("Put the face of the person in the first picture onto the person"
        + " in the second picture. Keep the second picture's pose, body, clothes, background and lighting.", 1, size,
        List.of(ImageOps.png(Canvases.cover(source, size)), ImageOps.png(Canvases.cover(target, size))), Optional.empty()),
        sizeNote(size));
  }

  private OpenAiJob describe(Task task) {
    BufferedImage image = ImageOps.decode(input(task, 0));
    String ar = aspect(image.getWidth(), image.getHeight());
    String dataUri = "data:image/png;base64,"
        + Base64.getEncoder().encodeToString(ImageOps.png(ImageOps.thumbnail(image, DESCRIBE_SIDE)));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "You write prompts for the Midjourney image generator.");
    ArrayNode content = messages.addObject().put("role", "user").putArray("content");
    content.addObject().put("type", "text").put("text", "Write " + DESCRIBE_PROMPTS + " different Midjourney prompts that"
        + " would make this picture: subject, setting, style, medium, colours and light, 20 to 60 words each. Answer"
        + " with the prompts only, one per line, without numbers, quotes or parameters.");
    content.addObject().put("type", "image_url").putObject("image_url").put("url", dataUri);
    return new OpenAiJob.Chat(body, answer -> {
      List<String> prompts = lines(answer, DESCRIBE_PROMPTS);
      return NumberedPrompts.format(prompts.stream().map(p -> p.contains("--ar") ? p : p + " --ar " + ar).toList());
    }, Map.of());
  }

  private OpenAiJob shorten(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw new JobRejectedException("shorten needs a prompt");
    }
    Matcher flag = FIRST_FLAG.matcher(prompt);
    String words = flag.find() ? prompt.substring(0, flag.start()).strip() : prompt.strip();
    String flags = flag.find(0) ? prompt.substring(flag.start()).strip() : "";
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "You shorten prompts for the Midjourney image generator.");
    messages.addObject().put("role", "user").put("content", "Write " + SHORTEN_PROMPTS + " shorter versions of this"
        + " prompt, the most complete first and the shortest last, keeping the words that matter most to the picture."
        + " Answer with the prompts only, one per line, without numbers or quotes.\n\n" + words);
    return new OpenAiJob.Chat(body, answer -> {
      List<String> prompts = lines(answer, SHORTEN_PROMPTS).stream().map(p -> flags.isEmpty() ? p : p + " " + flags).toList();
      return "## Important tokens\n" + prompt.strip() + "\n## Shortened prompts\n" + NumberedPrompts.format(prompts);
    }, Map.of());
  }

  /** The model's lines as prompts: list marks and quotes taken off, empty lines dropped, at most {@code max}. */
  static List<String> lines(String answer, int max) {
    List<String> out = new ArrayList<>();
    for (String line : answer.split("\\R")) {
      String p = LIST_MARK.matcher(line).replaceFirst("").strip();
      if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("“") && p.endsWith("”"))) {
        p = p.substring(1, p.length() - 1).strip();
      }
      if (!p.isEmpty() && out.size() < max) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new JobRejectedException("the chat model answered no prompts: " + OpenAiClient.quote(answer));
    }
    return out;
  }

  /** The prompt for the model: Midjourney's words without its parameters, {@code --no} as words to avoid. */
  static String text(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      return "";
    }
    Optional<PromptParameters> params = parameters(prompt);
    if (params.isEmpty()) {
      return prompt.strip();
    }
    String text = params.get().text().strip();
    if (!params.get().no().isEmpty()) {
      text = text + (text.isEmpty() ? "" : ". ") + "Do not show: " + String.join(", ", params.get().no()) + ".";
    }
    return text;
  }

  private static Optional<PromptParameters> parameters(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PromptParameters.parse(prompt));
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  private static String join(String how, String text) {
    return text.isBlank() ? how + "." : how + ": " + text;
  }

  private static String side(PanDirection direction) {
    return direction.name().toLowerCase(java.util.Locale.ROOT);
  }

  static String aspect(int w, int h) {
    int g = gcd(w, h);
    int aw = w / g;
    int ah = h / g;
    if (aw > 32 || ah > 32) { // 1000:667 says nothing: round to a ratio people write
      double r = (double) w / h;
      int[][] common = {{1, 1}, {4, 3}, {3, 4}, {3, 2}, {2, 3}, {16, 9}, {9, 16}, {2, 1}, {1, 2}, {5, 4}, {4, 5}, {7, 4}, {4, 7}};
      int[] best = common[0];
      for (int[] c : common) {
        if (Math.abs(Math.log((double) c[0] / c[1]) - Math.log(r)) < Math.abs(Math.log((double) best[0] / best[1]) - Math.log(r))) {
          best = c;
        }
      }
      return best[0] + ":" + best[1];
    }
    return aw + ":" + ah;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static Map<String, String> sizeNote(Size size) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SIZE_PROPERTY, size.toString());
    return m;
  }

  /** Input n of a task; a client's link that cannot be read fails the task with RemoteImages' plain reason. */
  private byte[] input(Task task, int n) {
    try {
      return inputs.read(task, n);
    } catch (io.mjserverless.core.image.ImageRefusedException | JobRejectedException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new JobRejectedException(e.getMessage(), e);
    }
  }

  private BufferedImage parentGrid(Task task) {
    return ImageOps.decode(images.find(ResultKeys.grid(parent(task))).orElseThrow(() ->
        new JobRejectedException("the grid of task " + task.parentId() + " is not in our bucket")));
  }

  private BufferedImage parentImage(Task task) {
    return ImageOps.decode(images.find(ResultKeys.image(parent(task))).orElseThrow(() ->
        new JobRejectedException("the picture of task " + task.parentId() + " is not in our bucket")));
  }

  private static String parent(Task task) {
    if (task.parentId() == null) {
      throw new JobRejectedException("the " + task.action() + " task has no parent task");
    }
    return task.parentId();
  }
}
