package io.tierpilot.sim.workload;

import java.util.SplittableRandom;

/**
 * The random variates and special functions the generators need, written out here so that a seed
 * gives the same numbers on every JDK. Stateless and thread-safe; the generator passed in is not.
 */
final class RandomVariates {
  /** The 99th percentile of the standard normal distribution. */
  static final double NORMAL_P99 = 2.3263478740408408;

  /** Lanczos approximation, g = 7, nine coefficients (relative error below 1e-13). */
  private static final double LANCZOS_G = 7;

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private static final double HALF_LOG_TWO_PI = 0.5 * StrictMath.log(2 * Math.PI);

  private RandomVariates() {}

  /** Returns a uniform draw in (0, 1]: never 0, so that its logarithm is finite. */
  static double openUniform(SplittableRandom random) {
    return 1.0 - random.nextDouble();
  }

  /** Returns a standard normal draw (Box–Muller, one of the pair). */
  static double normal(SplittableRandom random) {
    double u1 = openUniform(random);
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /**
   * Returns an exponential draw.
   *
   * @param mean the mean, {@code > 0}
   */
  static double exponential(SplittableRandom random, double mean) {
    return -mean * StrictMath.log(openUniform(random));
  }

  /**
   * Returns a Gamma(shape, scale) draw by Marsaglia and Tsang's method (2000): for shape {@code a
   * >= 1}, with {@code d = a - 1/3} and {@code c = 1 / sqrt(9d)}, draw a normal {@code x} until
   * {@code v = (1 + c x)^3 > 0} and a uniform {@code u} accepts {@code d v} (squeeze {@code u < 1 -
   * 0.0331 x^4}, else {@code ln u < x^2 / 2 + d (1 - v + ln v)}). For {@code a < 1} it draws
   * Gamma(a + 1) and multiplies by {@code u^(1/a)}.
   *
   * @param shape {@code > 0}
   * @param scale {@code > 0}
   * @return the draw, {@code >= 0} (0 only by underflow for very small shapes)
   */
  static double gamma(SplittableRandom random, double shape, double scale) {
    if (shape < 1) {
      double boost = StrictMath.pow(openUniform(random), 1 / shape);
      return gamma(random, shape + 1, scale) * boost;
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = normal(random);
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = openUniform(random);
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2
          || StrictMath.log(u) < 0.5 * x2 + d * (1 - v + StrictMath.log(v))) {
        return d * v * scale;
      }
    }
  }

  /**
   * Returns a Weibull(c, scale) draw by the inverse CDF: {@code scale (-ln u)^(1/c)}.
   *
   * @param c the shape, {@code > 0}
   * @param scale {@code > 0}
   */
  static double weibull(SplittableRandom random, double c, double scale) {
    return scale * StrictMath.pow(-StrictMath.log(openUniform(random)), 1 / c);
  }

  /** Returns the mean of Weibull(c, scale): {@code scale Γ(1 + 1/c)}. */
  static double weibullMean(double c, double scale) {
    return scale * StrictMath.exp(logGamma(1 + 1 / c));
  }

  /**
   * Returns {@code ln Γ(x)} by the Lanczos approximation, with the reflection formula below 0.5.
   *
   * @param x {@code > 0}
   * @throws IllegalArgumentException if {@code x <= 0} or not finite
   */
  static double logGamma(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
    }
    if (x < 0.5) {
      // Γ(x) Γ(1 - x) = π / sin(π x)
      return StrictMath.log(Math.PI / StrictMath.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + LANCZOS_G + 0.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * StrictMath.log(t) - t + StrictMath.log(sum);
  }

  /**
   * Returns a seed for an independent stream, mixing a seed and a stream index with the SplitMix64
   * finalizer.
   */
  static long mix(long seed, long stream) {
    long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
