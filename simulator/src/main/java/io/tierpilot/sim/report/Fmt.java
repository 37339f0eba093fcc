package io.tierpilot.sim.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number formats of the report, all in {@link Locale#ROOT} so the page does not depend on the
 * machine's locale. An undefined value (NaN or infinite) is shown as {@link #NONE}.
 */
final class Fmt {
  /** What the report shows for a value that does not exist (no requests, no calls). */
  static final String NONE = "\u2013";

  private Fmt() {}

  /** Returns whether {@code v} can be shown (neither NaN nor infinite). */
  static boolean defined(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v);
  }

  /** Formats a count with thousands separators: {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Formats US dollars without the sign: two decimals from 1 upwards ({@code 1,234.56}), four below
   * ({@code 0.0421}).
   */
  static String usd(double v) {
    if (!defined(v)) {
      return NONE;
    }
    return Math.abs(v) >= 1 || v == 0
        ? String.format(Locale.ROOT, "%,.2f", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  /**
   * Formats an SLO attainment in [0, 1] with four decimals, rounded down so that a value below a
   * threshold is never shown as reaching it: 0.98996 is {@code 0.9899}.
   */
  static String attainment(double v) {
    if (!defined(v)) {
      return NONE;
    }
    return new BigDecimal(Double.toString(v)).setScale(4, RoundingMode.FLOOR).toPlainString();
  }

  /** Formats a probability in [0, 1] with three decimals: {@code 0.947}. */
  static String probability(double v) {
    return defined(v) ? String.format(Locale.ROOT, "%.3f", v) : NONE;
  }

  /** Formats a ratio with three decimals and a multiplication sign: {@code 0.623×}. */
  static String ratio(double v) {
    return defined(v) ? String.format(Locale.ROOT, "%.3f\u00d7", v) : NONE;
  }

  /** Formats a fraction as a percentage with one decimal: 0.6234 is {@code 62.3}. */
  static String percent(double fraction) {
    return defined(fraction) ? String.format(Locale.ROOT, "%.1f", fraction * 100) : NONE;
  }

  /** Formats a share as a compact percentage: 0.5 is {@code 50%}, 1/3 is {@code 33.3%}. */
  static String share(double fraction) {
    return defined(fraction) ? trim(fraction * 100, 1) + "%" : NONE;
  }

  /**
   * Formats a latency given in milliseconds as seconds, with about three significant digits: {@code
   * 0.842}, {@code 3.42}, {@code 42.1}, {@code 1,234}.
   */
  static String seconds(double millis) {
    if (!defined(millis)) {
      return NONE;
    }
    double s = millis / 1000;
    if (s < 1) {
      return String.format(Locale.ROOT, "%.3f", s);
    } else if (s < 10) {
      return String.format(Locale.ROOT, "%.2f", s);
    } else if (s < 100) {
      return String.format(Locale.ROOT, "%.1f", s);
    }
    return String.format(Locale.ROOT, "%,.0f", s);
  }

  /**
   * Formats a deadline: {@code 500 ms}, {@code 10 s}, {@code 30 min}, {@code 4 h}, with at most two
   * decimals and none that are zero.
   */
  static String deadline(long nanos) {
    double s = nanos / 1e9;
    if (s < 1) {
      return trim(nanos / 1e6, 2) + " ms";
    } else if (s < 120) {
      return trim(s, 2) + " s";
    } else if (s < 7200) {
      return trim(s / 60, 2) + " min";
    }
    return trim(s / 3600, 2) + " h";
  }

  /**
   * Formats a simulated span: {@code 45.3 s}, {@code 59.8 min}, {@code 12.5 h}, {@code 7.0 days}.
   */
  static String span(double seconds) {
    if (!defined(seconds)) {
      return NONE;
    }
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    } else if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    } else if (seconds < 172_800) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86_400);
  }

  /** Rounds to at most {@code decimals} decimals and drops trailing zeros: 2.50 is {@code 2.5}. */
  static String trim(double v, int decimals) {
    if (!defined(v)) {
      return NONE;
    }
    BigDecimal d =
        new BigDecimal(Double.toString(v))
            .setScale(decimals, RoundingMode.HALF_UP)
            .stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    return d.toPlainString();
  }

  /**
   * Formats an axis tick value so that ticks {@code step} apart stay distinct: as many decimals as
   * the step needs, thousands separators from 10,000.
   */
  static String tick(double v, double step) {
    int decimals = Math.max(0, (int) -Math.floor(StrictMath.log10(step) + 1e-9));
    if (Math.abs(v) < step * 1e-6) {
      v = 0;
    }
    String pattern = Math.abs(v) >= 10_000 ? "%,." + decimals + "f" : "%." + decimals + "f";
    return String.format(Locale.ROOT, pattern, v);
  }
}
