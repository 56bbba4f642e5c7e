package io.mjserverless.core.api;

import io.mjserverless.core.image.DecodedImage;
import io.mjserverless.core.image.ImageInput;
import io.mjserverless.core.image.ImageInputs;
import io.mjserverless.core.image.ImageStore;
import io.mjserverless.core.image.TenantImages;
import io.mjserverless.core.notify.HookAddressGuard;
import io.mjserverless.core.prompt.BannedWords;
import io.mjserverless.core.prompt.PromptParameters;
import io.mjserverless.core.task.BotType;
import io.mjserverless.core.task.Mode;
import io.mjserverless.core.task.Task;
import io.mjserverless.core.task.TaskAction;
import io.mjserverless.core.task.TaskIds;
import io.mjserverless.core.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The submit endpoints that create a task from scratch (imagine, blend, describe, shorten, face swap) and uploads. */
public final class SubmitService {
  public static final int MAX_PROMPT_LENGTH = 8192;
  public static final int MAX_UPLOAD_IMAGES = 10;

  /** Blend output shapes and their aspect ratios. */
  public enum BlendDimensions { PORTRAIT, SQUARE, LANDSCAPE }

  private final TaskLauncher launcher;
  private final ImageStore images;
  private final TaskIds ids;
  private final Clock clock;
  private final BannedWords bannedWords;
  private final ImageInputs imageInputs;
  private final HookAddressGuard hooks;
  private final Mode defaultMode;
  private final TenantImages own;

  public SubmitService(TaskLauncher launcher, ImageStore images, TenantImages own, TaskIds ids, Clock clock,
      BannedWords bannedWords, ImageInputs imageInputs, HookAddressGuard hooks, Mode defaultMode) {
    this.launcher = launcher;
    this.images = images;
    this.own = own;
    this.ids = ids;
    this.clock = clock;
    this.bannedWords = bannedWords;
    this.imageInputs = imageInputs;
    this.hooks = hooks;
    this.defaultMode = defaultMode;
  }

  public SubmitResult imagine(RequestContext ctx, RequestBody body) {
    String prompt = prompt(body);
    PromptParameters params = PromptParameters.parse(prompt);
    Optional<SubmitResult> banned = checkBanned(prompt, params.withoutModeFlags());
    if (banned.isPresent()) {
      return banned.get();
    }
    List<String> raw = new ArrayList<>(body.stringList("base64Array").orElse(List.of()));
    body.text("base64").ifPresent(raw::add); // the legacy single-image field of the original proxy
    List<ImageInput> inputs = ownLinksOnly(ctx, "base64Array", imageInputs.parseAll("base64Array", raw, 0, 5, true));
    CommonFields common = CommonFields.read(body, hooks);
    Task task = draft(ctx, common, TaskAction.IMAGINE, mode(ctx, body, params.mode()))
        .prompt(prompt)
        .promptEn(params.withoutModeFlags())
        .description("/imagine " + prompt)
        .seed(params.seed().orElseGet(() -> seedOf(params.withoutModeFlags())))
        .build();
    return launcher.create(task, inputs, body.accountFilter());
  }

  public SubmitResult blend(RequestContext ctx, RequestBody body) {
    if (body.isExplicitNull("dimensions")) {
      throw new ValidationException("dimensions", "dimensions must be one of PORTRAIT, SQUARE, LANDSCAPE, got null");
    }
    BlendDimensions dimensions = body.enumValue("dimensions", BlendDimensions.class).orElse(BlendDimensions.SQUARE);
    List<String> raw = body.stringList("base64Array")
        .orElseThrow(() -> new ValidationException("base64Array", "base64Array is required: 2 to 5 images"));
    List<ImageInput> inputs = ownLinksOnly(ctx, "base64Array", imageInputs.parseAll("base64Array", raw, 2, 5, true));
    CommonFields common = CommonFields.read(body, hooks);
    String id = ids.next();
    Task task = draft(ctx, common, TaskAction.BLEND, mode(ctx, body, Optional.empty()))
        .id(id)
        .prompt("")
        .promptEn("")
        .description("/blend " + id + " " + inputs.size())
        .dimensions(dimensions.name())
        .seed(seedOf("blend:" + String.join("|", raw.stream().map(r -> Integer.toHexString(r.hashCode())).toList())))
        .build();
    return launcher.create(task, inputs, body.accountFilter());
  }

  public SubmitResult describe(RequestContext ctx, RequestBody body) {
    Optional<String> base64 = body.text("base64");
    Optional<String> link = body.text("link");
    ImageInput input;
    if (base64.isPresent()) {
      input = imageInputs.parse("base64", base64.get(), false);
    } else if (link.isPresent()) {
      input = imageInputs.parse("link", link.get(), true);
      if (!(input instanceof ImageInput.Remote)) {
        throw new ValidationException("link", "link must be an http(s) URL");
      }
      ownLinkOnly(ctx, "link", input);
    } else {
      throw new ValidationException("base64", "base64 or link is required");
    }
    CommonFields common = CommonFields.read(body, hooks);
    Task task = draft(ctx, common, TaskAction.DESCRIBE, mode(ctx, body, Optional.empty()))
        .prompt("")
        .promptEn("")
        .description("/describe")
        .build();
    return launcher.create(task, List.of(input), body.accountFilter());
  }

