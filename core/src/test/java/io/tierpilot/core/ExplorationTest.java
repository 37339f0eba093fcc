package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExplorationTest {
  private static final Duration GAP = Duration.ofMillis(200);

  @Test
  void explorationKeepsStaleTiersFreshOnlyWhenTheDeadlineAllows() {
    FakeTicker ticker = new FakeTicker();
    TierScheduler s =
        World.withMatchingPriors(
                TierScheduler.newBuilder()
                    .ticker(ticker)
                    .model(Fixtures.model())
                    .sloClass(Fixtures.batch())
                    .sloClass(
                        SloClass.newBuilder("impossible").deadline(Duration.ofMillis(1500)).build())
                    .explorationShare(0.05)
                    .minFreshSamples(20),
                Duration.ofMillis(100))
            .build();
    World w = new World(ticker, s, 9);
    int explored = 0;
    int total = 6000;
    for (int i = 0; i < total; i++) {
      Decision d = w.step("batch", GAP);
      if (d.reason() == ReasonCode.EXPLORATION) {
        explored++;
        assertTrue(d.chosenProbability() >= d.effectiveTarget(), d.toString());
      }
    }
    // stale tiers were explored, but never more than the share
    assertTrue(explored > 0);
    assertTrue(explored <= total * 0.05 * 1.3, "explored " + explored);
    SchedulerSnapshot snap = s.snapshot();
    assertTrue(SchedulerDecisionTest.tier(snap, Tier.PRIORITY).windowSamples() > 0);
    assertTrue(SchedulerDecisionTest.tier(snap, Tier.STANDARD).windowSamples() > 0);

    // a deadline no tier can promise explores nothing: the best tier, every time
    for (int i = 0; i < 500; i++) {
      Decision d = w.step("impossible", GAP);
      assertEquals(ReasonCode.BEST_PROBABILITY, d.reason(), d.toString());
    }
  }

  @Test
  void noExplorationWhenTheShareIsZero() {
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = Fixtures.builder(ticker).build();
    World w = new World(ticker, s, 10);
    for (int i = 0; i < 2000; i++) {
      assertTrue(w.step("batch", GAP).reason() != ReasonCode.EXPLORATION);
    }
  }
}
