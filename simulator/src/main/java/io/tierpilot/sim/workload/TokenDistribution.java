package io.tierpilot.sim.workload;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * A distribution of token counts for the synthetic generators, written as:
 *
 * <ul>
 *   <li>{@code N}: always {@code N} ({@code N >= 0});
 *   <li>{@code uniform:A:B}: an integer uniformly in {@code [A, B]} ({@code 0 <= A <= B});
 *   <li>{@code exp:MEAN}: exponential with that mean ({@code > 0}), rounded to the nearest integer;
 *   <li>{@code lognormal:MEDIAN:P99}: log-normal with that median and 99th percentile ({@code 0 <
 *       MEDIAN <= P99}), rounded to the nearest integer.
 * </ul>
 *
 * Draws are capped at {@link Integer#MAX_VALUE}. Immutable and thread-safe; the generator passed in
 * is not.
 */
final class TokenDistribution {
  private static final String FORMS = "N, uniform:A:B, exp:MEAN or lognormal:MEDIAN:P99";

  private enum Kind {
    FIXED,
    UNIFORM,
    EXP,
    LOGNORMAL
  }

  private final String text;
  private final Kind kind;
  private final double a;
  private final double b;

  private TokenDistribution(String text, Kind kind, double a, double b) {
    this.text = text;
    this.kind = kind;
    this.a = a;
    this.b = b;
  }

  /**
   * Parses a distribution.
   *
   * @param text the distribution, for example {@code lognormal:1000:8000}; not null
   * @return the distribution
   * @throws IllegalArgumentException if the text is none of the forms or a parameter is out of
   *     range; the message names the text and lists the forms
   */
  static TokenDistribution parse(String text) {
    String[] parts = text.trim().split(":", -1);
    try {
      switch (parts[0]) {
        case "uniform":
          {
            expectParts(text, parts, 3);
            long lo = nonNegativeInt(text, parts[1]);
            long hi = nonNegativeInt(text, parts[2]);
            if (lo > hi) {
              throw invalid(text, "A > B");
            }
            return new TokenDistribution(text, Kind.UNIFORM, lo, hi);
          }
        case "exp":
          {
            expectParts(text, parts, 2);
            double mean = positive(text, parts[1]);
            return new TokenDistribution(text, Kind.EXP, mean, 0);
          }
        case "lognormal":
          {
            expectParts(text, parts, 3);
            double median = positive(text, parts[1]);
            double p99 = positive(text, parts[2]);
            if (p99 < median) {
              throw invalid(text, "P99 below MEDIAN");
            }
            double mu = StrictMath.log(median);
            double sigma = (StrictMath.log(p99) - mu) / RandomVariates.NORMAL_P99;
            return new TokenDistribution(text, Kind.LOGNORMAL, mu, sigma);
          }
        default:
          if (parts.length != 1) {
            throw invalid(text, "unknown distribution '" + parts[0] + "'");
          }
          return new TokenDistribution(text, Kind.FIXED, nonNegativeInt(text, parts[0]), 0);
      }
    } catch (NumberFormatException e) {
      throw invalid(text, "not a number");
    }
  }

  /** Returns a draw, {@code >= 0}. */
  int sample(SplittableRandom random) {
    double value;
    switch (kind) {
      case FIXED:
        return (int) a;
      case UNIFORM:
        return (int) random.nextLong((long) a, (long) b + 1);
      case EXP:
        value = RandomVariates.exponential(random, a);
        break;
      case LOGNORMAL:
        value = StrictMath.exp(a + b * RandomVariates.normal(random));
        break;
      default:
        throw new AssertionError(kind);
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.round(value));
  }

  /** Returns the mean of the distribution before rounding. */
  double mean() {
    switch (kind) {
      case FIXED:
      case EXP:
        return a;
      case UNIFORM:
        return (a + b) / 2;
      case LOGNORMAL:
        return StrictMath.exp(a + b * b / 2);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Returns the text it was parsed from. */
  @Override
  public String toString() {
    return text;
  }

  private static void expectParts(String text, String[] parts, int count) {
    if (parts.length != count) {
      throw invalid(text, "expected " + (count - 1) + " parameter" + (count == 2 ? "" : "s"));
    }
  }

  private static long nonNegativeInt(String text, String value) {
    long v = Long.parseLong(value.trim());
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw invalid(text, "'" + value + "' is not an integer in [0, " + Integer.MAX_VALUE + "]");
    }
    return v;
  }

  private static double positive(String text, String value) {
    double v = new BigDecimal(value.trim()).doubleValue();
    if (!(v > 0) || Double.isInfinite(v)) {
      throw invalid(text, "'" + value + "' is not a positive number");
    }
    return v;
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException(
        "invalid token distribution '" + text + "': " + problem + "; expected " + FORMS);
  }
}
