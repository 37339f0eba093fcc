package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budget pacing and the hard cap, on a fake ticker. */
class BudgetPacingTest {
  private static final Duration GAP = Duration.ofMillis(200); // 5 requests per second

  /**
   * A world where Flex is slow (TTFT median 7 s), so a 20-second class needs Standard to reach 0.99
   * but reaches about 0.97 on Flex; and an interactive class that needs Standard.
   */
  private static final class Run {
    final FakeTicker ticker = new FakeTicker();
    final TierScheduler scheduler;
    final World world;
    final Map<Tier, Integer> relaxed = new EnumMap<>(Tier.class);
    final Map<Tier, Integer> critical = new EnumMap<>(Tier.class);
    double maxMultiplier = 1;

    Run(Budget budget) {
      this(budget, true, b -> {});
    }

    Run(
        Budget budget,
        boolean refusable,
        java.util.function.Consumer<TierScheduler.Builder> settings) {
      SloClass critical =
          SloClass.newBuilder("critical")
              .target(0.99)
              .deadline(Duration.ofSeconds(10))
              .budgetSensitivity(0)
              .build();
      SloClass relaxed =
          SloClass.newBuilder("relaxed")
              .target(0.99)
              .deadline(Duration.ofSeconds(20))
              .budgetSensitivity(1)
              .hardCapRule(refusable ? SloClass.HardCapRule.REJECT : SloClass.HardCapRule.DEGRADE)
              .build();
      TierScheduler.Builder b =
          World.withMatchingPriors(
              TierScheduler.newBuilder()
                  .ticker(ticker)
                  .model(Fixtures.model())
                  .sloClass(critical)
                  .sloClass(relaxed)
                  .explorationShare(0)
                  .window(Duration.ofMinutes(5))
                  .slices(10),
              Duration.ofMillis(100));
      if (budget != null) {
        b.budget(budget);
      }
      settings.accept(b);
      scheduler = b.build();
      world = new World(ticker, scheduler, 21);
      World.TierBehaviour flex = world.tiers.get(Tier.FLEX);
      flex.ttftMedianMillis = 7000;
      flex.ttftSigma = 0.5;
    }

    void hour() {
      for (int i = 0; i < 18_000; i++) {
        String cls = i % 2 == 0 ? "critical" : "relaxed";
        Decision d = world.step(cls, GAP);
        (i % 2 == 0 ? critical : relaxed).merge(d.tier(), 1, Integer::sum);
        maxMultiplier = Math.max(maxMultiplier, scheduler.pacingMultiplier());
      }
    }
  }

  @Test
  void pacingMovesSpendBackTowardTheTargetAndTheCriticalClassKeepsItsTier() {
    Run unpaced = new Run(null);
    unpaced.hour();
    double free = unpaced.scheduler.snapshot().spentTotalUsd();
    assertTrue(unpaced.relaxed.getOrDefault(Tier.STANDARD, 0) > 8000, unpaced.relaxed.toString());

    double budget = free * 0.8;
    Run paced = new Run(Budget.perWindow(budget, Duration.ofHours(1)));
    paced.hour();
    double spent = paced.scheduler.snapshot().spentTotalUsd();
    assertTrue(paced.maxMultiplier > 1.5, "pacing engaged: " + paced.maxMultiplier);
    assertTrue(spent < free * 0.9, "spend fell from " + free + " to " + spent);
    assertEquals(budget, spent, budget * 0.05, "ends near the budget");
    assertTrue(
        paced.relaxed.getOrDefault(Tier.FLEX, 0) > 3000,
        "the relaxed class moved to Flex: " + paced.relaxed);
    assertEquals(
        unpaced.critical.get(Tier.STANDARD),
        paced.critical.get(Tier.STANDARD),
        "the class with sensitivity 0 is not paced");
  }

