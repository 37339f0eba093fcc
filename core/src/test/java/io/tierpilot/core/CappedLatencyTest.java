package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A request whose {@code maxTokens} caps the longer output strata is priced from the table's
 * partial sums: the result matches the direct sum over every stratum and per-token stratum to
 * within the table's interpolation on its 48-point grid.
 */
class CappedLatencyTest {
  private static double direct(TierEstimate e, OutputEstimate out, long maxTokens, double d) {
    double p = 0;
    for (int j = 0; j < OutputEstimate.STRATA; j++) {
      p += out.weights[j] * e.givenOutput(Math.min(out.points[j], maxTokens), d);
    }
    return Math.min(1, p);
  }

  @Test
  void cappedRequestsMatchTheDirectSum() {
    Cdf ttft = Cdf.fromPercentiles(0.4e9, 1.5e9, 6e9);
    Cdf perToken = Cdf.fromPercentiles(8e6, 10e6, 13e6);
    OutputEstimate out = new OutputEstimate(Cdf.fromPercentiles(200, 700, 2000), 100);
    TierEstimate e =
        new TierEstimate(ttft, perToken, 0.01, 0.001, 1e8, 100, 100, new OutputEstimate[] {out});
    int checked = 0;
    for (long cap : new long[] {50, 150, 400, 900, 1500}) {
      assertTrue(cap < out.largestPoint());
      for (double d = 0.2e9; d < 40e9; d *= 1.13) {
        double exact = direct(e, out, cap, d);
        double fast = e.latencyCdf(0, cap, -1, d);
        assertEquals(exact, fast, 0.005, "cap " + cap + ", deadline " + d / 1e9 + " s");
        checked++;
      }
    }
    assertTrue(checked > 150);
    // uncapped requests keep using the full table, which the partial sums end in
    double d = 5e9;
    assertEquals(
        e.latencyCdf(0, Long.MAX_VALUE / 2, -1, d),
        e.latencyCdf(0, (long) out.largestPoint() + 1, -1, d),
        0.0);
  }
}
