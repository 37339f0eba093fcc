package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random sequences of requests, re-decisions and outcomes (successes on random served tiers,
 * throttles, failures, timeouts, unsupported tiers, gaps in time), with the engine's invariants
 * checked after every step.
 */
class InvariantPropertyTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void invariantsHoldAfterEveryStep(long seed) {
    Random r = new Random(seed);
    FakeTicker ticker = new FakeTicker();
    TierScheduler.Builder b =
        TierScheduler.newBuilder()
            .ticker(ticker)
            .model(Fixtures.model())
            .sloClass(Fixtures.interactive())
            .sloClass(Fixtures.standard())
            .sloClass(Fixtures.batch())
            .sloClass(
                SloClass.newBuilder("capped")
                    .deadline(Duration.ofSeconds(5))
                    .hardCapRule(SloClass.HardCapRule.REJECT)
                    .build())
            .defaultPrices(TierPrices.fromStandard(0.5, 1.5))
            .window(Duration.ofSeconds(30 + r.nextInt(300)))
            .slices(1 + r.nextInt(12));
    if (r.nextBoolean()) {
      b.budget(Budget.perWindow(0.01 + r.nextDouble(), Duration.ofMinutes(10)).withHardCap(2));
    }
    TierScheduler s = b.explorationShare(r.nextDouble() * 0.2).build();
    String[] classes = {"interactive", "standard", "batch", "capped"};
    String[] models = {Fixtures.MODEL, "other.model-a", "other.model-b"};
    double lastSpend = 0;
    java.util.EnumSet<ReasonCode> seen = java.util.EnumSet.noneOf(ReasonCode.class);

