package io.tierpilot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The SSJ baseline is the queue it claims to be: M/M/4 with λ = 3.2/s and μ = 1/s, whose mean wait
 * is 0.745541 s and probability of waiting 0.596432 (Erlang C), the figures the simulator's own
 * check uses.
 */
class SsjMmcTest {

  @Test
  void mm4MatchesErlangC() {
    SsjMmc q = new SsjMmc(4, 3.2, 1.0, 1_000_000).run();
    assertEquals(1_000_000, q.departed());
    assertEquals(0.745541, q.meanWait(), 0.05, "mean wait");
    assertEquals(0.596432, q.waitProbability(), 0.01, "P(wait)");
  }

  @Test
  void aLightlyLoadedQueueRarelyWaits() {
    SsjMmc q = new SsjMmc(4, 0.4, 1.0, 200_000).run();
    // ρ = 0.1: Erlang C gives P(wait) ≈ 0.0008
    assertEquals(0.0008, q.waitProbability(), 0.001);
  }
}
