package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.HdrHistogram.Histogram;
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
      Histogram h = new Histogram(3_600_000L, 2);
      int n = 1 + rnd.nextInt(round % 3 == 0 ? 3 : 2000);
      for (int i = 0; i < n; i++) {
        h.recordValue((long) Math.exp(rnd.nextGaussian() * 1.5 + 6));
      }
      Cdf c = Cdf.fromHistogram(h, 1e6);
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
    Histogram h = new Histogram(1, 1_000_000, 2);
    Random r = new Random(7);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 + r.nextInt(9000);
      h.recordValue((long) values[i]);
    }
    java.util.Arrays.sort(values);
    Cdf c = Cdf.fromHistogram(h, 2.0);
    for (double p : new double[] {0.1, 0.5, 0.9, 0.99}) {
      double expected = values[(int) (p * values.length)] * 2.0;
      assertEquals(expected, c.quantile(p), expected * 0.02, "quantile " + p);
    }
    assertNull(Cdf.fromHistogram(new Histogram(1, 1000, 2), 1.0));
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
}
