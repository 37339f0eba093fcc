package io.tierpilot.core;

import java.util.Arrays;

/**
 * A piecewise-linear cumulative distribution function over non-negative values, stored as points
 * {@code (xs[i], ps[i])} with both arrays non-decreasing, {@code ps[0] == 0} and {@code ps[n-1] ==
 * 1}. Immutable.
 *
 * <p>It is the one representation of a learned or assumed distribution inside the engine: a
 * window's histogram becomes one ({@link #fromBuckets}), a prior given as percentiles becomes one
 * ({@link #fromPercentiles}), and the two are blended by weight ({@link #mix}). Every result is
 * compressed onto the fixed probability grid {@link #GRID}, dense in both tails, so that the
 * lookups on the decision path search a short array.
 */
final class Cdf {

  /** The probabilities at which compressed distributions keep a point. */
  static final double[] GRID = {
    0, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
    0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.9925,
    0.995, 0.9975, 0.999, 0.9995, 1
  };

  // Standard normal quantiles used to extend a prior given as p50/p90/p99 into both tails as a
  // log-normal would: z(0.9) = 1.2815516, z(0.99) = 2.3263479, z(0.999) = 3.0902323,
  // z(0.9999) = 3.7190165.
  private static final double Z90 = 1.2815516;
  private static final double Z99 = 2.3263479;
  private static final double Z999 = 3.0902323;
  private static final double Z9999 = 3.7190165;

  final double[] xs;
  final double[] ps;

  private Cdf(double[] xs, double[] ps) {
    this.xs = xs;
    this.ps = ps;
  }

  /** Returns the distribution of a single value. */
  static Cdf pointMass(double x) {
    return new Cdf(new double[] {x, x}, new double[] {0, 1});
  }

