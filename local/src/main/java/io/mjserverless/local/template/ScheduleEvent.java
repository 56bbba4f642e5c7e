package io.mjserverless.local.template;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's {@code Type: Schedule} event with a {@code rate(...)} expression, which the local runtime
 * runs on its own timer. Cron expressions are not run locally.
 *
 * @param functionLogicalId the function it invokes
 * @param name the event's key under Events
 * @param every the rate
 */
public record ScheduleEvent(String functionLogicalId, String name, Duration every) {
  private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

  /** The rate of {@code rate(5 minutes)}, {@code rate(1 hour)}...; empty for cron and anything else. */
  public static Optional<Duration> rate(String expression) {
    Matcher m = RATE.matcher(expression == null ? "" : expression.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    if (n <= 0) {
      return Optional.empty();
    }
    return Optional.of(switch (m.group(2)) {
      case "minute", "minutes" -> Duration.ofMinutes(n);
      case "hour", "hours" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
  }
}
