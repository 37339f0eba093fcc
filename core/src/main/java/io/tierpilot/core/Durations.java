package io.tierpilot.core;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses and prints the short durations used in configuration files and on the command line: a
 * non-negative decimal number followed by a unit, {@code ns}, {@code us}, {@code ms}, {@code s},
 * {@code m} or {@code h}, for example {@code 250ms}, {@code 10s}, {@code 1.5m}, {@code 30m}, {@code
 * 1h}. ISO-8601 durations ({@code PT10S}) are accepted too.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text the text, for example {@code 10s}; not null
   * @return the duration, never negative
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if the text is not a non-negative number with a unit
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException("negative duration '" + text + "'");
        }
        return d;
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(invalid(text), e);
      }
    }
    int split = 0;
    while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
      split++;
    }
    if (split == 0 || split == t.length()) {
      throw new IllegalArgumentException(invalid(text));
    }
    double amount;
    try {
      amount = Double.parseDouble(t.substring(0, split));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(invalid(text), e);
    }
    double nanosPerUnit;
    switch (t.substring(split).trim()) {
      case "ns":
        nanosPerUnit = 1;
        break;
      case "us":
        nanosPerUnit = 1e3;
        break;
      case "ms":
        nanosPerUnit = 1e6;
        break;
      case "s":
        nanosPerUnit = 1e9;
        break;
      case "m":
      case "min":
        nanosPerUnit = 60e9;
        break;
      case "h":
        nanosPerUnit = 3600e9;
        break;
      default:
        throw new IllegalArgumentException(invalid(text));
    }
    double nanos = amount * nanosPerUnit;
    if (!(nanos < Long.MAX_VALUE)) {
      throw new IllegalArgumentException("duration '" + text + "' is too long");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /**
   * Formats a duration in the shortest exact form of {@link #parse(String)}, for example {@code
   * 10s} or {@code 1500ms}.
   *
   * @param duration a non-negative duration; not null
   * @return the text
   */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    String[] names = {"h", "m", "s", "ms", "us"};
    for (int i = 0; i < units.length; i++) {
      if (nanos != 0 && nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    return nanos + "ns";
  }

  private static String invalid(String text) {
    return "invalid duration '"
        + text
        + "': expected a number and a unit (ns, us, ms, s, m, h), for example 10s or 30m";
  }
}