  /**
   * Returns a distribution through the given median, 90th and 99th percentiles, extended to the
   * 0.01st and 99.99th percentiles as a log-normal with the same local spread would be.
   *
   * @param p50 median, {@code > 0}
   * @param p90 90th percentile, {@code >= p50}
   * @param p99 99th percentile, {@code >= p90}
   */
  static Cdf fromPercentiles(double p50, double p90, double p99) {
    if (!(p50 > 0 && p90 >= p50 && p99 >= p90) || Double.isInfinite(p99)) {
      throw new IllegalArgumentException(
          "percentiles must satisfy 0 < p50 <= p90 <= p99, were " + p50 + ", " + p90 + ", " + p99);
    }
    double lo = StrictMath.log(p90 / p50) / Z90;
    double hi = StrictMath.log(p99 / p90) / (Z99 - Z90);
    double[] z = {-Z9999, -Z99, -Z90, 0, Z90, Z99, Z999, Z9999};
    double[] p = {0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1};
    double[] x = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      x[i] =
          z[i] <= Z90
              ? StrictMath.exp(StrictMath.log(p50) + lo * z[i])
              : StrictMath.exp(StrictMath.log(p90) + hi * (z[i] - Z90));
    }
    x[3] = p50;
    x[4] = p90;
    x[5] = p99;
    // with two equal percentiles exp(log(v)) may differ from v by an ulp: compress restores order
    return new Cdf(x, p).compress();
  }

  /**
   * Returns the distribution of values counted in buckets, each bucket's count spread evenly over
   * the bucket's value range, scaled by {@code scale}. Bucket {@code i} holds the values from
   * {@code bounds[i]} up to {@code bounds[i + 1]} (exclusive); a bucket starting at 0 holds 0 alone
   * (HdrHistogram's layout: zero is recorded exactly).
   *
   * @param bounds the buckets' lower bounds, ascending, and the end of the last bucket
   * @param counts the count of each bucket, {@code bounds.length - 1} of them
   * @param total the sum of the counts
   * @return the distribution, or {@code null} if the counts are all 0
   */
  static Cdf fromBuckets(long[] bounds, long[] counts, long total, double scale) {
    if (total == 0) {
      return null;
    }
    double[] outX = new double[GRID.length];
    double[] outP = GRID.clone();
    int g = 0;
    long before = 0;
    for (int i = 0; i < counts.length && before < total; i++) {
      long count = counts[i];
      if (count == 0) {
        continue;
      }
      double low = bounds[i] * scale;
      double high = bounds[i] == 0 ? 0 : bounds[i + 1] * scale;
      double pLow = (double) before / total;
      double pHigh = (double) (before + count) / total;
      while (g < GRID.length && GRID[g] <= pHigh) {
        double frac = pHigh == pLow ? 1 : (GRID[g] - pLow) / (pHigh - pLow);
        // a bucket's last point may round an ulp past the next bucket's first: keep them in order
        outX[g] = Math.max(low + Math.max(0, frac) * (high - low), g > 0 ? outX[g - 1] : 0);
        g++;
      }
      before += count;
    }
    while (g < GRID.length) {
      outX[g] = outX[g - 1];
      g++;
    }
    return new Cdf(outX, outP);
  }

  /** Returns the weighted mixture of two distributions; either may be null (weight ignored). */
  static Cdf mix(Cdf a, double weightA, Cdf b, double weightB) {
    if (a == null || weightA <= 0) {
      return b;
    }
    if (b == null || weightB <= 0) {
      return a;
    }
    double[] union = merge(a.xs, b.xs);
    // each breakpoint twice: the left limit and the value, so that jumps and flats survive; the
    // breakpoints ascend (every Cdf's points do), and so do their left limits, so four cursors
    // walk the two distributions
    double[] x = new double[2 * union.length];
    double[] p = new double[x.length];
    double w = weightA + weightB;
    int[] cursors = new int[4];
    for (int i = 0; i < union.length; i++) {
      double left = Math.nextDown(union[i]);
      x[2 * i] = union[i];
      p[2 * i] =
          (weightA * a.atAscending(left, cursors, 0) + weightB * b.atAscending(left, cursors, 1))
              / w;
      x[2 * i + 1] = union[i];
      p[2 * i + 1] =
          (weightA * a.atAscending(union[i], cursors, 2)
                  + weightB * b.atAscending(union[i], cursors, 3))
              / w;
    }
    p[0] = 0;
    p[p.length - 1] = 1;
    return new Cdf(x, p).compress();
  }

  /**
   * Returns the ascending values of two ascending arrays together, in {@link Arrays#sort}'s order
   * ({@link Double#compare}).
   */
  static double[] merge(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      out[k++] = Double.compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < b.length) {
      out[k++] = b[j++];
    }
    return out;
  }

  /** Returns this distribution with every value multiplied by {@code factor > 0}. */
  Cdf scale(double factor) {
    double[] x = xs.clone();
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
    return new Cdf(x, ps);
  }

  /**
   * Returns this distribution re-sampled onto {@link #GRID}: {@link #quantile} at each grid
   * probability, found by one forward walk (the grid ascends) instead of a search per point.
   */
  private Cdf compress() {
    double[] x = new double[GRID.length];
    int n = ps.length;
    int hi = 1; // the first index with ps[hi] >= p, as quantile's search finds it
    for (int i = 0; i < GRID.length; i++) {
      double p = GRID[i];
      if (p <= ps[0]) {
        x[i] = xs[0];
      } else if (p >= 1) {
        x[i] = xs[n - 1];
      } else {
        while (hi < n - 1 && ps[hi] < p) {
          hi++;
        }
        int lo = hi - 1;
        double span = ps[hi] - ps[lo];
        x[i] = span <= 0 ? xs[hi] : xs[lo] + (xs[hi] - xs[lo]) * (p - ps[lo]) / span;
      }
      // rounding (an interpolation, or exp(log(v)) != v in a prior) may step back by an ulp:
      // every Cdf's points ascend, which the mixture's walk relies on
      if (i > 0 && x[i] < x[i - 1]) {
        x[i] = x[i - 1];
      }
    }
    return new Cdf(x, GRID);
  }

  /** Returns {@code P(X <= x)}. */
  double at(double x) {
    return interpolate(xs, ps, x);
  }

  /**
   * Returns the piecewise-linear function through {@code (xs[i], ps[i])} at {@code x}: 0 below the
   * first point, 1 at and above the last. Allocation-free; the decision path's one lookup.
   */
  static double interpolate(double[] xs, double[] ps, double x) {
    return interpolate(xs, ps, x, 1);
  }

  /**
   * Returns the piecewise-linear function through {@code (xs[i], ps[i])} at {@code x}: 0 below the
   * first point, {@code top} at and above the last.
   */
  static double interpolate(double[] xs, double[] ps, double x, double top) {
    int n = xs.length;
    if (!(x >= xs[0])) {
      return 0; // also for NaN
    }
    if (x >= xs[n - 1]) {
      return top;
    }
    // the last lo with xs[lo] <= x, by halving without data-dependent branches (the comparison
    // becomes a conditional move): the search's branches would be mispredicted half the time
    int lo = 0;
    int len = n - 1;
    while (len > 1) {
      int half = len >>> 1;
      lo = xs[lo + half] <= x ? lo + half : lo;
      len -= half;
    }
    int hi = lo + 1;
    double span = xs[hi] - xs[lo];
    return span <= 0 ? ps[hi] : ps[lo] + (ps[hi] - ps[lo]) * (x - xs[lo]) / span;
  }

  /**
   * Returns {@link #at}{@code (x)} for a run of ascending arguments: {@code cursors[c]} remembers
   * where the previous argument of the run fell, so the lookup walks forward from there instead of
   * searching. The result is exactly {@link #at}'s (the same segment, the same arithmetic).
   *
   * @param x the argument, not below the previous argument of this cursor's run
   * @param cursors the runs' positions, 0 at the start of a run
   * @param c this run's cursor
   */
  double atAscending(double x, int[] cursors, int c) {
    int n = xs.length;
    if (!(x >= xs[0])) {
      return 0; // also for NaN
    }
    if (x >= xs[n - 1]) {
      return 1;
    }
    // the last lo with xs[lo] <= x, as interpolate finds it
    int lo = cursors[c];
    while (lo + 1 < n - 1 && xs[lo + 1] <= x) {
      lo++;
    }
    cursors[c] = lo;
    int hi = lo + 1;
    double span = xs[hi] - xs[lo];
    return span <= 0 ? ps[hi] : ps[lo] + (ps[hi] - ps[lo]) * (x - xs[lo]) / span;
  }

  /** Returns the smallest {@code x} with {@code P(X <= x) >= p}, interpolated. */
  double quantile(double p) {
    int n = ps.length;
    if (p <= ps[0]) {
      return xs[0];
    }
    if (p >= 1) {
      return xs[n - 1];
    }
    int lo = 0;
    int hi = n - 1; // invariant: ps[lo] < p <= ps[hi]
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (ps[mid] < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double span = ps[hi] - ps[lo];
    return span <= 0 ? xs[hi] : xs[lo] + (xs[hi] - xs[lo]) * (p - ps[lo]) / span;
  }

  /** Returns the mean. */
  double mean() {
    double m = 0;
    for (int i = 1; i < xs.length; i++) {
      m += (ps[i] - ps[i - 1]) * (xs[i] + xs[i - 1]) * 0.5;
    }
    return m;
  }

  double min() {
    return xs[0];
  }

  double max() {
    return xs[xs.length - 1];
  }

  /**
   * Represents this distribution by one point per stratum: stratum {@code i} spans probabilities
   * {@code [edges[i], edges[i+1])}; its point is the quantile at the stratum's middle and its
   * weight the stratum's width.
   */
  void stratify(double[] edges, double[] points, double[] weights) {
    for (int i = 0; i + 1 < edges.length; i++) {
      points[i] = quantile((edges[i] + edges[i + 1]) * 0.5);
      weights[i] = edges[i + 1] - edges[i];
    }
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Cdf{p1=%.4g, p50=%.4g, p90=%.4g, p99=%.4g, max=%.4g}",
        quantile(0.01),
        quantile(0.5),
        quantile(0.9),
        quantile(0.99),
        max());
  }
}
