package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The latest slices weigh more in the time to first token: a drained queue's tail fades fast. */
class RecentWeightTest {
  private static final Duration GAP = Duration.ofMillis(200);

  /** Flex's probability for a 10-second class 90 s after a 3-minute burst of queueing on Flex. */
  private static double flexAfterTheQueue(double recentWeight) {
    FakeTicker ticker = new FakeTicker();
    SloClass web = SloClass.newBuilder("web").target(0.99).deadline(Duration.ofSeconds(10)).build();
    // a class that always goes to Flex, so that its estimate sees the queue build and drain
    SloClass feed = SloClass.newBuilder("feed").target(0.5).deadline(Duration.ofHours(1)).build();
    TierScheduler s =
        World.withMatchingPriors(
                TierScheduler.newBuilder()
                    .ticker(ticker)
                    .model(Fixtures.model())
                    .sloClass(web)
                    .sloClass(feed)
                    .explorationShare(0)
                    .recentWeight(recentWeight),
                Duration.ofMillis(100))
            .build();
    World world = new World(ticker, s, 5);
    World.TierBehaviour flex = world.tiers.get(Tier.FLEX);
    flex.ttftMedianMillis = 300;
    feed(world, 600);
    // a burst: for 3 minutes a share of the calls queue (a long tail of first tokens), most not
    flex.ttftMedianMillis = 600;
    flex.ttftSigma = 2.0;
    feed(world, 900);
    flex.ttftMedianMillis = 300; // drained, 90 s ago
    flex.ttftSigma = 0.3;
    feed(world, 450);
    TierRequest r =
        s.newRequest(Fixtures.MODEL).inputTokens(1000).maxTokens(4096).sloClass("web").build();
    return s.decide(r).probability(Tier.FLEX);
  }

  private static void feed(World world, int n) {
    for (int i = 0; i < n; i++) {
      Decision d = world.step("feed", GAP);
      assertTrue(d.tier() == Tier.FLEX, d.toString());
    }
  }

  @Test
  void theTailOfABurstFadesSoonerWhenTheLatestMinuteWeighsMore() {
    double even = flexAfterTheQueue(1);
    double recent = flexAfterTheQueue(4);
    // measured: 0.937 with the window weighed evenly, 0.960 with the latest minute weighing 4 times
    assertTrue(even < 0.95, "the whole window still remembers the burst: " + even);
    assertTrue(recent > even + 0.015, "the latest minute weighs more: " + recent + " vs " + even);
  }
}
