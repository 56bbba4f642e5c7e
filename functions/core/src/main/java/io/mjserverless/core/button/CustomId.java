package io.mjserverless.core.button;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A button's customId, parsed. This is the one place that knows the Discord customId grammar (survey
 * §5.2): clients match buttons by substring, so we must read and write exactly those spellings. The
 * factories below build their string and then parse it, so writing and reading cannot drift apart.
 *
 * @param raw the customId as sent or produced
 * @param kind what the button does
 * @param index the picked image or prompt: 1-4 for U/V, video upscale and PicReader, 1-5 for
 *     PromptAnalyzer, 1 for the {@code ::1::<hash>::SOLO} forms and {@code CustomZoom::1::}; null where
 *     the form has none (reroll's literal {@code 0} names no image, so it is null too)
 * @param jobHash the job the button belongs to; null for forms without one (PicReader, PromptAnalyzer,
 *     Picread::Retry)
 * @param modal whether the action always needs /submit/modal (see {@link ButtonKind#modal()})
 * @param zoomFactor Zoom Out only: 2.0 for {@code Outpaint::50}, 1.5 for {@code Outpaint::75}; null
 *     otherwise (Custom Zoom's factor comes from the modal prompt)
 * @param panDirection pan only
 * @param model UPSCALE_HD only: the model token, {@code v5_2x}, {@code v5_4x}, {@code v6}, {@code v6r1}
 *     or {@code v7} (v5 has no subtle/creative, its token says the size)
 * @param variant UPSCALE_HD: {@code subtle} or {@code creative} (null for v5); ANIMATE and
 *     ANIMATE_EXTEND: {@code high} or {@code low} motion; null otherwise
 */
public record CustomId(
    String raw,
    ButtonKind kind,
    Integer index,
    String jobHash,
    boolean modal,
    Double zoomFactor,
    PanDirection panDirection,
    String model,
    String variant) {

  private static final String SEP = "::";
  private static final String SOLO = "SOLO";
  /** Far above any real customId; stops a huge body from being split. */
  private static final int MAX_LENGTH = 200;
  /** Discord job hashes and ours are UUIDs; anything outside this alphabet is not a hash. */
  private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** v5 upscales name their size; v6 and later name subtle/creative. Only observed models are accepted. */
  private static final Pattern HD =
      Pattern.compile("upsample_(?:(v5_2x|v5_4x)|(v6|v6r1|v7)_2x_(subtle|creative))");
  private static final Pattern ANIMATE = Pattern.compile("animate_(high|low)(_extend)?");

  public CustomId {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(kind, "kind");
  }

  /** Parses every form of survey §5.2; anything else (wrong prefix or case, index out of range, no hash) is empty. */
  public static Optional<CustomId> parse(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    // -1 keeps trailing empty parts, so "MJ::JOB::upsample::1::" has an empty hash rather than none.
    String[] p = raw.split(SEP, -1);
    if (p.length < 3 || !p[0].equals("MJ")) {
      return Optional.empty();
    }
    CustomId id =
        switch (p[1]) {
          case "JOB" -> parseJob(raw, p);
          case "Inpaint" -> soloHash(p, 2) == null ? null : simple(raw, ButtonKind.VARY_REGION, 1, p[3]);
          case "Outpaint" -> parseOutpaint(raw, p);
          case "CustomZoom" -> parseCustomZoom(raw, p);
          case "BOOKMARK" -> p.length == 3 && isHash(p[2]) ? simple(raw, ButtonKind.BOOKMARK, null, p[2]) : null;
          case "Job" -> parsePick(raw, p);
          case "Picread" ->
              p.length == 3 && p[2].equals("Retry") ? simple(raw, ButtonKind.DESCRIBE_RETRY, null, null) : null;
          default -> null;
        };
    return Optional.ofNullable(id);
  }

  /** A short name for task descriptions ({@code /up <parentId> U2}). */
  public String label() {
    return switch (kind) {
      case UPSCALE -> "U" + index;
      case VARIATION -> "V" + index;
      case REROLL -> "R";
      case VARY_SUBTLE -> "Vary (Subtle)";
      case VARY_STRONG -> "Vary (Strong)";
      case VARY_REGION -> "Vary (Region)";
      case ZOOM_OUT -> zoomFactor == 2.0 ? "Zoom Out 2x" : "Zoom Out 1.5x";
      case CUSTOM_ZOOM -> "Custom Zoom";
      case PAN -> "Pan " + panDirection.word();
      case UPSCALE_HD -> switch (model) {
        case "v5_2x" -> "Upscale (2x)";
        case "v5_4x" -> "Upscale (4x)";
        default -> variant.equals("subtle") ? "Upscale (Subtle)" : "Upscale (Creative)";
      };
      case ANIMATE -> "Animate (" + motion() + ")";
      case ANIMATE_EXTEND -> "Extend (" + motion() + ")";
      case VIDEO_UPSCALE -> "Video U" + index;
      case BOOKMARK -> "Favorite";
      case DESCRIBE_PICK -> "Imagine " + index;
      case DESCRIBE_ALL -> "Imagine all";
      case DESCRIBE_RETRY -> "Retry";
      case SHORTEN_PICK -> "Prompt " + index;
    };
  }

  // ---- Factories for the buttons we offer (Buttons uses them). Invalid arguments throw. ----

  /** {@code MJ::JOB::upsample::<n>::<hash>} (U1-U4). */
  public static CustomId upsample(int n, String hash) {
    return build("MJ::JOB::upsample::" + n + SEP + hash(hash));
  }

  /** {@code MJ::JOB::variation::<n>::<hash>} (V1-V4). */
  public static CustomId variation(int n, String hash) {
    return build("MJ::JOB::variation::" + n + SEP + hash(hash));
  }

  /** {@code MJ::JOB::reroll::0::<hash>::SOLO}. */
  public static CustomId reroll(String hash) {
    return build("MJ::JOB::reroll::0::" + hash(hash) + "::SOLO");
  }

  /** {@code MJ::JOB::upsample_<model>_2x_<variant>::1::<hash>::SOLO}, model v6/v6r1/v7, variant subtle/creative. */
  public static CustomId upscaleHd(String model, String variant, String hash) {
    return build("MJ::JOB::upsample_" + model + "_2x_" + variant + "::1::" + hash(hash) + "::SOLO");
  }

  /** Vary (Subtle) when {@code strong} is false, Vary (Strong) otherwise. */
  public static CustomId vary(boolean strong, String hash) {
    return build("MJ::JOB::" + (strong ? "high" : "low") + "_variation::1::" + hash(hash) + "::SOLO");
  }

  /** Vary (Region): {@code MJ::Inpaint::1::<hash>::SOLO}. */
  public static CustomId inpaint(String hash) {
    return build("MJ::Inpaint::1::" + hash(hash) + "::SOLO");
  }

  /** Zoom Out by 2.0 ({@code Outpaint::50}) or 1.5 ({@code Outpaint::75}); other factors have no button. */
  public static CustomId zoomOut(double factor, String hash) {
    String percent = factor == 2.0 ? "50" : factor == 1.5 ? "75" : null;
    if (percent == null) {
      throw new IllegalArgumentException("no Zoom Out button for factor " + factor);
    }
    return build("MJ::Outpaint::" + percent + "::1::" + hash(hash) + "::SOLO");
  }

  /** {@code MJ::CustomZoom::<hash>}, the form Discord sends. */
  public static CustomId customZoom(String hash) {
    return build("MJ::CustomZoom::" + hash(hash));
  }

  /** {@code MJ::JOB::pan_<direction>::1::<hash>::SOLO}. */
  public static CustomId pan(PanDirection direction, String hash) {
    return build("MJ::JOB::pan_" + direction.token() + "::1::" + hash(hash) + "::SOLO");
  }

  /** {@code MJ::Job::PicReader::<n>}, n 1-4. */
  public static CustomId picReader(int n) {
    return build("MJ::Job::PicReader::" + n);
  }

  /** {@code MJ::Picread::Retry}. */
  public static CustomId picreadRetry() {
    return build("MJ::Picread::Retry");
  }

  /** {@code MJ::Job::PromptAnalyzer::<n>}, n 1-5. */
  public static CustomId promptAnalyzer(int n) {
    return build("MJ::Job::PromptAnalyzer::" + n);
  }

  // ---- Parsing ----

  /** Without this a null hash would become the valid-looking hash "null". */
  private static String hash(String hash) {
    if (hash == null) {
      throw new IllegalArgumentException("jobHash is required");
    }
    return hash;
  }

  private static CustomId build(String raw) {
    return parse(raw).orElseThrow(() -> new IllegalArgumentException("not a valid customId: " + raw));
  }

  /** {@code MJ::JOB::<token>::...}: the grid buttons and most single-image ones. */
  private static CustomId parseJob(String raw, String[] p) {
    String token = p[2];
    switch (token) {
      case "upsample", "variation", "video_virtual_upscale" -> {
        // MJ::JOB::<token>::<n>::<hash>
        Integer n = p.length == 5 && isHash(p[4]) ? index(p[3], 4) : null;
        ButtonKind kind =
            token.equals("upsample")
                ? ButtonKind.UPSCALE
                : token.equals("variation") ? ButtonKind.VARIATION : ButtonKind.VIDEO_UPSCALE;
        return n == null ? null : simple(raw, kind, n, p[4]);
      }
      case "reroll" -> {
        // MJ::JOB::reroll::0::<hash>::SOLO
        boolean ok = p.length == 6 && p[3].equals("0") && isHash(p[4]) && p[5].equals(SOLO);
        return ok ? simple(raw, ButtonKind.REROLL, null, p[4]) : null;
      }
      case "low_variation", "high_variation" -> {
        String hash = soloHash(p, 3);
        ButtonKind kind = token.startsWith("low") ? ButtonKind.VARY_SUBTLE : ButtonKind.VARY_STRONG;
        return hash == null ? null : simple(raw, kind, 1, hash);
      }
      default -> {
        return parseJobFamily(raw, p, token);
      }
    }
  }

  /** Tokens that carry data of their own: pan_*, upsample_* (HD), animate_*. */
  private static CustomId parseJobFamily(String raw, String[] p, String token) {
    if (token.startsWith("pan_")) {
      Optional<PanDirection> dir = PanDirection.fromToken(token.substring(4));
      String hash = soloHash(p, 3);
      return dir.isEmpty() || hash == null
          ? null
          : new CustomId(raw, ButtonKind.PAN, 1, hash, false, null, dir.get(), null, null);
    }
    Matcher hd = HD.matcher(token);
    if (hd.matches()) {
      String hash = soloHash(p, 3);
      String model = hd.group(1) != null ? hd.group(1) : hd.group(2);
      return hash == null
          ? null
          : new CustomId(raw, ButtonKind.UPSCALE_HD, 1, hash, false, null, null, model, hd.group(3));
    }
    Matcher animate = ANIMATE.matcher(token);
    if (animate.matches()) {
      boolean extend = animate.group(2) != null;
      // Extend was observed without the ::SOLO tail; accept that spelling as well for it.
      String hash =
          extend && p.length == 5 && p[3].equals("1") && isHash(p[4]) ? p[4] : soloHash(p, 3);
      ButtonKind kind = extend ? ButtonKind.ANIMATE_EXTEND : ButtonKind.ANIMATE;
      return hash == null ? null : new CustomId(raw, kind, 1, hash, false, null, null, null, animate.group(1));
    }
    return null;
  }

  /** {@code MJ::Outpaint::50|75::1::<hash>::SOLO}. */
  private static CustomId parseOutpaint(String raw, String[] p) {
    Double factor = p[2].equals("50") ? Double.valueOf(2.0) : p[2].equals("75") ? Double.valueOf(1.5) : null;
    String hash = soloHash(p, 3);
    return factor == null || hash == null
        ? null
        : new CustomId(raw, ButtonKind.ZOOM_OUT, 1, hash, false, factor, null, null, null);
  }

  /** {@code MJ::CustomZoom::<hash>} (Discord) or {@code MJ::CustomZoom::1::<hash>} (TAI-generated). */
  private static CustomId parseCustomZoom(String raw, String[] p) {
    if (p.length == 3 && isHash(p[2])) {
      return simple(raw, ButtonKind.CUSTOM_ZOOM, null, p[2]);
    }
    if (p.length == 4 && p[2].equals("1") && isHash(p[3])) {
      return simple(raw, ButtonKind.CUSTOM_ZOOM, 1, p[3]);
    }
    return null;
  }

  /** {@code MJ::Job::PicReader::<1-4|all>} and {@code MJ::Job::PromptAnalyzer::<1-5>}: no job hash. */
  private static CustomId parsePick(String raw, String[] p) {
    if (p.length != 4) {
      return null;
    }
    if (p[2].equals("PicReader")) {
      if (p[3].equals("all")) {
        return simple(raw, ButtonKind.DESCRIBE_ALL, null, null);
      }
      Integer n = index(p[3], 4);
      return n == null ? null : simple(raw, ButtonKind.DESCRIBE_PICK, n, null);
    }
    if (p[2].equals("PromptAnalyzer")) {
      Integer n = index(p[3], 5);
      return n == null ? null : simple(raw, ButtonKind.SHORTEN_PICK, n, null);
    }
    return null;
  }

  /** The hash of a {@code ...::1::<hash>::SOLO} tail that starts at part {@code at} and ends the id; else null. */
  private static String soloHash(String[] p, int at) {
    boolean ok = p.length == at + 3 && p[at].equals("1") && isHash(p[at + 1]) && p[at + 2].equals(SOLO);
    return ok ? p[at + 1] : null;
  }

  private static CustomId simple(String raw, ButtonKind kind, Integer index, String hash) {
    return new CustomId(raw, kind, index, hash, kind.modal(), null, null, null, null);
  }

  /** A single digit 1..max; "01", "+1", "1.0" are not indexes. */
  private static Integer index(String s, int max) {
    if (s.length() != 1) {
      return null;
    }
    int n = s.charAt(0) - '0';
    return n >= 1 && n <= max ? n : null;
  }

  private static boolean isHash(String s) {
    return HASH.matcher(s).matches();
  }

  private String motion() {
    return variant.equals("high") ? "High motion" : "Low motion";
  }
}
