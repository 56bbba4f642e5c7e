package io.mjserverless.core.engine.simulator;

import io.mjserverless.core.button.ButtonKind;
import io.mjserverless.core.button.CustomId;
import io.mjserverless.core.engine.Engine;
import io.mjserverless.core.engine.JobResult;
import io.mjserverless.core.engine.JobStatus;
import io.mjserverless.core.engine.InputImages;
import io.mjserverless.core.engine.RemoteImages;
import io.mjserverless.core.engine.Submission;
import io.mjserverless.core.image.ImageOps;
import io.mjserverless.core.image.ImageSource;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.ResultKeys;
import io.mjserverless.core.prompt.NumberedPrompts;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An engine that makes real pictures in-process, so the product works without any upstream account.
 * It is stateless like the Lambdas that call it: a job's progress follows from the task's start time
 * and its mode's duration, and its pictures from the task's seed and inputs, so every poll and the
 * final result agree without anything kept between calls.
 */
public final class SimulatorEngine implements Engine {
  /** Durations per mode before {@code SIMULATOR_TIME_SCALE}: relax slowest, turbo fastest. */
  static final long RELAX_MILLIS = 90_000;
  static final long FAST_MILLIS = 30_000;
  static final long TURBO_MILLIS = 12_000;
  /** Progress moves in steps, as Midjourney's does (0, 15, 31, 46, 62, 77). */
  static final int STEPS = 6;

  private final ImageStore images;
  private final InputImages inputs;
  private final SimulatorTimeline timeline;
  private final int quadrantSide;
  private final Clock clock;

  public SimulatorEngine(ImageStore images, TaskStore tasks, RemoteImages remote, double timeScale, int quadrantSide,
      Clock clock) {
    this.images = images;
    this.inputs = new InputImages(images, tasks, remote);
    this.timeline = new SimulatorTimeline(timeScale);
    this.quadrantSide = quadrantSide;
    this.clock = clock;
  }

