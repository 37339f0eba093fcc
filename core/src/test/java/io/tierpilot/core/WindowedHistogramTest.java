package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** The sliding window of slices and its recent sub-window. */
class WindowedHistogramTest {

  @Test
  void theRecentSubWindowHoldsTheLatestSlicesOnly() {
    WindowedHistogram h = new WindowedHistogram(100_000, 4, 2);
    // slice k holds k + 1 values of 1000 · (k + 1)
    for (int k = 0; k < 6; k++) {
      for (int i = 0; i <= k; i++) {
        h.record(1000L * (k + 1));
      }
      h.endSlice();
      int window = 0;
      for (int j = Math.max(0, k - 3); j <= k; j++) {
        window += j + 1;
      }
      int recent = (k + 1) + (k > 0 ? k : 0);
      assertEquals(window, h.count(), "window after slice " + k);
      assertEquals(recent, h.recentCount(), "recent after slice " + k);
    }
    // after slice 5 the recent sub-window holds slices 4 and 5: 5 values of 5000, 6 of 6000
    Cdf recent = h.recentCdf(1);
    assertEquals(0.0, recent.at(4900), 1e-9);
    assertEquals(5.0 / 11, recent.at(5500), 0.05);
    assertEquals(1.0, recent.at(6100), 1e-9);
    // a gap: empty slices move both windows on
    h.endEmptySlice();
    assertEquals(6, h.recentCount());
    h.endEmptySlice();
    assertEquals(0, h.recentCount());
    assertEquals(6 + 5, h.count());
  }

  @Test
  void withoutASubWindowRecentIsTheWindow() {
    WindowedHistogram h = new WindowedHistogram(100_000, 3);
    for (int k = 0; k < 5; k++) {
      h.record(10);
      h.endSlice();
      assertEquals(h.count(), h.recentCount());
    }
    assertEquals(3, h.count());
  }

  /**
   * The window and its recent sub-window against whole HdrHistograms holding the same slices: the
   * distributions must be equal bit for bit, through gaps, empty slices, zeros, values at and above
   * the highest value, and slices of one bucket or of thousands of values.
   */
  @Test
  void distributionsEqualThoseOfWholeHistogramsOfTheSameSlices() {
    long highest = 4L * 3600 * 1000;
    Random rnd = new Random(11);
    for (int recentSlices : new int[] {2, 10}) {
      WindowedHistogram h = new WindowedHistogram(highest, 10, recentSlices);
      Deque<long[]> slices = new ArrayDeque<>();
      for (int s = 0; s < 300; s++) {
        boolean gap = rnd.nextInt(25) == 0;
        int n = gap ? 0 : rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(s % 7 == 0 ? 3000 : 60);
        long[] values = new long[n];
        boolean oneBucket = rnd.nextInt(10) == 0;
        if (s % 50 == 25) {
          // a slice in every bucket of the layout: the slice's storage grows to the layout's size
          values = everyBucket(highest);
          n = 0;
          for (long v : values) {
            h.record(v);
          }
        }
        for (int i = 0; i < n; i++) {
          double u = rnd.nextDouble();
          long v =
              oneBucket
                  ? 777
                  : u < 0.02
                      ? 0
                      : u < 0.04
                          ? highest + rnd.nextInt(5)
                          : (long) Math.exp(rnd.nextGaussian() * 2 + 7);
          values[i] = Math.min(v, highest);
          h.record(v);
        }
        if (gap) {
          h.endEmptySlice();
        } else {
          h.endSlice();
        }
        slices.addLast(values);
        if (slices.size() > 10) {
          slices.removeFirst();
        }
        Histogram window = new Histogram(1, highest, 2);
        Histogram recent = new Histogram(1, highest, 2);
        int k = 0;
        for (long[] slice : slices) {
          boolean inRecent = k++ >= slices.size() - recentSlices;
          for (long v : slice) {
            window.recordValue(v);
            if (inRecent) {
              recent.recordValue(v);
            }
          }
        }
        String at = "slice " + s + ", recent " + recentSlices;
        assertEquals(window.getTotalCount(), h.count(), at);
        assertEquals(recent.getTotalCount(), h.recentCount(), at);
        assertSame(reference(window, 1e6), h.cdf(1e6), at);
        assertSame(reference(recent, 1e3), h.recentCdf(1e3), at);
      }
    }
  }

  /** The lowest value of every bucket of the layout up to {@code highest}. */
  private static long[] everyBucket(long highest) {
    Histogram layout = new Histogram(1, highest, 2);
    java.util.List<Long> out = new java.util.ArrayList<>();
    for (long v = 0; v <= highest; v = layout.nextNonEquivalentValue(v)) {
      out.add(v);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static void assertSame(double[][] expected, Cdf actual, String at) {
    if (expected == null) {
      assertNull(actual, at);
      return;
    }
    assertArrayEquals(expected[0], actual.xs, 0.0, at);
    assertArrayEquals(expected[1], actual.ps, 0.0, at);
  }

  /**
   * The points of a whole histogram's distribution, as the window built it before it kept its own
   * buckets: HdrHistogram's iteration over recorded values, each bucket's count spread evenly over
   * its equivalent range, zero exact.
   */
  private static double[][] reference(Histogram histogram, double scale) {
    long total = histogram.getTotalCount();
    if (total == 0) {
      return null;
    }
    double[] xs = new double[Cdf.GRID.length];
    int g = 0;
    long before = 0;
    for (HistogramIterationValue v : histogram.recordedValues()) {
      long value = v.getValueIteratedTo();
      long count = v.getCountAtValueIteratedTo();
      double low = histogram.lowestEquivalentValue(value) * scale;
      double high = value == 0 ? 0 : histogram.nextNonEquivalentValue(value) * scale;
      double pLow = (double) before / total;
      double pHigh = (double) (before + count) / total;
      while (g < xs.length && Cdf.GRID[g] <= pHigh) {
        double frac = pHigh == pLow ? 1 : (Cdf.GRID[g] - pLow) / (pHigh - pLow);
        xs[g] = low + Math.max(0, frac) * (high - low);
        g++;
      }
      before += count;
    }
    while (g < xs.length) {
      xs[g] = xs[g - 1];
      g++;
    }
    return new double[][] {xs, Cdf.GRID.clone()};
  }
}
