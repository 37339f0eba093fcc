package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code submit}: queues, limits, re-decisions and exactly-once completion, on a fake ticker. */
class DispatchTest {
  private final FakeTicker ticker = new FakeTicker();

  /** An executor whose calls complete when the test says so. */
  private static final class ManualExecutor implements TierExecutor<String> {
    final List<Attempt> attempts = new ArrayList<>();
    final List<CompletableFuture<CallOutcome<String>>> calls = new ArrayList<>();

    @Override
    public CompletableFuture<CallOutcome<String>> execute(Attempt attempt) {
      attempts.add(attempt);
      CompletableFuture<CallOutcome<String>> f = new CompletableFuture<>();
      calls.add(f);
      return f;
    }

    void complete(int i, CallOutcome<String> o) {
      calls.get(i).complete(o);
    }
  }

  private TierScheduler scheduler(int tierLimit) {
    return Fixtures.builder(ticker).tierConcurrency(tierLimit, tierLimit).build();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void aSuccessfulCallCompletesWithTheServedTierAndCost() throws Exception {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(1, ex.attempts.size());
    Attempt a = ex.attempts.get(0);
    assertEquals(Tier.FLEX, a.tier());
    assertEquals(Duration.ofMinutes(30).toNanos(), a.timeoutNanos());
    ticker.advance(Duration.ofSeconds(2));
    ex.complete(0, CallOutcome.success("hello", Tier.FLEX, 1000, 200, 300_000_000L));
    TierResult<String> r = f.get(1, TimeUnit.SECONDS);
    assertEquals("hello", r.value());
    assertEquals(Tier.FLEX, r.servedTier());
    assertEquals(1, r.attempts());
    assertEquals(Duration.ofSeconds(2).toNanos(), r.latencyNanos());
    assertEquals((1000 * 0.075 + 200 * 0.3) / 1e6, r.costUsd(), 1e-12);
    SchedulerSnapshot snap = s.snapshot();
    assertEquals(1, snap.submitted());
    assertEquals(1, snap.succeeded());
    assertEquals(r.costUsd(), snap.spentTotalUsd(), 1e-9);
  }

  @Test
  void whoeverTheCompletionWakesFindsTheRequestCounted() throws Exception {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> ok = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> bad = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<Long> seenOk = ok.thenApply(r -> s.snapshot().succeeded());
    CompletableFuture<Long> seenBad =
        bad.handle((r, e) -> s.snapshot().failed() + 10 * s.snapshot().succeeded());
    ticker.advance(Duration.ofSeconds(1));
    ex.complete(0, CallOutcome.success("a", Tier.FLEX, 10, 10, 1_000_000L));
    assertEquals(1L, seenOk.get(1, TimeUnit.SECONDS));
    ex.calls.get(1).completeExceptionally(new IllegalStateException("boom"));
    assertEquals(11L, seenBad.get(1, TimeUnit.SECONDS));
    // a future its caller completed is counted as cancelled, not succeeded, when the call ends
    CompletableFuture<TierResult<String>> mine = s.submit(Fixtures.request(s, "batch"), ex);
    mine.complete(null);
    ex.complete(2, CallOutcome.success("c", Tier.FLEX, 10, 10, 1_000_000L));
    assertEquals(1, s.snapshot().succeeded());
    assertEquals(1, s.snapshot().failed());
    assertEquals(1, s.snapshot().cancelled());
  }

  @Test
  void cancellingWithdrawsTheRequestAbortsItsCallAndNeverBlamesTheTier() throws Exception {
    TierScheduler s = scheduler(1);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> running = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> waiting = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> next = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(1, ex.calls.size(), "one in flight, two waiting for the tier's permit");

    assertEquals(2, s.snapshot().waiting());
    assertTrue(waiting.cancel(true));
    assertEquals(1, ex.calls.size());
    // out of the waiting count at once: it holds no place in the queue's limit
    assertEquals(1, s.snapshot().waiting());
    assertEquals(1, s.snapshot().cancelled());
    assertTrue(running.cancel(true));
    assertTrue(ex.calls.get(0).isCancelled(), "the attempt in flight was cancelled");
    // the aborted attempt freed the permit: the cancelled waiting request is skipped without a
    // call, the next one is called
    assertEquals(2, ex.calls.size());
    assertFalse(next.isDone());
    ticker.advance(Duration.ofSeconds(1));
    ex.complete(1, CallOutcome.success("n", Tier.FLEX, 10, 10, 1_000_000L));
    assertEquals("n", next.get(1, TimeUnit.SECONDS).value());

    SchedulerSnapshot snap = s.snapshot();
    assertEquals(3, snap.submitted());
    assertEquals(1, snap.succeeded());
    assertEquals(2, snap.cancelled());
    assertEquals(0, snap.failed());
    assertEquals(0, snap.waiting());
    TierSnapshot flex =
        snap.tiers().stream().filter(t -> t.tier() == Tier.FLEX).findFirst().orElseThrow();
    assertEquals(0, flex.errors(), "an aborted call is not the tier's failure");
  }

  @Test
  void budgetAdmissionRefusesASensitiveRequestWithItsOwnReason() throws Exception {
    TierScheduler s =
        Fixtures.builder(ticker)
            .sloClass(
                SloClass.newBuilder("offline")
                    .deadline(Duration.ofMinutes(30))
                    .budgetSensitivity(1)
                    .hardCapRule(SloClass.HardCapRule.REJECT)
                    .build())
            .budget(Budget.perWindow(0.01, Duration.ofHours(1)))
            .build();
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> first = s.submit(Fixtures.request(s, "offline"), ex);
    ticker.advance(Duration.ofSeconds(5));
    ex.complete(0, CallOutcome.success("long", Tier.FLEX, 1000, 100_000, 5_000_000_000L));
    first.get(1, TimeUnit.SECONDS);
    assertTrue(s.snapshot().spentInWindowUsd() > 0.01, "the window's budget is spent");
    ticker.advance(Duration.ofMinutes(1)); // slices end: the next decision's pacing sees it

    CompletableFuture<TierResult<String>> batch = s.submit(Fixtures.request(s, "offline"), ex);
    assertTrue(s.budgetAdmission() < 0.01, "admission: " + s.budgetAdmission());
    assertEquals(s.budgetAdmission(), s.snapshot().budgetAdmission());
    Throwable t = failure(batch);
    assertInstanceOf(TierSchedulingException.class, t);
    assertEquals(
        TierSchedulingException.Reason.BUDGET_SHED, ((TierSchedulingException) t).reason());
    assertEquals(1, ex.calls.size(), "no call for the refused request");
    // a class with budget sensitivity 0, or one that degrades at the hard cap, is never refused
    CompletableFuture<TierResult<String>> interactive =
        s.submit(Fixtures.request(s, "interactive"), ex);
    CompletableFuture<TierResult<String>> degrading = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(3, ex.calls.size());
    assertFalse(interactive.isDone());
    assertFalse(degrading.isDone());
  }

  @Test
  void aThrottleLeadsToARedecisionAndTheRetry() throws Exception {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    ex.complete(0, CallOutcome.throttled(new RuntimeException("429")));
    assertEquals(2, ex.attempts.size());
    assertEquals(2, ex.attempts.get(1).number());
    ex.complete(1, CallOutcome.success("ok", Tier.FLEX, 1, 1));
    assertEquals(2, f.get(1, TimeUnit.SECONDS).attempts());
    SchedulerSnapshot snap = s.snapshot();
    assertEquals(1, SchedulerDecisionTest.tier(snap, Tier.FLEX).throttles());
  }

  @Test
  void throttlesUntilTheAttemptsRunOutFailWithTheLastCause() {
    TierScheduler s = Fixtures.builder(ticker).maxAttempts(3).build();
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    RuntimeException last = new RuntimeException("third 429");
    ex.complete(0, CallOutcome.throttled(new RuntimeException("429")));
    ex.complete(1, CallOutcome.throttled(new RuntimeException("429")));
    ex.complete(2, CallOutcome.throttled(last));
    TierSchedulingException e = assertInstanceOf(TierSchedulingException.class, failure(f));
    assertEquals(TierSchedulingException.Reason.ATTEMPTS_EXHAUSTED, e.reason());
    assertSame(last, e.getCause());
  }

  @Test
  void anUnsupportedTierIsDroppedAndTheRequestMovesOn() throws Exception {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    ex.complete(0, CallOutcome.unsupported(new IllegalArgumentException("tier not supported")));
    assertEquals(Tier.STANDARD, ex.attempts.get(1).tier());
    ex.complete(1, CallOutcome.success("ok", Tier.STANDARD, 1, 1));
    assertEquals(Tier.STANDARD, f.get(1, TimeUnit.SECONDS).servedTier());
    assertTrue(!s.supportedTiers(Fixtures.MODEL).contains(Tier.FLEX));
  }

  @Test
  void otherFailuresFailAtOnceWithTheirCause() {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    IllegalStateException boom = new IllegalStateException("400 bad request");
    ex.complete(0, CallOutcome.failed(boom));
    TierSchedulingException e = assertInstanceOf(TierSchedulingException.class, failure(f));
    assertEquals(TierSchedulingException.Reason.CALL_FAILED, e.reason());
    assertSame(boom, e.getCause());
    assertEquals(1, ex.attempts.size(), "no retry");
  }

  @Test
  void anExecutorThatThrowsOrCompletesExceptionallyFailsTheRequest() {
    TierScheduler s = scheduler(4);
    CompletableFuture<TierResult<String>> thrown =
        s.submit(
            Fixtures.request(s, "batch"),
            a -> {
              throw new IllegalStateException("executor bug");
            });
    assertEquals("executor bug", failure(thrown).getCause().getMessage());
    CompletableFuture<TierResult<String>> exceptional =
        s.submit(
            Fixtures.request(s, "batch"),
            a -> CompletableFuture.failedFuture(new java.io.IOException("connection reset")));
    assertInstanceOf(java.io.IOException.class, failure(exceptional).getCause());
    CompletableFuture<TierResult<String>> nullStage =
        s.submit(Fixtures.request(s, "batch"), a -> null);
    assertInstanceOf(NullPointerException.class, failure(nullStage).getCause());
  }

  @Test
  void requestsWaitForCapacityAndExpireWhenTheirDeadlinePasses() throws Exception {
    TierScheduler s = scheduler(1);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> first = s.submit(Fixtures.request(s, "batch"), ex);
    TierRequest shortLived =
        s.newRequest(Fixtures.MODEL)
            .inputTokens(10)
            .sloClass("batch")
            .deadlineAfter(Duration.ofMinutes(1))
            .build();
    CompletableFuture<TierResult<String>> waitsThenExpires = s.submit(shortLived, ex);
    CompletableFuture<TierResult<String>> waitsThenRuns =
        s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(1, ex.attempts.size(), "the limit of 1 holds the others back");
    assertEquals(2, s.snapshot().waiting());

    ticker.advance(Duration.ofMinutes(2));
    ex.complete(0, CallOutcome.success("1", Tier.FLEX, 1, 1));
    assertEquals("1", first.get(1, TimeUnit.SECONDS).value());
    assertInstanceOf(DeadlineExceededException.class, failure(waitsThenExpires));
    assertEquals(2, ex.attempts.size(), "the expired request made no call");
    ex.complete(1, CallOutcome.success("3", Tier.FLEX, 1, 1));
    assertEquals("3", waitsThenRuns.get(1, TimeUnit.SECONDS).value());
    assertEquals(0, s.snapshot().waiting());
    assertEquals(1, s.snapshot().deadlineExceeded());
  }

  @Test
  void expireOverdueFailsStuckWaitersWithoutTouchingTheOthers() {
    TierScheduler s =
        Fixtures.builder(ticker).tierConcurrency(1, 1).accountConcurrency(1, 1).build();
    ManualExecutor ex = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), ex); // occupies the only permit forever
    TierRequest soon =
        s.newRequest(Fixtures.MODEL).sloClass("batch").deadlineAfter(Duration.ofSeconds(5)).build();
    CompletableFuture<TierResult<String>> expires = s.submit(soon, ex);
    CompletableFuture<TierResult<String>> stays = s.submit(Fixtures.request(s, "batch"), ex);
    ticker.advance(Duration.ofSeconds(10));
    assertEquals(1, s.expireOverdue());
    assertInstanceOf(DeadlineExceededException.class, failure(expires));
    assertTrue(!stays.isDone());
    assertEquals(1, s.snapshot().waiting());
  }

  @Test
  void aPassedDeadlineFailsWithoutACall() {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    TierRequest r = s.newRequest(Fixtures.MODEL).deadlineAfter(Duration.ofSeconds(1)).build();
    ticker.advance(Duration.ofSeconds(2));
    assertInstanceOf(DeadlineExceededException.class, failure(s.submit(r, ex)));
    assertEquals(0, ex.attempts.size());
  }

  @Test
  void aTimedOutCallFailsAsDeadlineExceeded() {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    ex.complete(0, CallOutcome.timedOut(new java.util.concurrent.TimeoutException()));
    assertInstanceOf(DeadlineExceededException.class, failure(f));
  }

  @Test
  void theQueueIsBoundedAndShutdownFailsTheWaiters() {
    TierScheduler s = Fixtures.builder(ticker).tierConcurrency(1, 1).maxWaiting(2).build();
    ManualExecutor ex = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> w1 = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> w2 = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> full = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(
        TierSchedulingException.Reason.QUEUE_FULL,
        ((TierSchedulingException) failure(full)).reason());
    assertEquals(2, s.shutdown());
    assertEquals(
        TierSchedulingException.Reason.SHUT_DOWN, ((TierSchedulingException) failure(w1)).reason());
    assertEquals(
        TierSchedulingException.Reason.SHUT_DOWN, ((TierSchedulingException) failure(w2)).reason());
    CompletableFuture<TierResult<String>> after = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(
        TierSchedulingException.Reason.SHUT_DOWN,
        ((TierSchedulingException) failure(after)).reason());
  }

  @Test
  void anUnknownModelFailsTheFuture() {
    TierScheduler s = scheduler(4);
    CompletableFuture<TierResult<String>> f =
        s.submit(s.newRequest("unknown").build(), a -> new CompletableFuture<>());
    assertInstanceOf(IllegalArgumentException.class, failure(f));
  }

  @Test
  void throttlesShrinkTheInFlightLimitAndSuccessesGrowIt() {
    TierScheduler s =
        Fixtures.builder(ticker)
            .tierConcurrency(8, 16)
            .limitBackoff(0.5)
            .throttleTolerance(Tier.FLEX, 0)
            .build();
    ManualExecutor ex = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), ex);
    ex.complete(0, CallOutcome.throttled(null)); // the retry is attempt 1
    assertEquals(4, SchedulerDecisionTest.tier(s.snapshot(), Tier.FLEX).inFlightLimit());
    for (int i = 0; i < 3; i++) {
      s.submit(Fixtures.request(s, "batch"), ex); // four in flight: the limit is in use
    }
    for (int i = 1; i < 40; i++) {
      ex.complete(i, CallOutcome.success("", Tier.FLEX, 1, 1));
      s.submit(Fixtures.request(s, "batch"), ex);
    }
    assertTrue(SchedulerDecisionTest.tier(s.snapshot(), Tier.FLEX).inFlightLimit() > 4);
  }

  @Test
  void synchronousExecutorsDoNotRecurseWithoutBound() throws Exception {
    TierScheduler s =
        Fixtures.builder(ticker).tierConcurrency(1, 1).accountConcurrency(1, 1).build();
    // the first call holds the permit while 50,000 requests queue behind it
    ManualExecutor hold = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), hold);
    List<CompletableFuture<TierResult<String>>> fs = new ArrayList<>();
    TierExecutor<String> immediate =
        a -> CompletableFuture.completedFuture(CallOutcome.success("x", a.tier(), 1, 1));
    for (int i = 0; i < 50_000; i++) {
      fs.add(s.submit(Fixtures.request(s, "batch"), immediate));
    }
    hold.complete(0, CallOutcome.success("first", Tier.FLEX, 1, 1));
    for (CompletableFuture<TierResult<String>> f : fs) {
      assertEquals("x", f.get(1, TimeUnit.SECONDS).value());
    }
  }

  /** A scheduler of two models, the first with a single permit. */
  private TierScheduler twoModels() {
    return TierScheduler.newBuilder()
        .ticker(ticker)
        .model(
            ModelConfig.newBuilder(Fixtures.MODEL)
                .tiers(Tier.STANDARD)
                .prices(TierPrices.fromStandard(0.15, 0.60))
                .build())
        .model(
            ModelConfig.newBuilder("other.model-v1:0")
                .prices(TierPrices.fromStandard(1, 5))
                .build())
        .sloClass(Fixtures.batch())
        .tierConcurrency(1, 1)
        .explorationShare(0)
        .build();
  }

  private static TierRequest onOther(TierScheduler s) {
    return s.newRequest("other.model-v1:0").inputTokens(10).sloClass("batch").build();
  }

  @Test
  void aSubmitForAnotherModelFromInsideADrainIsStarted() throws Exception {
    TierExecutor<String> immediate =
        a -> CompletableFuture.completedFuture(CallOutcome.success("inner", a.tier(), 1, 1));
    // an executor that submits to another model and completes when that request does
    TierScheduler s = twoModels();
    CompletableFuture<TierResult<String>> outer =
        s.submit(
            Fixtures.request(s, "batch"),
            a ->
                s.submit(onOther(s), immediate)
                    .thenApply(r -> CallOutcome.success("outer+" + r.value(), a.tier(), 1, 1)));
    assertEquals("outer+inner", outer.get(1, TimeUnit.SECONDS).value());

    // a queued request that starts and completes inline, whose dependent submits elsewhere
    TierScheduler s2 = twoModels();
    ManualExecutor hold = new ManualExecutor();
    s2.submit(Fixtures.request(s2, "batch"), hold); // holds the only permit
    CompletableFuture<TierResult<String>> chained =
        s2.submit(Fixtures.request(s2, "batch"), immediate)
            .thenCompose(r -> s2.submit(onOther(s2), immediate));
    assertEquals(1, s2.snapshot().waiting());
    hold.complete(0, CallOutcome.success("first", Tier.STANDARD, 1, 1));
    assertEquals("inner", chained.get(1, TimeUnit.SECONDS).value());
    assertEquals(0, s2.snapshot().waiting());
    assertEquals(3, s2.snapshot().succeeded());
  }

  @Test
  void completingAWaitingRequestYourselfWithdrawsItLikeACancel() throws Exception {
    TierScheduler s =
        Fixtures.builder(ticker)
            .tierConcurrency(1, 1)
            .accountConcurrency(1, 1)
            .maxWaiting(2)
            .build();
    ManualExecutor ex = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), ex); // holds the only permit
    CompletableFuture<TierResult<String>> mine = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<TierResult<String>> failedByMe = s.submit(Fixtures.request(s, "batch"), ex);
    assertEquals(2, s.snapshot().waiting());
    assertTrue(mine.complete(null));
    assertTrue(failedByMe.completeExceptionally(new IllegalStateException("not needed")));
    assertEquals(0, s.snapshot().waiting(), "both left their places at once");
    assertEquals(2, s.snapshot().cancelled());
    CompletableFuture<TierResult<String>> next = s.submit(Fixtures.request(s, "batch"), ex);
    assertFalse(next.isDone(), "the queue has room again");
    ex.complete(0, CallOutcome.success("first", Tier.FLEX, 1, 1));
    assertEquals(2, ex.attempts.size(), "the withdrawn requests made no call");
    ex.complete(1, CallOutcome.success("next", Tier.FLEX, 1, 1));
    assertEquals("next", next.get(1, TimeUnit.SECONDS).value());
    assertEquals(2, s.snapshot().cancelled());
    assertEquals(2, s.snapshot().succeeded());
  }

  @Test
  void aFirstTokenTimeBeyondTheTimedCallIsCappedNotFatal() throws Exception {
    TierScheduler s = scheduler(4);
    ManualExecutor ex = new ManualExecutor();
    CompletableFuture<TierResult<String>> f = s.submit(Fixtures.request(s, "batch"), ex);
    ticker.advance(Duration.ofMillis(100));
    // the executor timed the first token on its own clock: 250 ms, longer than the 100 ms call
    ex.complete(0, CallOutcome.success("v", Tier.FLEX, 10, 10, 250_000_000L));
    assertEquals("v", f.get(1, TimeUnit.SECONDS).value());
    assertEquals(1, s.snapshot().succeeded());
  }

  @Test
  void requestsThatExpireWhileWaitingCountAgainstTheErrorBudget() {
    TierScheduler s = twoModels();
    ManualExecutor hold = new ManualExecutor();
    s.submit(
        s.newRequest(Fixtures.MODEL).sloClass("batch").deadlineAfter(Duration.ofDays(1)).build(),
        hold); // holds the only permit for good
    double before = s.decide(onOther(s)).errorBudget();
    for (int i = 0; i < 200; i++) {
      s.submit(
          s.newRequest(Fixtures.MODEL)
              .sloClass("batch")
              .deadlineAfter(Duration.ofSeconds(1))
              .build(),
          hold);
    }
    ticker.advance(Duration.ofSeconds(2));
    assertEquals(200, s.expireOverdue());
    ticker.advance(Duration.ofSeconds(30)); // the slice ends: the controller reads its misses
    double after = s.decide(onOther(s)).errorBudget();
    assertTrue(after < before, "200 misses tighten the class's target: " + before + " -> " + after);
    assertEquals(0.25, after, 1e-9, "the controller's floor, as for misses decided without a call");
  }

  @Test
  void aRequestFoundExpiredWhenCapacityFreesCountsAgainstTheErrorBudget() throws Exception {
    TierScheduler s = twoModels();
    ManualExecutor hold = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), hold); // holds the only permit
    CompletableFuture<TierResult<String>> late =
        s.submit(
            s.newRequest(Fixtures.MODEL)
                .sloClass("batch")
                .deadlineAfter(Duration.ofSeconds(1))
                .build(),
            hold);
    double before = s.decide(onOther(s)).errorBudget();
    ticker.advance(Duration.ofSeconds(2));
    hold.complete(0, CallOutcome.success("first", Tier.STANDARD, 1, 1)); // the drain finds it late
    assertInstanceOf(DeadlineExceededException.class, failure(late));
    assertEquals(1, hold.attempts.size(), "no call for the late request");
    ticker.advance(Duration.ofSeconds(30));
    double after = s.decide(onOther(s)).errorBudget();
    assertTrue(after < before, "the miss tightens the class's target: " + before + " -> " + after);
  }

  @Test
  void whatACallersCompletionWakesFindsTheQueueFreed() throws Exception {
    TierScheduler s =
        Fixtures.builder(ticker)
            .tierConcurrency(1, 1)
            .accountConcurrency(1, 1)
            .maxWaiting(1)
            .build();
    ManualExecutor ex = new ManualExecutor();
    s.submit(Fixtures.request(s, "batch"), ex); // holds the only permit
    CompletableFuture<TierResult<String>> mine = s.submit(Fixtures.request(s, "batch"), ex);
    CompletableFuture<CompletableFuture<TierResult<String>>> next =
        mine.thenApply(r -> s.submit(Fixtures.request(s, "batch"), ex));
    mine.complete(null);
    assertFalse(
        next.get(1, TimeUnit.SECONDS).isDone(), "the dependent's request waits, not QUEUE_FULL");
  }
}
