package io.tierpilot.sim.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency of a set of requests, in milliseconds: recorded into an HdrHistogram (microsecond
 * resolution, 3 significant digits, up to 48 hours) and summarised as mean, percentiles, maximum
 * and a CDF for charts. Not thread-safe.
 */
public final class LatencyStats {
  private static final long HIGHEST_MICROS = 48L * 3600 * 1_000_000;

  private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

  /** Records a latency in nanoseconds ({@code >= 0}); longer than 48 hours counts as 48 hours. */
  public void recordNanos(long latencyNanos) {
    long micros = Math.max(0, latencyNanos / 1000);
    histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
  }

  /** Adds another set's latencies. */
  public void add(LatencyStats other) {
    histogram.add(other.histogram);
  }

  /** Returns the number of latencies recorded. */
  public long count() {
    return histogram.getTotalCount();
  }

  /** Returns the mean in milliseconds, or NaN if empty. */
  public double meanMillis() {
    return count() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
  }

  /** Returns a percentile (0–100) in milliseconds, or NaN if empty. */
  public double percentileMillis(double percentile) {
    return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Returns the maximum in milliseconds, or NaN if empty. */
  public double maxMillis() {
    return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
  }

  /** Returns the share of latencies at or below {@code millis}. */
  public double fractionAtOrBelowMillis(double millis) {
    return count() == 0
        ? Double.NaN
        : histogram.getPercentileAtOrBelowValue((long) (millis * 1000)) / 100.0;
  }

  /**
   * Returns the CDF as points {@code {latencyMillis, fraction}}, at most {@code maxPoints} of them,
   * for charts.
   */
  public List<double[]> cdf(int maxPoints) {
    if (count() == 0) {
      return Collections.emptyList();
    }
    List<double[]> all = new ArrayList<>();
    long total = count();
    for (HistogramIterationValue v : histogram.recordedValues()) {
      all.add(
          new double[] {
            histogram.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0,
            (double) v.getTotalCountToThisValue() / total
          });
    }
    if (all.size() <= maxPoints) {
      return all;
    }
    List<double[]> out = new ArrayList<>(maxPoints);
    double step = (double) (all.size() - 1) / (maxPoints - 1);
    for (int i = 0; i < maxPoints; i++) {
      out.add(all.get((int) Math.round(i * step)));
    }
    return out;
  }
}
