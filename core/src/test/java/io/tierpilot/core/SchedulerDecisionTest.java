package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions on a fake ticker: the numbered behaviours of the core issue. */
class SchedulerDecisionTest {
  private static final Duration GAP = Duration.ofMillis(200);

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void coldStartUsesThePriors() {
    TierScheduler s = Fixtures.builder(ticker).build();
    Decision batch = s.decide(Fixtures.request(s, "batch"));
    assertEquals(Tier.FLEX, batch.tier());
    assertEquals(ReasonCode.CHEAPEST_MEETING_TARGET, batch.reason());
    // The default Flex prior (TTFT p99 15 s) cannot promise a 10 s deadline.
    Decision interactive = s.decide(Fixtures.request(s, "interactive"));
    assertNotEquals(Tier.FLEX, interactive.tier());
    assertTrue(interactive.probability(Tier.FLEX) < interactive.probability(Tier.PRIORITY));
    for (Tier t : new Tier[] {Tier.FLEX, Tier.STANDARD, Tier.PRIORITY}) {
      assertTrue(interactive.probability(t) >= 0 && interactive.probability(t) <= 1);
      assertTrue(interactive.expectedCostUsd(t) > 0);
    }
    assertTrue(Double.isNaN(interactive.probability(Tier.RESERVED)), "not supported");
  }

  @Test
  void chosenTierIsTheCheapestMeetingTheTarget() {
    TierScheduler s = Fixtures.builder(ticker).build();
    World w = new World(ticker, s, 1);
    w.run("standard", 500, GAP);
    Decision d = s.decide(Fixtures.request(s, "standard"));
    assertEquals(Tier.FLEX, d.tier());
    assertTrue(d.chosenProbability() >= 0.99);
    assertTrue(d.expectedCostUsd(Tier.FLEX) < d.expectedCostUsd(Tier.STANDARD));
    assertTrue(d.expectedCostUsd(Tier.STANDARD) < d.expectedCostUsd(Tier.PRIORITY));
    assertTrue(d.toString().contains("flex: p="), d.toString());
  }

  @Test
  void aTierWhoseLatencyTriplesLosesTrafficWithinOneWindow() {
    // window 5 min in 10 slices; a 7 s deadline that a healthy Flex meets and a slow one does not
    SloClass tight =
        SloClass.newBuilder("tight").target(0.99).deadline(Duration.ofSeconds(7)).build();
    TierScheduler s =
        TierScheduler.newBuilder()
            .ticker(ticker)
            .model(Fixtures.model())
            .sloClass(tight)
            .sloClass(Fixtures.batch())
            .explorationShare(0)
            .build();
    World w = new World(ticker, s, 2);
    s.sloClass("tight");
    warmUp(s, w);
    Map<Tier, Integer> before = w.run("tight", 3000, GAP); // 10 minutes
    assertTrue(
        before.getOrDefault(Tier.FLEX, 0) > 2500, "healthy Flex takes the traffic: " + before);

    World.TierBehaviour flex = w.tiers.get(Tier.FLEX);
    flex.ttftMedianMillis *= 3;
    flex.perTokenMillis *= 3;
    w.run("tight", 1500, GAP); // one window (5 minutes)
    Map<Tier, Integer> after = w.run("tight", 300, GAP);
    assertEquals(0, after.getOrDefault(Tier.FLEX, 0), "slow Flex gets no traffic: " + after);
  }

  @Test
  void aThrottlingFlexPushesTightDeadlinesToStandardButNotLooseOnes() {
    SloClass tight =
        SloClass.newBuilder("tight").target(0.99).deadline(Duration.ofSeconds(5)).build();
    TierScheduler s = Fixtures.builder(ticker).sloClass(tight).build();
    World w = new World(ticker, s, 3);
    w.throttleDelayNanos = 2_000_000_000L; // a throttled Flex attempt burns two seconds
    warmUp(s, w);
    w.run("tight", 1000, GAP);
    assertEquals(Tier.FLEX, s.decide(Fixtures.request(s, "tight")).tier());

    w.tiers.get(Tier.FLEX).throttle = 0.4;
    w.run("batch", 2000, GAP); // batch keeps using Flex and learns its throttles
    Decision interactive = s.decide(Fixtures.request(s, "tight"));
    assertEquals(Tier.STANDARD, interactive.tier(), interactive.toString());
    assertTrue(interactive.probability(Tier.FLEX) < 0.99);
    Decision batch = s.decide(Fixtures.request(s, "batch"));
    assertEquals(Tier.FLEX, batch.tier(), "30 minutes leave room for retries: " + batch);
  }