  /**
   * Also stores the job's previews, one per progress step: the workflow waits once for the whole
   * job instead of polling, so fetch picks the preview of the moment from these ({@link SimulatorTimeline#progressAt}).
   * The picture is rendered once here instead of at every poll; a retried submit writes the same keys.
   */
  @Override
  public Submission submit(Task task) {
    if (producesImage(task.action()) && invalidParameter(task).isEmpty()) {
      // At half size: previews are blurred anyway, and five made at once should not hold up the job's start.
      BufferedImage full = render(task);
      BufferedImage picture = SimulatorPictures.fitLongSide(full, Math.max(1, Math.max(full.getWidth(), full.getHeight()) / 2));
      for (int step = 1; step < STEPS; step++) {
        int progress = SimulatorTimeline.progressOf(step);
        images.put(ResultKeys.preview(task.id(), progress),
            ImageSource.ofBytes(ImageOps.png(SimulatorPictures.preview(picture, progress)), "image/png"));
      }
    }
    // Stable per task, so a retried submit names the same job.
    return Submission.of(UUID.nameUUIDFromBytes(("sim:" + task.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
  }

  /** A job ends at its start plus its duration (at once when Midjourney would refuse its prompt). */
  @Override
  public Optional<Long> knownEndMillis(Task task) {
    return Optional.of(timeline.endMillis(task));
  }

  @Override
  public JobStatus poll(Task task) {
    Optional<String> invalid = invalidParameter(task);
    if (invalid.isPresent()) {
      return new JobStatus.Failed(invalid.get());
    }
    long duration = timeline.durationMillis(task);
    long elapsed = Math.max(0, clock.millis() - SimulatorTimeline.started(task));
    if (elapsed >= duration) {
      return new JobStatus.Succeeded();
    }
    int step = (int) (elapsed * STEPS / duration);
    int progress = SimulatorTimeline.progressOf(step);
    long nextStepAt = (step + 1) * duration / STEPS;
    int secondsToNext = (int) Math.max(1, Math.ceil((nextStepAt - elapsed) / 1000.0));
    Optional<byte[]> preview = Optional.empty();
    if (step > 0 && producesImage(task.action())) {
      preview = Optional.of(ImageOps.png(SimulatorPictures.preview(render(task), progress)));
    }
    return new JobStatus.Running(progress, preview, secondsToNext);
  }

  @Override
  public JobResult result(Task task) {
    return switch (task.action()) {
      case DESCRIBE -> {
        byte[] bytes = input(task, 0);
        BufferedImage image = ImageOps.decode(bytes);
        // A client's link is handed back for StoreResult to copy; our own upload is already in the bucket.
        Optional<ImageSource> linked = InputImages.isLink(task.inputs().get(0))
            ? Optional.of(ImageSource.ofBytes(bytes, "application/octet-stream")) : Optional.empty();
        yield JobResult.text(NumberedPrompts.format(ImageDescriber.describe(image)), linked);
      }
      case SHORTEN -> JobResult.text(PromptShortener.shorten(task.promptEn() == null ? task.prompt() : task.promptEn()),
          Optional.empty());
      case UPSCALE, UPSCALE_HD, SWAP_FACE -> JobResult.image(ImageOps.pngSource(render(task)), task.seed());
      default -> JobResult.grid(ImageOps.pngSource(render(task)), task.seed());
    };
  }

  @Override
  public void cancel(Task task) {
    // Nothing runs anywhere: a simulated job is only arithmetic on the clock.
  }

  /** How long a job of this task takes: by mode, shorter for text results and upscales, times the scale. */
  long durationMillis(Task task) {
    return timeline.durationMillis(task);
  }

  static boolean producesImage(TaskAction action) {
    return action != TaskAction.DESCRIBE && action != TaskAction.SHORTEN;
  }

  /**
   * Midjourney's own refusal of a prompt it cannot run (a parameter it does not know, a value out of
   * range). Submit refuses such prompts first; this catches a task stored before a rule existed, with the
   * same rules and words as submit ({@link PromptParameters#problem}).
   */
  static Optional<String> invalidParameter(Task task) {
    String prompt = task.promptEn() == null ? task.prompt() : task.promptEn();
    if (prompt == null || prompt.isBlank()) {
      return Optional.empty();
    }
    return PromptParameters.problem(prompt).map(problem -> "[Invalid parameter] " + problem);
  }

  /** The final picture of an image-producing task; deterministic, so previews show what the result will be. */
  BufferedImage render(Task task) {
    String prompt = task.promptEn() == null ? "" : task.promptEn();
    long seed = task.seed() != null ? task.seed() : Seeds.forPrompt(prompt);
    long childSeed = Seeds.mix(seed, task.id());
    CustomId button = task.customId() == null ? null : CustomId.parse(task.customId()).orElse(null);
    ButtonKind kind = button == null ? null : button.kind();
    if (kind == ButtonKind.REROLL) {
      return imagine(childSeed, prompt);
    }
    return switch (task.action()) {
      case IMAGINE, REROLL -> withImagePrompts(task, imagine(seed, prompt), prompt, seed);
      case UPSCALE -> SimulatorPictures.upscale(parentGrid(task), task.index() == null ? 1 : task.index());
      case UPSCALE_HD -> SimulatorPictures.upscaleHd(parentImage(task), "creative".equals(button == null ? null : button.variant()), childSeed);
      case VARIATION -> {
        if (kind == ButtonKind.VARIATION) {
          yield SimulatorPictures.variationGrid(SimulatorPictures.quadrant(parentGrid(task), task.index()), childSeed,
              SimulatorPictures.VARIATION, quadrantSide);
        }
        if (kind == ButtonKind.VARY_REGION) {
          BufferedImage mask = SimulatorPictures.readMask(images.read(task.maskKey()));
          yield SimulatorPictures.varyRegionGrid(sourceSized(parentImage(task)), mask, childSeed, prompt);
        }
        double strength = kind == ButtonKind.VARY_STRONG ? SimulatorPictures.STRONG : SimulatorPictures.SUBTLE;
        yield SimulatorPictures.variationGrid(parentImage(task), childSeed, strength, quadrantSide);
      }
      case ZOOM -> {
        double factor = kind == ButtonKind.ZOOM_OUT && button.zoomFactor() != null ? button.zoomFactor()
            : PromptParameters.parse(prompt).zoom().orElse(2.0);
        yield SimulatorPictures.zoomOutGrid(sourceSized(parentImage(task)), factor, childSeed);
      }
      case PAN -> SimulatorPictures.panGrid(sourceSized(parentImage(task)), Direction.valueOf(button.panDirection().name()), childSeed);
      case BLEND -> {
        List<BufferedImage> inputs = new ArrayList<>();
        for (int i = 0; i < task.inputs().size(); i++) {
          inputs.add(ImageOps.decode(input(task, i)));
        }
        BlendDimensions dims = task.dimensions() == null ? BlendDimensions.SQUARE : BlendDimensions.valueOf(task.dimensions());
        yield SimulatorPictures.blendGrid(inputs, dims, seed);
      }
      case SWAP_FACE -> SimulatorPictures.faceSwap(ImageOps.decode(input(task, 0)), ImageOps.decode(input(task, 1)));
      case DESCRIBE, SHORTEN -> throw new IllegalArgumentException(task.action() + " has no picture");
    };
  }

  private BufferedImage imagine(long seed, String prompt) {
    PromptParameters params = PromptParameters.parse(prompt.isBlank() ? "picture" : prompt);
    int w = params.aspectRatio().map(PromptParameters.AspectRatio::width).orElse(1);
    int h = params.aspectRatio().map(PromptParameters.AspectRatio::height).orElse(1);
    return SimulatorPictures.imagineGrid(seed, params.text(), w, h, quadrantSide);
  }

  /** An imagine's reference images (its inputs) mixed into the grid as strongly as {@code --iw} says. */
  private BufferedImage withImagePrompts(Task task, BufferedImage grid, String prompt, long seed) {
    if (task.inputs().isEmpty()) {
      return grid;
    }
    List<BufferedImage> references = new ArrayList<>();
    for (int i = 0; i < task.inputs().size(); i++) {
      references.add(ImageOps.decode(input(task, i)));
    }
    double weight = PromptParameters.parse(prompt.isBlank() ? "picture" : prompt).imageWeight()
        .orElse(ImagePrompts.DEFAULT_IMAGE_WEIGHT);
    return ImagePrompts.apply(grid, references, weight, seed);
  }

  /** Grid operations build their quadrants at the source's size: bring an upscaled parent back to quadrant size. */
  private BufferedImage sourceSized(BufferedImage image) {
    return SimulatorPictures.fitLongSide(image, quadrantSide);
  }

  private BufferedImage parentGrid(Task task) {
    return ImageOps.decode(images.read(ResultKeys.grid(task.parentId())));
  }

  private BufferedImage parentImage(Task task) {
    return ImageOps.decode(images.read(ResultKeys.image(task.parentId())));
  }

  /** Input n of a task: a key in our bucket, or a link the client gave. */
  private byte[] input(Task task, int n) {
    return inputs.read(task, n);
  }
}
