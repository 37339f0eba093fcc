package io.tierpilot.sim.workload;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parses the scalar values of trace rows exactly, reporting bad values as {@link BadRowException}.
 */
final class Fields {
  private Fields() {}

  /**
   * Parses a non-negative decimal integer that fits an {@code int}: digits only, no sign, no
   * spaces.
   *
   * @param field the field name for the message
   * @param text the value; null or empty means missing
   * @return the value, {@code >= 0}
   * @throws BadRowException if the value is missing or not a non-negative {@code int}
   */
  static int nonNegativeInt(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw BadRowException.missing(field);
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw BadRowException.field(field, "not a non-negative integer", text);
      }
      value = Math.min(value * 10 + (c - '0'), 1L + Integer.MAX_VALUE);
    }
    if (value > Integer.MAX_VALUE) {
      throw BadRowException.field(field, "too large (above " + Integer.MAX_VALUE + ")", text);
    }
    return (int) value;
  }

  /**
   * Converts a non-negative decimal number of some unit (plain or scientific notation, for example
   * {@code 12}, {@code 1.25}, {@code 3e2}) to nanoseconds exactly, rounding only below one
   * nanosecond (half even).
   *
   * @param field the field name for the message
   * @param text the number; null or empty means missing
   * @param nanosPerUnit nanoseconds in one unit of the number, for example 1,000,000 for
   *     milliseconds
   * @return the nanoseconds, {@code >= 0}
   * @throws BadRowException if the value is missing, not a number, negative or too large
   */
  static long nonNegativeNanos(String field, String text, long nanosPerUnit) {
    if (text == null || text.isEmpty()) {
      throw BadRowException.missing(field);
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw BadRowException.field(field, "not a non-negative number", text);
    }
    if (value.signum() < 0) {
      throw BadRowException.field(field, "not a non-negative number", text);
    }
    if (value.scale() < -30 || value.precision() - value.scale() > 30) {
      throw BadRowException.field(field, "too large", text);
    }
    try {
      return value
          .multiply(BigDecimal.valueOf(nanosPerUnit))
          .setScale(0, RoundingMode.HALF_EVEN)
          .longValueExact();
    } catch (ArithmeticException e) {
      throw BadRowException.field(field, "too large", text);
    }
  }

  /** Formats a nanosecond difference as seconds with millisecond precision, for messages. */
  static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9).setScale(3, RoundingMode.HALF_UP).toPlainString() + " s";
  }

  /** Formats a long duration for messages: {@code 7 days 00:00:20} from a day up, else seconds. */
  static String duration(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    if (seconds < 86_400) {
      return seconds(nanos);
    }
    return String.format(
        java.util.Locale.ROOT,
        "%,d %s %02d:%02d:%02d",
        seconds / 86_400,
        seconds / 86_400 == 1 ? "day" : "days",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60);
  }
}
