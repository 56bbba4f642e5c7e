package io.mjserverless.core.prompt;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.task.Mode;
import java.util.List;
import java.util.Optional;

/**
 * A Midjourney prompt taken apart: leading image URLs, the text, and the parameters we validate.
 * Flags we do not know stay in {@link #otherParameters()} as typed, so nothing a client sends is lost;
 * new Midjourney flags then reach upstream without a release here.
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
 * @param mode the speed tier asked for by {@code --relax}, {@code --fast} or {@code --turbo}
 * @param otherParameters flags we do not interpret, each with its values, in prompt order ({@code "--cref https://..."})
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
   * @throws ValidationException for a blank prompt ({@code field "prompt"}) or a bad flag value
   *     (field = the flag's canonical name, e.g. {@code "--stylize"}; the message names the allowed values)
   */
  public static PromptParameters parse(String prompt) {
    // Tokens, not isBlank(): a prompt of no-break spaces is just as empty.
    if (prompt == null || PromptTokens.split(prompt).isEmpty()) {
      throw new ValidationException("prompt", "prompt is required");
    }
    return new PromptParser(prompt).parse();
  }

  /**
   * The prompt as given, minus {@code --relax}/{@code --fast}/{@code --turbo}, with single spaces: what we
   * send upstream. The mode flags are ours (they pick the tier); everything else is Midjourney's business.
   */
  public String withoutModeFlags() {
    return String.join(" ", PromptTokens.split(prompt).stream()
        .filter(t -> PromptTokens.flagName(t).flatMap(PromptFlag::byName).flatMap(PromptFlag::mode).isEmpty())
        .toList());
  }
}