  @Test
  void aBudgetBelowTheCheapestTiersRefusesTheSensitiveClassOnly() {
    Run unpaced = new Run(null);
    unpaced.hour();
    double free = unpaced.scheduler.snapshot().spentTotalUsd();
    // the critical class on Standard costs about half of it, the relaxed class on Flex a quarter:
    // 60% is less than the cheapest tiers that keep the critical class at its target would cost
    double budget = free * 0.6;
    Run paced = new Run(Budget.perWindow(budget, Duration.ofHours(1)));
    Map<ReasonCode, Integer> criticalReasons = new EnumMap<>(ReasonCode.class);
    Map<Tier, Integer> criticalTiers = new EnumMap<>(Tier.class);
    int shed = 0;
    int relaxedFlex = 0;
    double lowest = 1;
    for (int i = 0; i < 18_000; i++) {
      boolean critical = i % 2 == 0;
      Decision d = paced.world.step(critical ? "critical" : "relaxed", GAP);
      lowest = Math.min(lowest, paced.scheduler.budgetAdmission());
      if (critical) {
        criticalReasons.merge(d.reason(), 1, Integer::sum);
        criticalTiers.merge(d.tier(), 1, Integer::sum);
      } else if (d.reason() == ReasonCode.BUDGET_SHED) {
        assertNull(d.tier());
        shed++;
      } else if (d.tier() == Tier.FLEX) {
        relaxedFlex++;
      }
    }
    double spent = paced.scheduler.snapshot().spentTotalUsd();
    assertTrue(lowest < 0.5, "admission engaged: " + lowest);
    assertTrue(shed > 3000, "the relaxed class was refused: " + shed);
    assertTrue(relaxedFlex > 2500, "and what was sent went to Flex: " + relaxedFlex);
    assertEquals(null, criticalReasons.get(ReasonCode.BUDGET_SHED), criticalReasons.toString());
    assertEquals(
        unpaced.critical.get(Tier.STANDARD),
        criticalTiers.get(Tier.STANDARD),
        "the class with sensitivity 0 keeps its tier: " + criticalTiers);
    assertEquals(budget, spent, budget * 0.05, "ends near the budget");

    // with refusals turned off, or a class that does not accept them (hard-cap rule degrade), the
    // same budget is kept only as far as cheaper tiers can keep it
    Run never =
        new Run(Budget.perWindow(budget, Duration.ofHours(1)), true, b -> b.maxShedShare(0));
    never.hour();
    assertEquals(1.0, never.scheduler.budgetAdmission(), 1e-12);
    assertTrue(
        never.scheduler.snapshot().spentTotalUsd() > budget * 1.2,
        "over the budget: " + never.scheduler.snapshot().spentTotalUsd());
    Run degrade = new Run(Budget.perWindow(budget, Duration.ofHours(1)), false, b -> {});
    int refused = 0;
    for (int i = 0; i < 18_000; i++) {
      Decision d = degrade.world.step(i % 2 == 0 ? "critical" : "relaxed", GAP);
      if (d.reason() == ReasonCode.BUDGET_SHED) {
        refused++;
      }
    }
    assertEquals(0, refused);
    assertEquals(1.0, degrade.scheduler.budgetAdmission(), 1e-12);
    assertTrue(degrade.scheduler.snapshot().spentTotalUsd() > budget * 1.2);
  }

  @Test
  void aNewBudgetWindowStartsAdmittingAgain() {
    Run paced = new Run(Budget.perWindow(0.05, Duration.ofMinutes(10)));
    // spend the window's budget many times over: admission at its minimum
    for (int i = 0; i < 1500; i++) {
      paced.world.step("relaxed", GAP);
    }
    assertTrue(paced.scheduler.budgetAdmission() < 0.01, "" + paced.scheduler.budgetAdmission());
    // the next window (from minute 10) admits again from its first decision
    paced.ticker.advance(Duration.ofMinutes(6));
    Decision first = paced.world.step("relaxed", GAP);
    assertEquals(1.0, paced.scheduler.budgetAdmission(), 1e-12);
    assertTrue(first.isCall(), first.toString());
  }

