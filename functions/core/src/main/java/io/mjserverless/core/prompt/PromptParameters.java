package io.mjserverless.core.prompt;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.task.Mode;
import java.util.List;
import java.util.Optional;

/**
 * A Midjourney prompt taken apart: leading image URLs, the text, and the parameters we validate.
 * Parameters Midjourney knows but we do not interpret ({@code --cref}, {@code --sref}, {@code --p}...)
 * stay in {@link #otherParameters()} as typed, so nothing a client sends is lost. A parameter Midjourney
 * does not know is refused, as Midjourney refuses it ("Unrecognized parameter(s)"), rather than sent
 * upstream to fail there; the list is {@link PromptFlag}.
 *
 * @param prompt the prompt exactly as given
 * @param imageUrls the http(s) URLs at the start of the prompt (image prompts)
 * @param text the prompt text without image URLs and parameters, whitespace normalised
 * @param version {@code --v}/{@code --version} as written ({@code "6.1"})
 * @param niji whether {@code --niji} was given, with or without a version
 * @param nijiVersion the {@code --niji} version when one was given
 * @param quality {@code --quality}/{@code --q}: 0.25, 0.5, 1, 2 or 4
 * @param no the comma-separated items of {@code --no}, trimmed; empty when absent
 * @param style {@code --style}, lower-cased
 * @param imageWeight {@code --iw}
 * @param zoom {@code --zoom} (Custom Zoom)
 * @param repeat {@code --repeat}/{@code --r}: 1 to 40
 * @param stop {@code --stop}: 10 to 100
 * @param characterWeight {@code --cw}: 0 to 100
 * @param video whether {@code --video} was given
 * @param mode the speed tier asked for by {@code --relax}, {@code --fast} or {@code --turbo}
 * @param otherParameters known flags we do not interpret, each with its values, in prompt order
 *     ({@code "--cref https://..."}), written as typed
 */
public record PromptParameters(
    String prompt,
    List<String> imageUrls,
    String text,
    Optional<AspectRatio> aspectRatio,
    Optional<String> version,
    boolean niji,
    Optional<String> nijiVersion,
    Optional<Integer> stylize,
    Optional<Integer> chaos,
    Optional<Long> seed,
    Optional<Double> quality,
    List<String> no,
    boolean tile,
    Optional<String> style,
    Optional<Integer> weird,
    Optional<Double> imageWeight,
    Optional<Double> zoom,
    Optional<Integer> repeat,
    Optional<Integer> stop,
    Optional<Integer> characterWeight,
    boolean video,
    Optional<Mode> mode,
    List<String> otherParameters) {

  /** {@code --ar W:H}, kept as the client's integers (16:9 stays 16:9, not 1.78). */
  public record AspectRatio(int width, int height) {
    @Override
    public String toString() {
      return width + ":" + height;
    }
  }

  public PromptParameters {
    imageUrls = List.copyOf(imageUrls);
    no = List.copyOf(no);
    otherParameters = List.copyOf(otherParameters);
  }

  /**
   * Parses and validates a prompt.
   *
   * @throws ValidationException for a blank prompt ({@code field "prompt"}), a bad flag value (field = the
   *     flag's canonical name, e.g. {@code "--stylize"}; the message names the allowed values) or a parameter
   *     Midjourney does not know (field = that parameter, e.g. {@code "--xxxx"})
   */
  public static PromptParameters parse(String prompt) {
    // Tokens, not isBlank(): a prompt of no-break spaces is just as empty.
    if (prompt == null || PromptTokens.split(prompt).isEmpty()) {
      throw new ValidationException("prompt", "prompt is required");
    }
    return new PromptParser(prompt).parse();
  }

  /**
   * Why this prompt cannot run, in the words submit answers with; empty when it can. For an engine that
   * checks a stored prompt at run time (a task submitted before a rule existed), so that it fails the job
   * with the same words and the same list of parameters as submit.
   */
  public static Optional<String> problem(String prompt) {
    try {
      parse(prompt);
      return Optional.empty();
    } catch (ValidationException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Midjourney's answer to parameters it does not know: {@code "Unrecognized parameter(s): --foo, --bar"}. */
  static String unrecognized(List<String> parameters) {
    return "Unrecognized parameter(s): " + String.join(", ", parameters);
  }

  /**
   * The prompt as given, minus {@code --relax}/{@code --fast}/{@code --turbo}, with single spaces and every
   * flag written with "--" (an em dash typed on a phone included): what we send upstream. The mode flags
   * are ours (they pick the tier); everything else is Midjourney's business.
   */
  public String withoutModeFlags() {
    return String.join(" ", PromptTokens.split(prompt).stream()
        .filter(t -> PromptTokens.flagName(t).flatMap(PromptFlag::byName).flatMap(PromptFlag::mode).isEmpty())
        .map(PromptTokens::withDoubleHyphen)
        .toList());
  }
}
