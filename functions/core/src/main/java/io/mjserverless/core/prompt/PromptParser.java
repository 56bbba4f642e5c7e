package io.mjserverless.core.prompt;

import io.mjserverless.core.api.ValidationException;
import io.mjserverless.core.prompt.PromptParameters.AspectRatio;
import io.mjserverless.core.task.Mode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One-shot parser behind {@link PromptParameters#parse}; holds the values found so far. */
final class PromptParser {
  private static final Pattern INTEGER = Pattern.compile("\\d+");
  private static final Pattern DECIMAL = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
  private static final Pattern ASPECT = Pattern.compile("(\\d+):(\\d+)");
  private static final Pattern NUMERIC_LOOKING = Pattern.compile("[\\d.]+");
  // Any well-formed version, not a list: Midjourney ships versions every few months, and which ones an
  // upstream runs is the engine's to say (the simulator draws any).
  private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9]\\d?(?:\\.\\d{1,2})?");
  private static final String VERSION_RULE = "a version number such as 6.1 or 7";
  private static final List<String> STYLES =
      List.of("raw", "cute", "expressive", "original", "scenic", "4a", "4b", "4c");
  private static final List<BigDecimal> QUALITIES =
      List.of(new BigDecimal(".25"), new BigDecimal(".5"), BigDecimal.ONE, BigDecimal.valueOf(2), BigDecimal.valueOf(4));
  private static final int MAX_NAME_SHOWN = 40;
  private static final int MAX_SIDE = 10_000;
  private static final int MAX_RATIO = 8;
  private static final String ASPECT_RULE =
      "W:H with whole numbers from 1 to " + MAX_SIDE + " and a ratio of at most " + MAX_RATIO + ":1";

  private final String prompt;
  private final Set<PromptFlag> seen = EnumSet.noneOf(PromptFlag.class);
  private final List<String> imageUrls = new ArrayList<>();
  private final List<String> text = new ArrayList<>();
  private final List<String> otherParameters = new ArrayList<>();
  private AspectRatio aspectRatio;
  private String version;
  private boolean niji;
  private String nijiVersion;
  private Integer stylize;
  private Integer chaos;
  private Long seed;
  private Double quality;
  private List<String> no = List.of();
  private boolean tile;
  private String style;
  private Integer weird;
  private Double imageWeight;
  private Double zoom;
  private Integer repeat;
  private Integer stop;
  private Integer characterWeight;
  private boolean video;
  private PromptFlag modeFlag;
  private final Set<String> unrecognized = new LinkedHashSet<>();

  PromptParser(String prompt) {
    this.prompt = prompt;
  }

  PromptParameters parse() {
    List<String> tokens = PromptTokens.split(prompt);
    int i = 0;
    while (i < tokens.size() && PromptTokens.isImageUrl(tokens.get(i))) {
      imageUrls.add(tokens.get(i++));
    }
    while (i < tokens.size()) {
      String token = tokens.get(i);
      Optional<String> name = PromptTokens.flagName(token);
      if (name.isEmpty()) {
        text.add(token);
        i++;
        continue;
      }
      // A flag owns the tokens up to the next flag; what it does not use stays prompt text.
      int end = i + 1;
      while (end < tokens.size() && !PromptTokens.isFlag(tokens.get(end))) {
        end++;
      }
      List<String> args = tokens.subList(i + 1, end);
      Optional<PromptFlag> flag = PromptFlag.byName(name.get());
      if (flag.isEmpty()) {
        unrecognized.add("--" + shortened(name.get()));
      } else if (flag.get().passedThrough()) {
        // Known to Midjourney, judged by it: goes upstream as typed, values included.
        int used = flag.get().value == PromptFlag.Value.MARK ? 0 : args.size();
        otherParameters.add(String.join(" ", tokens.subList(i, i + 1 + used)));
        text.addAll(args.subList(used, args.size()));
      } else {
        int used = apply(flag.get(), args);
        text.addAll(args.subList(used, args.size()));
      }
      i = end;
    }
    if (!unrecognized.isEmpty()) {
      // All of them at once, as Midjourney lists them; the field names the first.
      List<String> names = List.copyOf(unrecognized);
      throw new ValidationException(names.get(0), PromptParameters.unrecognized(names));
    }
    return new PromptParameters(prompt, imageUrls, String.join(" ", text), Optional.ofNullable(aspectRatio),
        Optional.ofNullable(version), niji, Optional.ofNullable(nijiVersion), Optional.ofNullable(stylize),
        Optional.ofNullable(chaos), Optional.ofNullable(seed), Optional.ofNullable(quality), no, tile,
        Optional.ofNullable(style), Optional.ofNullable(weird), Optional.ofNullable(imageWeight),
        Optional.ofNullable(zoom), Optional.ofNullable(repeat), Optional.ofNullable(stop),
        Optional.ofNullable(characterWeight), video, Optional.ofNullable(modeFlag).flatMap(PromptFlag::mode),
        otherParameters);
  }

  /** Validates and stores one flag; returns how many of its argument tokens it consumed. */
  private int apply(PromptFlag flag, List<String> args) {
    checkOnce(flag);
    String value = args.isEmpty() ? null : args.get(0);
    switch (flag) {
      case ASPECT -> aspectRatio = aspect(require(flag, value, ASPECT_RULE));
      case VERSION -> version = version(flag, value);
      case NIJI -> {
        niji = true;
        // The version is optional: "--niji cat" is bare niji followed by prompt text.
        if (value == null || !NUMERIC_LOOKING.matcher(value).matches()) {
          return 0;
        }
        nijiVersion = version(flag, value);
      }
      case STYLIZE -> stylize = integer(flag, value, 0, 1000).intValue();
      case CHAOS -> chaos = integer(flag, value, 0, 100).intValue();
      case SEED -> seed = integer(flag, value, 0, 4_294_967_295L).longValue();
      case QUALITY -> quality = quality(value);
      case NO -> {
        no = commaList(args);
        return args.size();
      }
      case STYLE -> style = oneOf(flag, value == null ? null : value.toLowerCase(Locale.ROOT), STYLES);
      case WEIRD -> weird = integer(flag, value, 0, 3000).intValue();
      case IMAGE_WEIGHT -> imageWeight = decimal(flag, value, 0, 3).doubleValue();
      case ZOOM -> zoom = decimal(flag, value, 1, 2).doubleValue();
      case REPEAT -> repeat = integer(flag, value, 1, 40).intValue();
      case STOP -> stop = integer(flag, value, 10, 100).intValue();
      case CHARACTER_WEIGHT -> characterWeight = integer(flag, value, 0, 100).intValue();
      case TILE -> {
        tile = true;
        return 0;
      }
      case VIDEO -> {
        video = true;
        return 0;
      }
      case RELAX, FAST, TURBO -> {
        return 0; // recorded by checkOnce
      }
      default -> throw new IllegalStateException(flag + " is passed through, not applied");
    }
    return 1;
  }

  /** A name as long as the prompt would make the answer as long as the prompt; enough of it to find it. */
  private static String shortened(String name) {
    return name.length() <= MAX_NAME_SHOWN ? name : name.substring(0, MAX_NAME_SHOWN) + "...";
  }

  private void checkOnce(PromptFlag flag) {
    if (flag.mode().isPresent()) {
      if (modeFlag != null) {
        throw new ValidationException(flag.canonical, "only one of --relax, --fast, --turbo may be given, got "
            + modeFlag.canonical + " and " + flag.canonical);
      }
      modeFlag = flag;
    } else if (!seen.add(flag)) {
      // Two values for one flag leave us guessing which the client meant.
      throw new ValidationException(flag.canonical, flag.canonical + " may be given only once");
    }
  }

  private static AspectRatio aspect(String value) {
    Matcher m = ASPECT.matcher(value);
    if (m.matches()) {
      BigDecimal w = new BigDecimal(m.group(1));
      BigDecimal h = new BigDecimal(m.group(2));
      BigDecimal limit = BigDecimal.valueOf(MAX_SIDE);
      BigDecimal ratio = BigDecimal.valueOf(MAX_RATIO);
      if (w.signum() > 0 && h.signum() > 0 && w.compareTo(limit) <= 0 && h.compareTo(limit) <= 0
          && w.compareTo(h.multiply(ratio)) <= 0 && h.compareTo(w.multiply(ratio)) <= 0) {
        return new AspectRatio(w.intValue(), h.intValue());
      }
    }
    throw invalid(PromptFlag.ASPECT, ASPECT_RULE, value);
  }

  private static BigDecimal integer(PromptFlag flag, String value, long min, long max) {
    String rule = "an integer from " + min + " to " + max;
    return inRange(flag, require(flag, value, rule), INTEGER, min, max, rule);
  }

  private static BigDecimal decimal(PromptFlag flag, String value, long min, long max) {
    String rule = "a number from " + min + " to " + max;
    return inRange(flag, require(flag, value, rule), DECIMAL, min, max, rule);
  }

  // BigDecimal so that huge digit strings are "out of range", not an overflow.
  private static BigDecimal inRange(PromptFlag flag, String value, Pattern shape, long min, long max, String rule) {
    if (shape.matcher(value).matches()) {
      BigDecimal n = new BigDecimal(value);
      if (n.compareTo(BigDecimal.valueOf(min)) >= 0 && n.compareTo(BigDecimal.valueOf(max)) <= 0) {
        return n;
      }
    }
    throw invalid(flag, rule, value);
  }

  private static Double quality(String value) {
    String rule = "one of .25, .5, 1, 2, 4";
    require(PromptFlag.QUALITY, value, rule);
    if (DECIMAL.matcher(value).matches()) {
      BigDecimal n = new BigDecimal(value);
      if (QUALITIES.stream().anyMatch(q -> q.compareTo(n) == 0)) {
        return n.doubleValue();
      }
    }
    throw invalid(PromptFlag.QUALITY, rule, value);
  }

  private static String oneOf(PromptFlag flag, String value, List<String> allowed) {
    String rule = "one of " + String.join(", ", allowed);
    if (!allowed.contains(require(flag, value, rule))) {
      throw invalid(flag, rule, value);
    }
    return value;
  }

  private static String version(PromptFlag flag, String value) {
    if (!VERSION_NUMBER.matcher(require(flag, value, VERSION_RULE)).matches()) {
      throw invalid(flag, VERSION_RULE, value);
    }
    return value;
  }

  private static List<String> commaList(List<String> args) {
    List<String> items = Arrays.stream(String.join(" ", args).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
    if (items.isEmpty()) {
      throw missing(PromptFlag.NO, "a comma-separated list of words");
    }
    return items;
  }

  private static String require(PromptFlag flag, String value, String rule) {
    if (value == null) {
      throw missing(flag, rule);
    }
    return value;
  }

  private static ValidationException missing(PromptFlag flag, String rule) {
    return new ValidationException(flag.canonical, flag.canonical + " needs a value: " + rule);
  }

  private static ValidationException invalid(PromptFlag flag, String rule, String value) {
    return new ValidationException(flag.canonical, flag.canonical + " must be " + rule + ", got " + value);
  }
}
