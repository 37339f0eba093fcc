package io.tierpilot.bench;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;

/**
 * The baseline's distribution function: piecewise linear through points {@code (xs[i], ps[i])},
 * both non-decreasing, {@code ps[0] == 0}, {@code ps[n-1] == 1}. Immutable.
 *
 * <p>It holds what {@link BaselineScheduler} reads out of its histograms (the values at a fixed set
 * of percentiles) and the priors given as percentiles, and blends the two by weight.
 */
final class BaselineDistribution {
  /** The percentiles read out of a histogram, denser in both tails. */
  static final double[] PERCENTILES = {
    0, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85,
    90, 92.5, 95, 96, 97, 98, 98.5, 99, 99.25, 99.5, 99.75, 99.9, 99.95, 100
  };

  // standard normal quantiles at 0.9, 0.99, 0.999 and 0.9999
  private static final double Z90 = 1.2815516;
  private static final double Z99 = 2.3263479;
  private static final double Z999 = 3.0902323;
  private static final double Z9999 = 3.7190165;

  private final double[] xs;
  private final double[] ps;

  private BaselineDistribution(double[] xs, double[] ps) {
    this.xs = xs;
    this.ps = ps;
  }

  /**
   * Returns the distribution recorded in a histogram, read with {@link
   * AbstractHistogram#getValueAtPercentile} at {@link #PERCENTILES}, values multiplied by {@code
   * scale}; null if the histogram is empty.
   */
  static BaselineDistribution fromHistogram(AbstractHistogram histogram, double scale) {
    if (histogram.getTotalCount() == 0) {
      return null;
    }
    double[] x = new double[PERCENTILES.length];
    double[] p = new double[PERCENTILES.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = histogram.getValueAtPercentile(PERCENTILES[i]) * scale;
      p[i] = PERCENTILES[i] / 100;
    }
    for (int i = 1; i < x.length; i++) {
      x[i] = Math.max(x[i], x[i - 1]);
    }
    return new BaselineDistribution(x, p);
  }

  /**
   * Returns a log-normal-like distribution through a median, a 90th and a 99th percentile, with
   * tails extended to the 0.01st and 99.99th percentiles at the same local spread.
   *
   * @throws IllegalArgumentException unless {@code 0 < p50 <= p90 <= p99}
   */
  static BaselineDistribution fromPercentiles(double p50, double p90, double p99) {
    if (!(p50 > 0 && p90 >= p50 && p99 >= p90)) {
      throw new IllegalArgumentException(
          "percentiles must satisfy 0 < p50 <= p90 <= p99, were " + p50 + ", " + p90 + ", " + p99);
    }
    double below = Math.log(p90 / p50) / Z90;
    double above = Math.log(p99 / p90) / (Z99 - Z90);
    double[] z = {-Z9999, -Z99, -Z90, 0, Z90, Z99, Z999, Z9999};
    double[] p = {0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1};
    double[] x = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      x[i] = z[i] <= Z90 ? p50 * Math.exp(below * z[i]) : p90 * Math.exp(above * (z[i] - Z90));
    }
    return new BaselineDistribution(x, p);
  }

  /**
   * Returns the mixture {@code (wa·a + wb·b) / (wa + wb)}, re-read at {@link #PERCENTILES}; either
   * may be null or have weight 0, and then the other is returned.
   */
  static BaselineDistribution mix(
      BaselineDistribution a, double wa, BaselineDistribution b, double wb) {
    if (a == null || wa <= 0) {
      return b;
    }
    if (b == null || wb <= 0) {
      return a;
    }
    double[] union = new double[a.xs.length + b.xs.length];
    System.arraycopy(a.xs, 0, union, 0, a.xs.length);
    System.arraycopy(b.xs, 0, union, a.xs.length, b.xs.length);
    Arrays.sort(union);
    double[] p = new double[union.length];
    for (int i = 0; i < union.length; i++) {
      p[i] = (wa * a.cdf(union[i]) + wb * b.cdf(union[i])) / (wa + wb);
    }
    BaselineDistribution joint = new BaselineDistribution(union, p);
    double[] x = new double[PERCENTILES.length];
    double[] q = new double[PERCENTILES.length];
    for (int i = 0; i < x.length; i++) {
      q[i] = PERCENTILES[i] / 100;
      x[i] = joint.quantile(q[i]);
    }
    return new BaselineDistribution(x, q);
  }

  /** Returns {@code P(X <= x)}: 0 below the first point (and for NaN), 1 at and above the last. */
  double cdf(double x) {
    int n = xs.length;
    if (!(x >= xs[0])) {
      return 0;
    }
    if (x >= xs[n - 1]) {
      return 1;
    }
    int i = Arrays.binarySearch(xs, x);
    if (i >= 0) {
      while (i + 1 < n && xs[i + 1] == x) {
        i++;
      }
      return ps[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    return ps[lo] + (ps[hi] - ps[lo]) * (x - xs[lo]) / (xs[hi] - xs[lo]);
  }

  /** Returns the smallest {@code x} with {@code P(X <= x) >= p}, interpolated. */
  double quantile(double p) {
    int n = ps.length;
    if (p <= ps[0]) {
      return xs[0];
    }
    if (p >= ps[n - 1]) {
      return xs[n - 1];
    }
    for (int i = 1; i < n; i++) {
      if (ps[i] >= p) {
        double span = ps[i] - ps[i - 1];
        return span <= 0 ? xs[i] : xs[i - 1] + (xs[i] - xs[i - 1]) * (p - ps[i - 1]) / span;
      }
    }
    return xs[n - 1];
  }

  /** Returns the mean. */
  double mean() {
    double m = 0;
    for (int i = 1; i < xs.length; i++) {
      m += (ps[i] - ps[i - 1]) * (xs[i] + xs[i - 1]) * 0.5;
    }
    return m;
  }

  /**
   * Represents the distribution by one point per stratum {@code [edges[i], edges[i+1])}: the
   * quantile at the stratum's middle, weighted by its width.
   */
  void stratify(double[] edges, double[] points, double[] weights) {
    for (int i = 0; i + 1 < edges.length; i++) {
      points[i] = quantile((edges[i] + edges[i + 1]) * 0.5);
      weights[i] = edges[i + 1] - edges[i];
    }
  }
}