  @Test
  void reDecisionEscalatesOnlyWhenTheRemainingDeadlineNeedsIt() {
    // a throttled attempt burns two seconds (queued, then rejected)
    Duration burn = Duration.ofSeconds(2);
    TierScheduler s = World.withMatchingPriors(Fixtures.builder(ticker), burn).build();
    World w = new World(ticker, s, 4);
    w.throttleDelayNanos = burn.toNanos();
    w.run("interactive", 1500, GAP);

    // 4.5 s left: Flex alone would do, but not a Flex that just throttled
    TierRequest tight =
        s.newRequest(Fixtures.MODEL)
            .inputTokens(1000)
            .sloClass("interactive")
            .deadlineAfter(Duration.ofMillis(4500))
            .build();
    Decision first = s.decide(tight);
    assertEquals(Tier.FLEX, first.tier(), first.toString());
    s.recordThrottle(first, burn.toNanos());
    Attempts afterFlex = Attempts.none().afterThrottle(Tier.FLEX);
    Decision second = s.decide(tight, afterFlex);
    assertEquals(Tier.STANDARD, second.tier(), second.toString());
    assertTrue(second.probability(Tier.FLEX) < first.probability(Tier.FLEX));
    assertEquals(2, second.attempt());
    s.recordThrottle(second, burn.toNanos());
    Decision third = s.decide(tight, afterFlex.afterThrottle(second.tier()));
    assertEquals(Tier.PRIORITY, third.tier(), third.toString());

    // 30 minutes left: a throttle changes nothing
    TierRequest loose = Fixtures.request(s, "batch");
    Decision l1 = s.decide(loose);
    assertEquals(Tier.FLEX, l1.tier());
    s.recordThrottle(l1, 100_000_000L);
    Decision l2 = s.decide(loose, Attempts.none().afterThrottle(Tier.FLEX));
    assertEquals(Tier.FLEX, l2.tier(), "no need to escalate with 30 minutes left");
  }

  @Test
  void anUnsupportedTierIsNeverChosenAgain() {
    TierScheduler s = Fixtures.builder(ticker).build();
    TierRequest r = Fixtures.request(s, "batch");
    Decision d = s.decide(r);
    assertEquals(Tier.FLEX, d.tier());
    assertTrue(s.recordUnsupported(d));
    assertFalse(s.recordUnsupported(d), "already marked");
    assertFalse(s.supportedTiers(Fixtures.MODEL).contains(Tier.FLEX));
    for (int i = 0; i < 100; i++) {
      Decision again = s.decide(Fixtures.request(s, "batch"), Attempts.none().afterAttempt());
      assertEquals(Tier.STANDARD, again.tier());
      assertTrue(Double.isNaN(again.probability(Tier.FLEX)));
    }
    s.recordUnsupported(s.decide(r));
    s.recordUnsupported(s.decide(r));
    Decision none = s.decide(r);
    assertEquals(ReasonCode.NO_SUPPORTED_TIER, none.reason());
    assertNull(none.tier());
  }

  @Test
  void aPassedDeadlineIsNotACall() {
    TierScheduler s = Fixtures.builder(ticker).build();
    TierRequest r =
        s.newRequest(Fixtures.MODEL).inputTokens(10).deadlineAfter(Duration.ofSeconds(1)).build();
    ticker.advance(Duration.ofSeconds(1));
    Decision d = s.decide(r);
    assertEquals(ReasonCode.DEADLINE_EXCEEDED, d.reason());
    assertFalse(d.isCall());
    assertNull(d.tier());
    assertThrows(IllegalArgumentException.class, () -> s.recordThrottle(d, 0));
  }

  @Test
  void attemptsAreBounded() {
    TierScheduler s = Fixtures.builder(ticker).maxAttempts(2).build();
    TierRequest r = Fixtures.request(s, "batch");
    Attempts a = Attempts.none().afterThrottle(Tier.FLEX).afterThrottle(Tier.FLEX);
    assertEquals(ReasonCode.ATTEMPTS_EXHAUSTED, s.decide(r, a).reason());
  }

  @Test
  void theClassDefaultDeadlineCountsFromArrival() {
    TierScheduler s = Fixtures.builder(ticker).build();
    TierRequest r = Fixtures.request(s, "interactive"); // 10 s from arrival
    ticker.advance(Duration.ofSeconds(9));
    Decision d = s.decide(r);
    assertEquals(Duration.ofSeconds(1).toNanos(), d.remainingNanos());
    ticker.advance(Duration.ofSeconds(1));
    assertEquals(ReasonCode.DEADLINE_EXCEEDED, s.decide(r).reason());
  }

