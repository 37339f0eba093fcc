package io.tierpilot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.Decision;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.ReasonCode;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The baseline decides as the scheduler does, learns from outcomes and dispatches exactly once. */
class BaselineSchedulerTest {
  private static final String MODEL = "m";
  private static final long SECOND = 1_000_000_000L;

  private final BenchTicker ticker = new BenchTicker(1_000 * SECOND);
  private final BaselineScheduler baseline =
      new BaselineScheduler(
          ticker,
          SloClass.awsCategories(),
          List.of(ModelConfig.newBuilder(MODEL).prices(TierPrices.fromStandard(0.15, 0.6)).build()),
          8,
          16);

  private TierRequest request(String cls, Duration left) {
    return TierRequest.newBuilder(MODEL)
        .arrivalNanos(ticker.read())
        .deadlineNanos(ticker.read() + left.toNanos())
        .sloClass(cls)
        .inputTokens(1000)
        .tag("t")
        .build();
  }

  @Test
  void aLooseDeadlineGoesToFlex() {
    BaselineDecision d =
        baseline.decide(request("business-noncritical", Duration.ofMinutes(30)), Attempts.none());
    assertEquals(Tier.FLEX, d.tier(), d.toString());
    assertEquals(ReasonCode.CHEAPEST_MEETING_TARGET, d.reason());
    assertTrue(d.probability(Tier.FLEX) >= 0.95, d.toString());
    assertTrue(d.expectedCostUsd(Tier.FLEX) < d.expectedCostUsd(Tier.STANDARD), d.toString());
  }

  @Test
  void aTightDeadlineAvoidsFlex() {
    BaselineDecision d =
        baseline.decide(request("mission-critical", Duration.ofSeconds(3)), Attempts.none());
    assertTrue(d.isCall());
    assertNotEquals(Tier.FLEX, d.tier(), d.toString());
    assertTrue(d.probability(Tier.FLEX) < d.probability(d.tier()), d.toString());
  }

  @Test
  void noCallWhenTheDeadlinePassedOrTheAttemptsAreUsedUp() {
    TierRequest r = request("mission-critical", Duration.ofSeconds(1));
    ticker.advance(2 * SECOND);
    BaselineDecision late = baseline.decide(r, Attempts.none());
    assertNull(late.tier());
    assertEquals(ReasonCode.DEADLINE_EXCEEDED, late.reason());
    Attempts used =
        Attempts.none()
            .afterThrottle(Tier.FLEX)
            .afterThrottle(Tier.FLEX)
            .afterThrottle(Tier.STANDARD)
            .afterThrottle(Tier.FLEX);
    BaselineDecision exhausted =
        baseline.decide(request("business-noncritical", Duration.ofMinutes(30)), used);
    assertEquals(ReasonCode.ATTEMPTS_EXHAUSTED, exhausted.reason());
    assertThrows(
        IllegalArgumentException.class,
        () -> baseline.decide(TierRequest.newBuilder("other").arrivalNanos(0).build(), used));
  }

  @Test
  void slowFlexOutcomesMoveStandardWorkAway() {
    TierRequest probe = request("business-standard", Duration.ofSeconds(60));
    assertEquals(Tier.FLEX, baseline.decide(probe, Attempts.none()).tier());
    for (int i = 0; i < 300; i++) {
      BaselineDecision d =
          baseline.decide(request("business-noncritical", Duration.ofMinutes(30)), Attempts.none());
      assertEquals(Tier.FLEX, d.tier());
      baseline.recordSuccess(d, Tier.FLEX, 90 * SECOND, 80 * SECOND, 1000, 200);
    }
    ticker.advance(31 * SECOND); // the slice ends: the window now holds the slow calls
    BaselineDecision after =
        baseline.decide(request("business-standard", Duration.ofSeconds(60)), Attempts.none());
    assertNotEquals(Tier.FLEX, after.tier(), after.toString());
    assertTrue(after.probability(Tier.FLEX) < 0.5, after.toString());
  }