    for (int step = 0; step < 4000; step++) {
      ticker.advanceNanos(
          r.nextInt(100) == 0
              ? Duration.ofMinutes(r.nextInt(20)).toNanos()
              : r.nextInt(500_000_000));
      String model = models[r.nextInt(models.length)];
      TierRequest.Builder rb =
          s.newRequest(model).inputTokens(r.nextInt(20_000)).sloClass(classes[r.nextInt(4)]);
      if (r.nextBoolean()) {
        rb.maxTokens(100 + r.nextInt(4000));
      }
      if (r.nextInt(4) == 0) {
        rb.outputTokensHint(r.nextInt(100));
      }
      if (r.nextInt(5) == 0) {
        rb.ttftDeadlineAfter(Duration.ofMillis(100 + r.nextInt(3000)));
      }
      TierRequest request = rb.build();
      Attempts attempts = Attempts.none();
      for (int k = 0; k < r.nextInt(3); k++) {
        Tier throttled = Tier.values()[r.nextInt(3)];
        attempts =
            r.nextBoolean()
                ? attempts.afterThrottle(throttled)
                : attempts.afterThrottle(throttled, ticker.read() - r.nextInt(60_000) * 1_000_000L);
      }
      if (r.nextInt(10) == 0) {
        ticker.advanceNanos(Duration.ofSeconds(r.nextInt(120)).toNanos()); // decided late
      }
      Set<Tier> supported = s.supportedTiers(model);
      Decision d = s.decide(request, attempts);
      check(d, supported, ticker.read());
      seen.add(d.reason());

      if (d.isCall() && d.delayNanos() == 0) {
        int what = r.nextInt(100);
        long latency = r.nextInt(30_000) * 1_000_000L;
        if (what < 75) {
          Tier served = r.nextInt(20) == 0 ? Tier.values()[r.nextInt(4)] : d.tier();
          long ttft = r.nextBoolean() ? -1 : (long) (latency * r.nextDouble());
          s.recordSuccess(d, served, latency, ttft, r.nextInt(20_000), r.nextInt(3000));
        } else if (what < 90) {
          s.recordThrottle(d, r.nextInt(2_000_000_000));
        } else if (what < 96) {
          s.recordFailure(d, latency);
        } else if (what < 99) {
          s.recordTimeout(d, latency);
        } else {
          s.recordUnsupported(d);
        }
      }
      SchedulerSnapshot snap = s.snapshot();
      assertTrue(snap.spentTotalUsd() >= lastSpend, "spend never decreases");
      assertTrue(
          snap.spentInWindowUsd() >= 0 && snap.spentInWindowUsd() <= snap.spentTotalUsd() + 1e-9);
      assertTrue(snap.pacingMultiplier() >= 1 && snap.pacingMultiplier() <= 10_000 * (1 + 1e-9));
      lastSpend = snap.spentTotalUsd();
      for (TierSnapshot t : snap.tiers()) {
        assertTrue(t.spendUsd() >= 0);
        assertTrue(t.throttleRate() >= 0 && t.throttleRate() <= 1);
      }
    }
    // the sequences reach the interesting branches, so the checks above are not vacuous
    assertTrue(
        seen.containsAll(
            java.util.EnumSet.of(
                ReasonCode.CHEAPEST_MEETING_TARGET,
                ReasonCode.BEST_PROBABILITY,
                ReasonCode.DEFERRED,
                ReasonCode.DEADLINE_EXCEEDED)),
        seen.toString());
  }

  private static void check(Decision d, Set<Tier> supported, long now) {
    String why = d.toString();
    for (Tier t : Tier.values()) {
      double p = d.probability(t);
      if (!supported.contains(t) || !d.isCall() && Double.isNaN(p)) {
        assertTrue(Double.isNaN(p) || supported.contains(t), "unsupported tier evaluated: " + why);
        continue;
      }
      if (!Double.isNaN(p)) {
        assertTrue(p >= 0 && p <= 1, "probability out of [0,1]: " + why);
        assertTrue(d.expectedCostUsd(t) >= 0, "negative cost: " + why);
      }
    }
    if (d.remainingNanos() <= 0) {
      assertEquals(ReasonCode.DEADLINE_EXCEEDED, d.reason(), why);
    }
    if (!d.isCall()) {
      assertEquals(null, d.tier(), why);
      return;
    }
    Tier chosen = d.tier();
    assertTrue(supported.contains(chosen), "chose an unsupported tier: " + why);
    assertTrue(d.remainingNanos() > 0, "a call after the deadline: " + why);
    double pc = d.probability(chosen);
    switch (d.reason()) {
      case CHEAPEST_MEETING_TARGET:
      case PACED:
        assertTrue(pc >= d.effectiveTarget(), "chosen tier misses the target: " + why);
        for (Tier t : cheaperThan(chosen)) {
          if (supported.contains(t)) {
            assertFalse(d.probability(t) >= d.effectiveTarget(), "skipped a cheaper tier: " + why);
          }
        }
        if (d.reason() == ReasonCode.PACED) {
          assertTrue(pc < d.target(), why);
        }
        break;
      case BEST_PROBABILITY:
        for (Tier t : supported) {
          assertTrue(d.probability(t) < d.effectiveTarget(), why);
          // probability is weighed against price, but never for a dominated tier
          assertFalse(
              d.probability(t) > pc && d.expectedCostUsd(t) <= d.expectedCostUsd(chosen),
              "chose a dominated tier: " + why);
        }
        break;
      case EXPLORATION:
        assertTrue(pc >= d.effectiveTarget(), why);
        break;
      case DEFERRED:
        assertTrue(pc >= d.effectiveTarget(), "deferred to a tier that misses the target: " + why);
        assertTrue(d.delayNanos() > 0 && d.delayNanos() < d.remainingNanos(), why);
        break;
      case BUDGET_CAP_DEGRADED:
        for (Tier t : cheaperThan(chosen)) {
          assertFalse(supported.contains(t), "degraded to a tier that is not the cheapest: " + why);
        }
        break;
      default:
        fail("unexpected reason for a call: " + why);
    }
  }

  /** Tiers cheaper than {@code t} under {@link TierPrices#fromStandard} (any token counts). */
  private static Set<Tier> cheaperThan(Tier t) {
    switch (t) {
      case STANDARD:
        return Set.of(Tier.FLEX, Tier.RESERVED);
      case PRIORITY:
        return Set.of(Tier.FLEX, Tier.STANDARD, Tier.RESERVED);
      case FLEX:
        return Set.of(Tier.RESERVED);
      default:
        return Set.of();
    }
  }
}