  public SubmitResult shorten(RequestContext ctx, RequestBody body) {
    String prompt = prompt(body);
    PromptParameters params = PromptParameters.parse(prompt);
    Optional<SubmitResult> banned = checkBanned(prompt, params.withoutModeFlags());
    if (banned.isPresent()) {
      return banned.get();
    }
    CommonFields common = CommonFields.read(body, hooks);
    Task task = draft(ctx, common, TaskAction.SHORTEN, mode(ctx, body, params.mode()))
        .prompt(prompt)
        .promptEn(params.withoutModeFlags())
        .description("/shorten " + prompt)
        .build();
    return launcher.create(task, List.of(), body.accountFilter());
  }

  public SubmitResult swapFace(RequestContext ctx, RequestBody body) {
    ImageInput source = oneImage(ctx, body, "sourceBase64", "sourceUrl");
    ImageInput target = oneImage(ctx, body, "targetBase64", "targetUrl");
    if (source.equals(target) || sameBytes(source, target)) {
      throw new ValidationException("targetBase64", "sourceBase64 and targetBase64 must be different images");
    }
    CommonFields common = CommonFields.read(body, hooks);
    Task task = draft(ctx, common, TaskAction.SWAP_FACE, mode(ctx, body, Optional.empty()))
        .botType(BotType.INSIGHT_FACE)
        .prompt("")
        .promptEn("")
        .description("/swap")
        .build();
    return launcher.create(task, List.of(source, target), body.accountFilter());
  }

  /** Stores images for later use as image prompts; answers their durable URLs, creates no task. */
  public SubmitResult uploadImages(RequestContext ctx, RequestBody body) {
    List<String> raw = body.stringList("base64Array")
        .orElseThrow(() -> new ValidationException("base64Array", "base64Array is required"));
    List<ImageInput> inputs = imageInputs.parseAll("base64Array", raw, 1, MAX_UPLOAD_IMAGES, false);
    List<String> keys = new ArrayList<>();
    try {
      for (ImageInput input : inputs) {
        DecodedImage image = ((ImageInput.Inline) input).image();
        keys.add(images.putUpload(ctx.caller().tenant(), ids.next(), image));
      }
    } catch (RuntimeException e) {
      images.deleteAll(keys);
      throw e;
    }
    return new SubmitResult(SubmitResult.SUCCESS, "Submit success", keys.stream().map(images::url).toList(), Map.of());
  }

  private ImageInput oneImage(RequestContext ctx, RequestBody body, String base64Field, String urlField) {
    Optional<String> inline = body.text(base64Field);
    Optional<String> url = body.text(urlField);
    if (inline.isPresent()) {
      return ownLinkOnly(ctx, base64Field, imageInputs.parse(base64Field, inline.get(), true));
    }
    if (url.isPresent()) {
      return ownLinkOnly(ctx, urlField, imageInputs.parse(urlField, url.get(), true));
    }
    throw new ValidationException(base64Field, base64Field + " or " + urlField + " is required");
  }

  /** {@link #ownLinkOnly} for each element of a list field, named {@code field[i]}. */
  private List<ImageInput> ownLinksOnly(RequestContext ctx, String field, List<ImageInput> inputs) {
    for (int i = 0; i < inputs.size(); i++) {
      ownLinkOnly(ctx, field + "[" + i + "]", inputs.get(i));
    }
    return inputs;
  }

  /**
   * A link into our own bucket is read with our credentials, so it must be the caller's own image (its
   * upload, or an image of its task) and exist; anything else answers as a link to nothing, whether
   * the object is another tenant's, missing, or no image of ours at all. Links elsewhere pass: they
   * are fetched later without any credentials of ours.
   */
  private ImageInput ownLinkOnly(RequestContext ctx, String field, ImageInput input) {
    if (input instanceof ImageInput.Remote remote) {
      Optional<String> key = own.keyOf(remote.url().toString());
      if (key.isPresent() && !own.readable(ctx.caller().tenant(), key.get())) {
        throw new ValidationException(field, field + " " + TenantImages.DOES_NOT_EXIST);
      }
    }
    return input;
  }

  private static boolean sameBytes(ImageInput a, ImageInput b) {
    return a instanceof ImageInput.Inline x && b instanceof ImageInput.Inline y
        && java.util.Arrays.equals(x.image().bytes(), y.image().bytes());
  }

  private static String prompt(RequestBody body) {
    String prompt = body.requiredText("prompt");
    if (prompt.length() > MAX_PROMPT_LENGTH) {
      throw new ValidationException("prompt", "prompt is longer than " + MAX_PROMPT_LENGTH + " characters");
    }
    return prompt;
  }

  /** Code 24 when the prompt holds a banned word; checked before anything is stored or spent. */
  Optional<SubmitResult> checkBanned(String prompt, String promptEn) {
    return bannedWords.firstMatch(prompt).map(word -> {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("promptEn", promptEn);
      props.put("bannedWord", word);
      return new SubmitResult(SubmitResult.BANNED_PROMPT, "Banned word in prompt: " + word, null, props);
    });
  }

  /** Path prefix first, then accountFilter.modes[0], then a prompt flag, then the configured default. */
  private Mode mode(RequestContext ctx, RequestBody body, Optional<Mode> promptFlag) {
    return ctx.pathMode().or(body::accountFilterMode).or(() -> promptFlag).orElse(defaultMode);
  }

  private Task.Builder draft(RequestContext ctx, CommonFields common, TaskAction action, Mode mode) {
    return Task.builder()
        .id(ids.next())
        .tenant(ctx.caller().tenant())
        .keyId(ctx.caller().keyId())
        .action(action)
        .status(TaskStatus.NOT_START)
        .mode(mode)
        .botType(common.botType())
        .state(common.state().orElse(null))
        .submitTime(clock.millis())
        .properties(common.properties());
  }

  /** A stable seed in 0..4294967295 derived from text, so the same prompt renders the same pictures. */
  public static long seedOf(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