  @Test
  void pacingRelaxesWhenSpendFallsBehind() {
    Run paced = new Run(Budget.perWindow(0.5, Duration.ofHours(1)));
    for (int i = 0; i < 3000; i++) {
      paced.world.step("relaxed", GAP);
    }
    double high = paced.scheduler.pacingMultiplier();
    assertTrue(high > 1, "ahead of pace: " + high);
    paced.ticker.advance(Duration.ofMinutes(1));
    // traffic stops, only a trickle for the next 20 minutes: far behind pace
    for (int i = 0; i < 40; i++) {
      paced.world.step("relaxed", Duration.ofSeconds(30));
    }
    assertEquals(1.0, paced.scheduler.pacingMultiplier(), 1e-9);
  }

  @Test
  void theHardCapDegradesOrRejectsPerClass() {
    FakeTicker ticker = new FakeTicker();
    SloClass degrade =
        SloClass.newBuilder("degrade").hardCapRule(SloClass.HardCapRule.DEGRADE).build();
    SloClass reject =
        SloClass.newBuilder("reject")
            .deadline(Duration.ofSeconds(30))
            .hardCapRule(SloClass.HardCapRule.REJECT)
            .build();
    TierScheduler s =
        TierScheduler.newBuilder()
            .ticker(ticker)
            .model(Fixtures.model())
            .sloClass(degrade)
            .sloClass(reject)
            .budget(Budget.perWindow(1.0, Duration.ofHours(1)).withHardCap(1.5))
            .explorationShare(0)
            .build();
    TierRequest r = s.newRequest(Fixtures.MODEL).inputTokens(1000).sloClass("reject").build();
    Decision before = s.decide(r);
    assertTrue(before.isCall());
    s.recordSuccess(before, Tier.PRIORITY, 1_000_000_000L, -1, 2_000_000, 0); // $0.525
    s.recordSuccess(s.decide(r), Tier.PRIORITY, 1_000_000_000L, -1, 2_000_000, 0); // $1.05
    s.recordSuccess(s.decide(r), Tier.PRIORITY, 1_000_000_000L, -1, 2_000_000, 0); // $1.575
    Decision rejected = s.decide(r);
    assertEquals(ReasonCode.BUDGET_CAP_REJECTED, rejected.reason());
    assertNull(rejected.tier());
    Decision degraded =
        s.decide(s.newRequest(Fixtures.MODEL).inputTokens(1000).sloClass("degrade").build());
    assertEquals(ReasonCode.BUDGET_CAP_DEGRADED, degraded.reason());
    assertEquals(Tier.FLEX, degraded.tier());

    ticker.advance(Duration.ofHours(1)); // a new budget window
    Decision next =
        s.decide(s.newRequest(Fixtures.MODEL).inputTokens(1000).sloClass("reject").build());
    assertNotEquals(ReasonCode.BUDGET_CAP_REJECTED, next.reason());
    assertEquals(0.0, s.snapshot().spentInWindowUsd(), 1e-12);
    assertEquals(1.575, s.snapshot().spentTotalUsd(), 1e-6);
  }

  @Test
  void spendIsReportedPerTag() {
    FakeTicker ticker = new FakeTicker();
    TierScheduler s = Fixtures.builder(ticker).build();
    for (String tag : new String[] {"a", "b", "b"}) {
      Decision d =
          s.decide(
              s.newRequest(Fixtures.MODEL)
                  .inputTokens(1_000_000)
                  .sloClass("batch")
                  .tag(tag)
                  .build());
      s.recordSuccess(d, Tier.STANDARD, 1000, -1, 1_000_000, 0);
    }
    Map<String, Double> byTag = s.snapshot().spendByTagUsd();
    assertEquals(0.15, byTag.get("a"), 1e-9);
    assertEquals(0.30, byTag.get("b"), 1e-9);
  }
}
