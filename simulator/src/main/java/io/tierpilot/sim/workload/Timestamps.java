package io.tierpilot.sim.workload;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses wall-clock timestamps to nanoseconds since the Unix epoch exactly, with integer arithmetic
 * only.
 *
 * <p>Accepted: {@code YYYY-MM-DD}, a space or {@code T}, {@code hh:mm:ss}, an optional fraction of
 * 1 to 9 digits, and an optional zone: {@code Z}, {@code +hh:mm}, {@code -hh:mm}, {@code +hhmm} or
 * {@code +hh}. A timestamp without a zone is UTC. Covers the Azure 2023 style ({@code 2023-11-16
 * 18:17:03.9799600}), the Azure 2024 style ({@code 2024-05-10 00:00:00.009930+00:00}, also without
 * fraction) and ISO-8601 instants ({@code 2025-03-11T00:38:02Z}). Stateless and thread-safe.
 */
final class Timestamps {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Timestamps() {}

  /**
   * Parses a timestamp.
   *
   * @param field the field name for the message
   * @param text the timestamp; null or empty means missing
   * @return nanoseconds since 1970-01-01T00:00:00Z, {@code >= 0}
   * @throws BadRowException if the text is missing or not a timestamp of the accepted forms, or
   *     lies before 1970 or after 2261 (so that any two timestamps differ by less than {@link
   *     Long#MAX_VALUE} nanoseconds)
   */
  static long epochNanos(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw BadRowException.missing(field);
    }
    int n = text.length();
    if (n < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      throw notATimestamp(field, text);
    }
    int year = digits(field, text, 0, 4);
    int month = digits(field, text, 5, 7);
    int day = digits(field, text, 8, 10);
    int hour = digits(field, text, 11, 13);
    int minute = digits(field, text, 14, 16);
    int second = digits(field, text, 17, 19);
    if (hour > 23 || minute > 59 || second > 59 || year < 1970 || year > 2261) {
      throw notATimestamp(field, text);
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      throw notATimestamp(field, text);
    }
    int pos = 19;
    long fractionNanos = 0;
    if (pos < n && text.charAt(pos) == '.') {
      int start = ++pos;
      while (pos < n && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      int count = pos - start;
      if (count == 0 || count > 9) {
        throw notATimestamp(field, text);
      }
      fractionNanos = (long) digits(field, text, start, pos) * POW10[9 - count];
    }
    long offsetSeconds = 0;
    if (pos < n) {
      char c = text.charAt(pos);
      if ((c == 'Z' || c == 'z') && pos + 1 == n) {
        pos = n;
      } else if (c == '+' || c == '-') {
        int rest = n - pos - 1;
        int offsetHours;
        int offsetMinutes = 0;
        if (rest == 2) {
          offsetHours = digits(field, text, pos + 1, pos + 3);
        } else if (rest == 4) {
          offsetHours = digits(field, text, pos + 1, pos + 3);
          offsetMinutes = digits(field, text, pos + 3, pos + 5);
        } else if (rest == 5 && text.charAt(pos + 3) == ':') {
          offsetHours = digits(field, text, pos + 1, pos + 3);
          offsetMinutes = digits(field, text, pos + 4, pos + 6);
        } else {
          throw notATimestamp(field, text);
        }
        if (offsetHours > 18 || offsetMinutes > 59) {
          throw notATimestamp(field, text);
        }
        offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (c == '-' ? -1 : 1);
        pos = n;
      } else {
        throw notATimestamp(field, text);
      }
    }
    long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    if (epochSecond < 0) {
      throw notATimestamp(field, text);
    }
    return epochSecond * NANOS_PER_SECOND + fractionNanos;
  }

  private static int digits(String field, String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw notATimestamp(field, text);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static BadRowException notATimestamp(String field, String text) {
    return BadRowException.field(field, "not a timestamp", text);
  }
}
