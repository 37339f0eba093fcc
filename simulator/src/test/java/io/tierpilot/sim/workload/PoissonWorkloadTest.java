package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoissonWorkloadTest {
  private static final WorkloadOptions OPTIONS = WorkloadOptions.defaults();

  @Test
  void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() throws IOException {
    String spec = "poisson:rate=50,requests=2000";
    List<TraceRequest> a = TestTraces.readAll(spec, OPTIONS);
    List<TraceRequest> b = TestTraces.readAll(spec, OPTIONS);
    assertEquals(a.toString(), b.toString());
    List<TraceRequest> c = TestTraces.readAll(spec, OPTIONS.withSeed(OPTIONS.seed() + 1));
    assertNotEquals(a.toString(), c.toString());
    assertEquals(a.size(), c.size());
  }

  @Test
  void producesExactlyTheRequestedNumberStartingAtZero() throws IOException {
    try (Workload w = WorkloadSpec.parse("poisson:rate=5,requests=37,model=m1").open(OPTIONS)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(37, all.size());
      assertEquals(0, all.get(0).arrivalNanos);
      assertTrue(all.stream().allMatch(r -> "m1".equals(r.model)));
      assertTrue(all.stream().allMatch(r -> r.sloClass == null && r.deadlineNanos == -1));
      assertNull(w.next());
      assertEquals(0, w.skipped());
      assertEquals(0, w.failedCalls());
      assertEquals("poisson:rate=5,requests=37,model=m1", w.description());
    }
  }

  @Test
  void interArrivalsAreExponentialAtTheRate() throws IOException {
    double rate = 8;
    int n = 20_000;
    List<TraceRequest> all = TestTraces.readAll("poisson:rate=" + rate + ",requests=" + n, OPTIONS);
    double[] gapsSeconds = new double[n - 1];
    for (int i = 1; i < n; i++) {
      gapsSeconds[i - 1] = (all.get(i).arrivalNanos - all.get(i - 1).arrivalNanos) / 1e9;
    }
    double mean = Arrays.stream(gapsSeconds).average().orElseThrow();
    assertEquals(1 / rate, mean, 0.03 / rate, "mean inter-arrival");
    double variance =
        Arrays.stream(gapsSeconds).map(g -> (g - mean) * (g - mean)).sum() / gapsSeconds.length;
    assertEquals(1.0, Math.sqrt(variance) / mean, 0.05, "coefficient of variation");
  }

  @Test
  void defaultLengthsAreLogNormalWithTheDocumentedMedianAndP99() throws IOException {
    List<TraceRequest> all = TestTraces.readAll("poisson:rate=100,requests=50000", OPTIONS);
    int[] input = all.stream().mapToInt(r -> r.inputTokens).sorted().toArray();
    int[] output = all.stream().mapToInt(r -> r.outputTokens).sorted().toArray();
    assertEquals(1000, input[input.length / 2], 30);
    assertEquals(8000, input[(int) (input.length * 0.99)], 500);
    assertEquals(200, output[output.length / 2], 8);
    assertEquals(1500, output[(int) (output.length * 0.99)], 100);
  }

  @Test
  void lengthsFollowTheGivenDistributions() throws IOException {
    List<TraceRequest> all =
        TestTraces.readAll(
            "poisson:rate=100,requests=20000,input=uniform:10:14,output=exp:50", OPTIONS);
    int[] counts = new int[15];
    for (TraceRequest r : all) {
      assertTrue(r.inputTokens >= 10 && r.inputTokens <= 14, "input " + r.inputTokens);
      counts[r.inputTokens]++;
    }
    for (int v = 10; v <= 14; v++) {
      assertEquals(0.2, counts[v] / 20_000.0, 0.015, "share of " + v);
    }
    double meanOutput = all.stream().mapToInt(r -> r.outputTokens).average().orElseThrow();
    assertEquals(50, meanOutput, 1.5);
    List<TraceRequest> fixed =
        TestTraces.readAll("poisson:rate=1,requests=10,input=128,output=0", OPTIONS);
    assertTrue(fixed.stream().allMatch(r -> r.inputTokens == 128 && r.outputTokens == 0));
  }
}