  /**
   * After the same warm-up, the baseline and the scheduler estimate each tier's probability of
   * meeting the deadline alike (they differ in details: the scheduler tabulates the uncapped
   * latency function, pools output lengths over classes and moves targets by error budgets).
   */
  @ParameterizedTest
  @ValueSource(longs = {4096, 512})
  void estimatesTheSameProbabilitiesAsTheScheduler(long maxTokens) {
    Fixture f = Fixture.create(1, maxTokens);
    double sum = 0;
    double max = 0;
    int n = 0;
    for (TierRequest r : f.requests) {
      Decision d = f.engine.decide(r);
      BaselineDecision b = f.baseline.decide(r, Attempts.none());
      for (Tier t : new Tier[] {Tier.FLEX, Tier.STANDARD, Tier.PRIORITY}) {
        double diff = Math.abs(d.probability(t) - b.probability(t));
        sum += diff;
        max = Math.max(max, diff);
        n++;
      }
    }
    assertTrue(sum / n <= 0.02, "mean difference " + sum / n);
    assertTrue(max <= 0.25, "largest difference " + max);
  }

  @Test
  void submitRetriesAThrottleAndCompletesOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<BaselineScheduler.Result<String>> f =
        baseline.submit(
            request("business-noncritical", Duration.ofMinutes(30)),
            d ->
                CompletableFuture.completedFuture(
                    calls.getAndIncrement() == 0
                        ? CallOutcome.<String>throttled(null)
                        : CallOutcome.success("ok", d.tier(), 1000, 100)));
    BaselineScheduler.Result<String> r = f.get();
    assertEquals("ok", r.value());
    assertEquals(2, r.attempts());
    assertEquals(2, calls.get());
    BaselineScheduler.Snapshot s = baseline.snapshot();
    assertEquals(1, s.submitted());
    assertEquals(1, s.succeeded());
    assertEquals(0, s.failed());
    long throttles = s.tiers().stream().mapToLong(BaselineScheduler.TierRow::throttles).sum();
    long successes = s.tiers().stream().mapToLong(BaselineScheduler.TierRow::successes).sum();
    assertEquals(1, throttles);
    assertEquals(1, successes);
    assertTrue(s.spentUsd() > 0);
    assertEquals(s.spentUsd(), s.spendByTagUsd().get("t"), 1e-12);
  }

  @Test
  void aFailedCallFailsTheFuture() {
    CompletableFuture<BaselineScheduler.Result<String>> f =
        baseline.submit(
            request("business-noncritical", Duration.ofMinutes(30)),
            d -> CompletableFuture.completedFuture(CallOutcome.failed(new RuntimeException("x"))));
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertEquals("x", e.getCause().getMessage());
    assertEquals(1, baseline.snapshot().failed());
  }

  @Test
  void callsBeyondTheLaneLimitWaitForCapacity() throws Exception {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<CallOutcome<String>>[] pending = new CompletableFuture[20];
    AtomicInteger started = new AtomicInteger();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<BaselineScheduler.Result<String>>[] results = new CompletableFuture[20];
    for (int i = 0; i < 20; i++) {
      pending[i] = new CompletableFuture<>();
      results[i] =
          baseline.submit(
              request("business-noncritical", Duration.ofMinutes(30)),
              d -> pending[started.getAndIncrement()]);
    }
    assertEquals(8, started.get(), "the lane limit is 8");
    for (int i = 0; i < 20; i++) {
      // completing a call starts the next waiting one at once, on this thread
      assertEquals(Math.min(20, 8 + i), started.get());
      pending[i].complete(CallOutcome.success("ok", Tier.FLEX, 1000, 100));
    }
    for (CompletableFuture<BaselineScheduler.Result<String>> r : results) {
      assertEquals("ok", r.get().value());
    }
    assertFalse(baseline.snapshot().tiers().stream().anyMatch(t -> t.inFlight() != 0));
  }
}
