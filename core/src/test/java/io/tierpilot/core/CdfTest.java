package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CdfTest {

  @Test
  void percentilesAreReproduced() {
    Cdf c = Cdf.fromPercentiles(100, 300, 900);
    assertEquals(0.5, c.at(100), 1e-9);
    assertEquals(0.9, c.at(300), 1e-9);
    assertEquals(0.99, c.at(900), 1e-9);
    assertEquals(100, c.quantile(0.5), 1e-6);
    assertEquals(900, c.quantile(0.99), 1e-6);
    assertTrue(c.max() > 900, "upper tail extends beyond p99");
    assertTrue(c.min() < 100 && c.min() > 0, "lower tail is positive and below the median");
  }

  @Test
  void percentilesMustBeOrdered() {
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromPercentiles(100, 50, 900));
    assertThrows(IllegalArgumentException.class, () -> Cdf.fromPercentiles(0, 50, 900));
  }

  @Test
  void ascendingLookupsEqualSearchedOnesExactly() {
    Random rnd = new Random(3);
    for (int round = 0; round < 200; round++) {
      // histograms give repeated points (several grid probabilities in one bucket): keep some
      WindowedHistogram h = new WindowedHistogram(3_600_000L, 1);
      int n = 1 + rnd.nextInt(round % 3 == 0 ? 3 : 2000);
      for (int i = 0; i < n; i++) {
        h.record((long) Math.exp(rnd.nextGaussian() * 1.5 + 6));
      }
      h.endSlice();
      Cdf c = h.cdf(1e6);
      int[] cursors = new int[3];
      // exactly at every point (repeated ones included), where the segment choice matters
      for (double p : c.xs) {
        assertEquals(c.at(p), c.atAscending(p, cursors, 2), 0.0, "at the point " + p);
      }
      double x = c.min() - 1e6 * rnd.nextDouble() * 5;
      double y = x;
      while (x < c.max() + 2e6) {
        assertEquals(c.at(x), c.atAscending(x, cursors, 0), 0.0, "at " + x);
        assertEquals(c.at(y), c.atAscending(y, cursors, 1), 0.0, "at " + y);
        x += rnd.nextDouble() < 0.2 ? 0 : (c.max() - c.min()) * rnd.nextDouble() * 0.05;
        y += (c.max() - c.min()) * rnd.nextDouble() * 0.3;
      }
    }
  }

  @Test
  void interpolationIsMonotoneAndBounded() {
    Cdf c = Cdf.fromPercentiles(1, 2, 5);
    double last = 0;
    for (double x = -1; x < 20; x += 0.01) {
      double p = c.at(x);
      assertTrue(p >= last && p >= 0 && p <= 1, "monotone at " + x);
      last = p;
    }
    assertEquals(0, c.at(Double.NaN));
    assertEquals(1, c.at(Double.POSITIVE_INFINITY));
  }

  @Test
  void histogramQuantilesMatchTheData() {
    WindowedHistogram h = new WindowedHistogram(1_000_000, 1);
    Random r = new Random(7);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 + r.nextInt(9000);
      h.record((long) values[i]);
    }
    h.endSlice();
    java.util.Arrays.sort(values);
    Cdf c = h.cdf(2.0);
    for (double p : new double[] {0.1, 0.5, 0.9, 0.99}) {
      double expected = values[(int) (p * values.length)] * 2.0;
      assertEquals(expected, c.quantile(p), expected * 0.02, "quantile " + p);
    }
    h.endSlice();
    assertNull(h.cdf(1.0), "an empty window has no distribution");
  }

  @Test
  void mixtureWeighsItsParts() {
    Cdf a = Cdf.pointMass(10);
    Cdf b = Cdf.pointMass(20);
    Cdf m = Cdf.mix(a, 3, b, 1);
    assertEquals(0.75, m.at(15), 0.05); // the grid keeps a point every 0.05 of probability
    assertEquals(0.75, m.at(10), 0.01);
    assertEquals(1.0, m.at(20), 1e-9);
    assertEquals(a, Cdf.mix(a, 1, null, 5));
    assertEquals(b, Cdf.mix(null, 0, b, 5));
  }

  @Test
  void stratificationKeepsTheMean() {
    Cdf c = Cdf.fromPercentiles(200, 700, 2000);
    double[] points = new double[OutputEstimate.STRATA];
    double[] weights = new double[OutputEstimate.STRATA];
    c.stratify(OutputEstimate.EDGES, points, weights);
    double sum = 0;
    double mean = 0;
    for (int i = 0; i < points.length; i++) {
      sum += weights[i];
      mean += weights[i] * points[i];
    }
    assertEquals(1.0, sum, 1e-12);
    assertEquals(c.mean(), mean, c.mean() * 0.1);
  }

  /**
   * The mixture walks its breakpoints with cursors and re-samples with one forward walk; both must
   * give exactly what sorting the breakpoints, searching each lookup and searching each quantile
   * give, for mixtures of histograms (repeated points, jumps), of percentiles and of point masses.
   */
  @Test
  void priorsWithEqualPercentilesStillAscend() {
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 10_000; i++) {
      double q = 1 + rnd.nextDouble() * 1e3;
      for (Cdf c :
          new Cdf[] {Cdf.fromPercentiles(q, q, q * 3), Cdf.fromPercentiles(q, q * 2, q * 2)}) {
        for (int k = 1; k < c.xs.length; k++) {
          assertTrue(c.xs[k - 1] <= c.xs[k], "q=" + q + " at " + k);
        }
      }
    }
  }

  @Test
  void mixturesEqualSortedAndSearchedOnesExactly() {
    Random rnd = new Random(5);
    for (int round = 0; round < 2000; round++) {
      Cdf a = randomCdf(rnd);
      Cdf b = randomCdf(rnd);
      double wa = rnd.nextInt(4) == 0 ? 1 : rnd.nextDouble() * 1000;
      double wb = rnd.nextInt(4) == 0 ? 10 : rnd.nextDouble() * 50;
      Cdf m = Cdf.mix(a, wa, b, wb);
      double[] expected = referenceMix(a, wa, b, wb);
      assertArrayEquals(expected, m.xs, 0.0, "round " + round);
      assertArrayEquals(Cdf.GRID, m.ps, 0.0, "round " + round);
    }
  }

  private static Cdf randomCdf(Random rnd) {
    switch (rnd.nextInt(5)) {
      case 0:
        return Cdf.pointMass(rnd.nextBoolean() ? rnd.nextInt(5) * 1e6 : 1 + rnd.nextDouble() * 1e3);
      case 1:
        double p50 = 1 + rnd.nextDouble() * 1e3;
        double p90 = p50 * (1 + rnd.nextDouble() * 3);
        return Cdf.fromPercentiles(p50, p90, p90 * (1 + rnd.nextDouble() * 3));
      case 2:
        // equal percentiles: exp(log(p)) may differ from p by an ulp before compress orders them
        double q = 1 + rnd.nextDouble() * 1e3;
        return rnd.nextBoolean()
            ? Cdf.fromPercentiles(q, q, q * (1 + rnd.nextDouble() * 3))
            : Cdf.fromPercentiles(q, q * 2, q * 2);
      case 3:
        return Cdf.mix(randomCdf(rnd), rnd.nextDouble(), randomCdf(rnd), rnd.nextDouble());
      default:
        WindowedHistogram h = new WindowedHistogram(3_600_000L, 1);
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 3000);
        for (int i = 0; i < n; i++) {
          h.record((long) Math.exp(rnd.nextGaussian() * 1.5 + 6));
        }
        h.endSlice();
        return h.cdf(rnd.nextBoolean() ? 1e6 : 1e3);
    }
  }

  /**
   * The mixture's points as a sort of the breakpoints, searched lookups and quantiles give, kept
   * ascending as every Cdf's are.
   */
  private static double[] referenceMix(Cdf a, double wa, Cdf b, double wb) {
    double[] union = new double[a.xs.length + b.xs.length];
    System.arraycopy(a.xs, 0, union, 0, a.xs.length);
    System.arraycopy(b.xs, 0, union, a.xs.length, b.xs.length);
    java.util.Arrays.sort(union);
    double[] x = new double[2 * union.length];
    double[] p = new double[x.length];
    double w = wa + wb;
    for (int i = 0; i < union.length; i++) {
      double left = Math.nextDown(union[i]);
      x[2 * i] = union[i];
      p[2 * i] = (wa * a.at(left) + wb * b.at(left)) / w;
      x[2 * i + 1] = union[i];
      p[2 * i + 1] = (wa * a.at(union[i]) + wb * b.at(union[i])) / w;
    }
    p[0] = 0;
    p[p.length - 1] = 1;
    double[] out = new double[Cdf.GRID.length];
    for (int g = 0; g < out.length; g++) {
      out[g] = searchedQuantile(x, p, Cdf.GRID[g]);
      if (g > 0 && out[g] < out[g - 1]) {
        out[g] = out[g - 1]; // every Cdf's points ascend
      }
    }
    return out;
  }

  private static double searchedQuantile(double[] xs, double[] ps, double q) {
    int n = ps.length;
    if (q <= ps[0]) {
      return xs[0];
    }
    if (q >= 1) {
      return xs[n - 1];
    }
    int lo = 0;
    int hi = n - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (ps[mid] < q) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double span = ps[hi] - ps[lo];
    return span <= 0 ? xs[hi] : xs[lo] + (xs[hi] - xs[lo]) * (q - ps[lo]) / span;
  }
}