  @Test
  void aTtftDeadlineLowersTheProbability() {
    TierScheduler s = Fixtures.builder(ticker).build();
    World w = new World(ticker, s, 5);
    w.run("standard", 1000, GAP);
    TierRequest plain = Fixtures.request(s, "standard");
    TierRequest streaming =
        s.newRequest(Fixtures.MODEL)
            .inputTokens(1000)
            .sloClass("standard")
            .ttftDeadlineAfter(Duration.ofMillis(500))
            .build();
    Decision a = s.decide(plain);
    Decision b = s.decide(streaming);
    assertTrue(b.probability(Tier.FLEX) < a.probability(Tier.FLEX) - 0.2, b.toString());
    assertTrue(b.probability(Tier.PRIORITY) > b.probability(Tier.FLEX), b.toString());
  }

  @Test
  void theOutputLengthPredictorLearnsPerClassAndHintsOverrideIt() {
    TierScheduler s = Fixtures.builder(ticker).build();
    World w = new World(ticker, s, 6);
    w.outputTokens = 100;
    w.run("standard", 1000, GAP);
    Decision shortOut = s.decide(Fixtures.request(s, "interactive"));
    w.outputTokens = 1200; // 0.6 to 1.8 k tokens at 10 ms: 6 to 18 s
    w.run("interactive", 1500, GAP);
    Decision longOut = s.decide(Fixtures.request(s, "interactive"));
    assertTrue(
        longOut.probability(Tier.STANDARD) < shortOut.probability(Tier.STANDARD) - 0.1,
        shortOut + " / " + longOut);
    assertTrue(
        longOut.expectedCostUsd(Tier.STANDARD) > 2 * shortOut.expectedCostUsd(Tier.STANDARD));

    TierRequest hinted =
        s.newRequest(Fixtures.MODEL)
            .inputTokens(1000)
            .sloClass("interactive")
            .outputTokensHint(50)
            .build();
    assertTrue(s.decide(hinted).probability(Tier.STANDARD) > 0.99);
    TierRequest capped =
        s.newRequest(Fixtures.MODEL)
            .inputTokens(1000)
            .maxTokens(100)
            .sloClass("interactive")
            .build();
    assertTrue(s.decide(capped).probability(Tier.STANDARD) > 0.99);
  }

  @Test
  void spendIsChargedAtTheServedTierAndMismatchesAreCounted() {
    TierScheduler s = Fixtures.builder(ticker).build();
    Decision d = s.decide(Fixtures.request(s, "batch"));
    assertEquals(Tier.FLEX, d.tier());
    s.recordSuccess(d, Tier.STANDARD, 2_000_000_000L, -1, 1_000_000, 1_000_000);
    ticker.advance(Duration.ofSeconds(30)); // one slice: the window takes the sample
    SchedulerSnapshot snap = s.snapshot();
    assertEquals(0.75, snap.spentTotalUsd(), 1e-6, "Standard price, not Flex");
    TierSnapshot flex = tier(snap, Tier.FLEX);
    assertEquals(1, flex.servedTierMismatches());
    assertEquals(0.75, tier(snap, Tier.STANDARD).spendUsd(), 1e-6);
    assertEquals(1, tier(snap, Tier.STANDARD).windowSamples(), "learned for the served tier");
  }

  @Test
  void snapshotsGiveTheWindowsLatencyPercentilesAsOfTheLastSliceEnd() {
    TierScheduler s = Fixtures.builder(ticker).build();
    assertTrue(Double.isNaN(tier(s.snapshot(), Tier.STANDARD).latencyP50Millis()), "no calls");
    // 100 calls of 1, 2, ..., 100 seconds, all served by Standard
    for (int i = 1; i <= 100; i++) {
      Decision d = s.decide(Fixtures.request(s, "batch"));
      s.recordSuccess(d, Tier.STANDARD, i * 1_000_000_000L, -1, 1000, 100);
    }
    assertTrue(
        Double.isNaN(tier(s.snapshot(), Tier.STANDARD).latencyP50Millis()),
        "the window takes the calls at the slice end");
    ticker.advance(Duration.ofSeconds(30));
    TierSnapshot standard = tier(s.snapshot(), Tier.STANDARD);
    // two significant digits: buckets of 1% or less around these values
    assertEquals(50_000, standard.latencyP50Millis(), 1_000);
    assertEquals(90_000, standard.latencyP90Millis(), 1_000);
    assertEquals(99_000, standard.latencyP99Millis(), 1_000);
    assertTrue(Double.isNaN(tier(s.snapshot(), Tier.PRIORITY).latencyP50Millis()));
  }

