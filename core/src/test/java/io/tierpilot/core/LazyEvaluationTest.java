package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A decision stops at the first tier that reaches the target and evaluates the dearer ones only
 * when they are read: the values it then gives are exactly those of a full evaluation.
 */
class LazyEvaluationTest {
  private static final Tier[] TIERS = {Tier.FLEX, Tier.STANDARD, Tier.PRIORITY};

  private final FakeTicker ticker = new FakeTicker();

  /** Two classes alike but for the target, after a warm-up that gives every tier its estimates. */
  private TierScheduler warmed() {
    TierScheduler s =
        Fixtures.builder(ticker)
            .sloClass(
                SloClass.newBuilder("lax").target(0.5).deadline(Duration.ofSeconds(20)).build())
            .sloClass(
                SloClass.newBuilder("strict")
                    .target(0.999999)
                    .deadline(Duration.ofSeconds(20))
                    .build())
            .build();
    World w = new World(ticker, s, 7);
    w.tiers.get(Tier.FLEX).throttle = 0.05;
    w.run("standard", 600, Duration.ofMillis(200));
    return s;
  }

  private static TierRequest request(TierScheduler s, String cls) {
    return s.newRequest(Fixtures.MODEL).inputTokens(1000).maxTokens(4096).sloClass(cls).build();
  }

  @Test
  void theTiersLeftOutGiveExactlyWhatAFullEvaluationGives() {
    TierScheduler s = warmed();
    Decision lax = s.decide(request(s, "lax"));
    Decision strict = s.decide(request(s, "strict"));
    assertEquals(Tier.FLEX, lax.tier());
    assertNotEquals(0, lax.pending, "the dearer tiers were left out");
    // no tier reaches the strict target, so its decision evaluated every tier at once
    assertEquals(ReasonCode.BEST_PROBABILITY, strict.reason(), strict.toString());
    assertEquals(0, strict.pending);
    for (Tier t : TIERS) {
      assertEquals(strict.probability(t), lax.probability(t), 0.0, t.toString());
      assertEquals(strict.expectedCostUsd(t), lax.expectedCostUsd(t), 0.0, t.toString());
    }
    assertEquals(0, lax.pending);
    assertTrue(lax.toString().contains("priority: p="), lax.toString());
  }

  @Test
  void threadsReadingTheSameDecisionSeeOneEvaluation() throws Exception {
    TierScheduler s = warmed();
    double expected = s.decide(request(s, "strict")).probability(Tier.PRIORITY);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        Decision lax = s.decide(request(s, "lax"));
        assertNotEquals(0, lax.pending);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Double>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          reads.add(
              pool.submit(
                  () -> {
                    start.await();
                    return lax.probability(Tier.PRIORITY);
                  }));
        }
        start.countDown();
        for (Future<Double> f : reads) {
          assertEquals(expected, f.get(), 0.0);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
