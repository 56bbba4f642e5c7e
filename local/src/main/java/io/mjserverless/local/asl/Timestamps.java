package io.mjserverless.local.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as the Amazon States Language uses them (Wait, Choice, the context object). */
final class Timestamps {
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** The instant of an RFC 3339 timestamp (upper-case T, Z or an offset), or null when it is not one. */
  static Instant parse(String text) {
    if (text == null || text.length() < 20 || text.charAt(10) != 'T' || text.endsWith("z")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** As Step Functions writes them: UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z. */
  static String format(Instant instant) {
    return OUT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