  @Test
  void reservedIsRecognisedAndChosenWhenConfigured() {
    ModelConfig m =
        ModelConfig.newBuilder("reserved-model")
            .prices(TierPrices.fromStandard(1, 2))
            .tiers(Tier.RESERVED, Tier.STANDARD)
            .build();
    TierScheduler s =
        TierScheduler.newBuilder().ticker(ticker).model(m).explorationShare(0).build();
    Decision d =
        s.decide(
            s.newRequest("reserved-model")
                .inputTokens(10)
                .sloClass("business-noncritical")
                .build());
    assertEquals(Tier.RESERVED, d.tier(), "prepaid capacity costs nothing more");
  }

  @Test
  void unknownModelsAndClassesAreClearErrors() {
    TierScheduler s = Fixtures.builder(ticker).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.decide(s.newRequest("nope").build()));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.decide(s.newRequest(Fixtures.MODEL).sloClass("gold").build()));
    assertTrue(e.getMessage().contains("'gold'"), e.getMessage());

    TierScheduler open =
        TierScheduler.newBuilder()
            .ticker(ticker)
            .defaultPrices(TierPrices.fromStandard(1, 1))
            .build();
    Decision d = open.decide(open.newRequest("any.model").inputTokens(5).build());
    assertTrue(d.isCall());
    assertEquals("business-standard", d.sloClass(), "the default class");
  }

  @Test
  void decisionsAreDeterministicOnVirtualTime() {
    assertEquals(trace(11), trace(11));
    assertNotEquals(trace(11), trace(12));
  }

  private List<String> trace(long worldSeed) {
    FakeTicker t = new FakeTicker();
    TierScheduler s = Fixtures.builder(t).build();
    World w = new World(t, s, worldSeed);
    w.tiers.get(Tier.FLEX).throttle = 0.2;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      out.add(w.step(i % 3 == 0 ? "interactive" : "standard", GAP).toString());
    }
    return out;
  }

  @Test
  void listenersSeeEveryDecisionAndOutcomeAndCannotBreakScheduling() {
    List<Object> seen = new ArrayList<>();
    SchedulerListener l =
        new SchedulerListener() {
          @Override
          public void onDecision(Decision d) {
            seen.add(d.reason());
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onOutcome(Outcome o) {
            seen.add(o.kind());
            throw new IllegalStateException("listener bug");
          }
        };
    TierScheduler s = Fixtures.builder(ticker).listener(l).build();
    Decision d = s.decide(Fixtures.request(s, "batch"));
    s.recordThrottle(d, 5);
    s.recordSuccess(d, Tier.FLEX, 10, 5, 1, 1);
    assertEquals(
        List.of(ReasonCode.CHEAPEST_MEETING_TARGET, Outcome.Kind.THROTTLED, Outcome.Kind.SUCCESS),
        seen);
  }

  @Test
  void recordingValidatesItsArguments() {
    TierScheduler s = Fixtures.builder(ticker).build();
    Decision d = s.decide(Fixtures.request(s, "batch"));
    assertThrows(IllegalArgumentException.class, () -> s.recordSuccess(d, Tier.FLEX, -1, -1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.recordSuccess(d, Tier.FLEX, 10, 11, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.recordSuccess(d, Tier.FLEX, 10, 5, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.recordThrottle(d, -5));
    assertThrows(NullPointerException.class, () -> s.recordSuccess(d, null, 10, 5, 1, 1));
  }

  /**
   * Loose-deadline traffic that any tier can serve, so that every tier's estimate comes from
   * observations rather than its prior (the default Flex prior is pessimistic on purpose).
   */
  static void warmUp(TierScheduler s, World w) {
    w.run("batch", 1500, GAP);
    assertTrue(
        DecisionTestSupport.samples(s, Tier.FLEX) > 500, "batch traffic taught the Flex estimate");
  }

  static TierSnapshot tier(SchedulerSnapshot snap, Tier tier) {
    return snap.tiers().stream().filter(t -> t.tier() == tier).findFirst().orElseThrow();
  }

  @Test
  void aRejectedFailureOrTimeoutRecordCountsNoMiss() {
    TierScheduler s = Fixtures.builder(ticker).build();
    for (int i = 0; i < 300; i++) {
      Decision d = s.decide(Fixtures.request(s, "batch"));
      assertThrows(IllegalArgumentException.class, () -> s.recordFailure(d, -1));
      assertThrows(IllegalArgumentException.class, () -> s.recordTimeout(d, -1));
      s.recordSuccess(d, d.tier(), 1_000_000_000L, 100_000_000L, 1000, 100);
    }
    ticker.advance(Duration.ofSeconds(31)); // a slice ends: the error budget reads the window
    double b = s.decide(Fixtures.request(s, "batch")).errorBudget();
    assertTrue(b > 1, "300 met requests and no miss spend budget: b = " + b);
  }
}
