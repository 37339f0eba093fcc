package io.tierpilot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event loop against queueing theory: M/M/4 with λ = 3.2/s and mean service 1 s (ρ = 0.8).
 * Erlang C gives P(wait) = 0.596432 and a mean wait Wq = 0.745541 s. One million customers; the
 * mean wait must fall within the 95% batch-means confidence interval.
 */
class ErlangCTest {
  static final double ERLANG_C_WQ = 0.745541;
  static final double ERLANG_C_PW = 0.596432;

  static Scenario mm4(int requests, long seed) {
    return new Scenario(
        List.of(WorkloadSpec.parse("poisson:rate=3.2,requests=" + requests)),
        new WorkloadOptions(false, seed),
        SloClassSpec.parse("all=1:1h:standard"),
        ProviderSpec.load("mmc:servers=4,service=exp:1s"),
        "mmc:servers=4,service=exp:1s",
        seed,
        null,
        Scenario.DEFAULT_MODEL,
        Scenario.DEFAULT_MAX_TOKENS,
        TierPrices.fromStandard(0.15, 0.6),
        null,
        0.99,
        List.of("static-standard"));
  }

  @Test
  void meanWaitMatchesErlangC() throws Exception {
    int n = 1_000_000;
    int warmUp = 10_000;
    int batches = 20;
    Simulation sim = new Simulation(mm4(n, 42), "static-standard", null);
    double[] sums = new double[batches];
    long[] counts = new long[batches];
    long[] seen = {0};
    long[] waited = {0};
    int perBatch = (n - warmUp) / batches;
    sim.observeWaits(
        w -> {
          long i = seen[0]++;
          if (i < warmUp) {
            return;
          }
          if (w > 0) {
            waited[0]++;
          }
          int b = (int) Math.min(batches - 1, (i - warmUp) / perBatch);
          sums[b] += w / 1e9;
          counts[b]++;
        });
    sim.run();
    assertEquals(n, seen[0]);
    double mean = 0;
    double[] means = new double[batches];
    for (int b = 0; b < batches; b++) {
      means[b] = sums[b] / counts[b];
      mean += means[b] / batches;
    }
    double var = 0;
    for (double m : means) {
      var += (m - mean) * (m - mean) / (batches - 1);
    }
    double halfWidth = 2.093 * Math.sqrt(var / batches); // t(0.975, 19 degrees of freedom)
    assertTrue(
        Math.abs(mean - ERLANG_C_WQ) <= halfWidth,
        "mean wait " + mean + " +/- " + halfWidth + " vs Erlang C " + ERLANG_C_WQ);
    assertTrue(halfWidth < 0.03, "the interval is tight enough to mean something: " + halfWidth);
    double pWait = (double) waited[0] / (n - warmUp);
    assertEquals(ERLANG_C_PW, pWait, 0.01, "P(wait)");
  }
}
