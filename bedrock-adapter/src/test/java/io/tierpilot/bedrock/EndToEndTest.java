package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.bedrock.local.ReceivedRequest;
import io.tierpilot.bedrock.local.TierBehavior;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.Outcome;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import io.tierpilot.core.TierSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The "done when", for each of the four operations (Converse and InvokeModel through both
 * the synchronous and the asynchronous client): real HTTP, the real SDK, {@link
 * io.tierpilot.bedrock.local.LocalBedrockServer} on the other end.
 */
class EndToEndTest {
  private static Harness h;

  private Harness.Outcomes outcomes;
  private TierScheduler scheduler;
  private TieredBedrockClient sync;
  private TieredBedrockAsyncClient async;

  @BeforeAll
  static void start() {
    h = Harness.shared();
    // the first call of a JVM loads the SDK's marshallers: keep it out of the timed tests
    TierScheduler warm = Harness.scheduler(new Harness.Outcomes());
    for (Ops op : Ops.values()) {
      op.call(
          h.syncClient(warm, null),
          h.asyncClient(warm, null),
          Harness.GPT_OSS,
          Slo.ofClass("batch"),
          new Ops.Seen());
    }
  }

  @BeforeEach
  void fresh() {
    h.server.reset();
    outcomes = new Harness.Outcomes();
    scheduler = Harness.scheduler(outcomes);
    sync = h.syncClient(scheduler, null);
    async = h.asyncClient(scheduler, null);
  }

  private TieredResponse<?> call(Ops op, String model, Slo slo, Ops.Seen seen) {
    return op.call(sync, async, model, slo, seen);
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void theTierGoesInTheRightPlaceWithTheRightValue(Ops op) {
    // a model configured with Standard and Priority: Standard, sent as "default"
    TieredResponse<?> r = call(op, Harness.STANDARD_FIRST, Slo.defaults(), new Ops.Seen());
    assertEquals(Tier.STANDARD, r.requestedTier());
    // and Flex for a model that has it
    call(op, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen());

    List<ReceivedRequest> got = h.server.requests();
    assertEquals(2, got.size());
    if (op.converse) {
      assertEquals("default", got.get(0).tierInBody());
      assertEquals("flex", got.get(1).tierInBody());
      assertNull(got.get(0).tierHeader());
      assertNull(got.get(1).tierHeader());
      assertEquals(op.stream ? "converse-stream" : "converse", got.get(0).operation());
    } else {
      assertEquals("default", got.get(0).tierHeader());
      assertEquals("flex", got.get(1).tierHeader());
      // the model-native body goes as the caller wrote it: no tier inside
      assertEquals(Ops.invokeBody(Harness.STANDARD_FIRST), got.get(0).body());
      assertEquals(Ops.invokeBody(Harness.GPT_OSS), got.get(1).body());
      assertEquals(op.stream ? "invoke-with-response-stream" : "invoke", got.get(0).operation());
    }
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void theCallersRequestIsNotModified(Ops op) {
    if (op.converse) {
      var request = Ops.converseRequest(Harness.GPT_OSS);
      var copy = request.toBuilder().build();
      if (op.async) {
        Ops.join(async.converse(request, Slo.defaults()));
      } else {
        sync.converse(request, Slo.defaults());
      }
      assertEquals(copy, request);
      assertNull(request.serviceTier());
    } else {
      var request = Ops.invokeRequest(Harness.GPT_OSS);
      var copy = request.toBuilder().build();
      if (op.async) {
        Ops.join(async.invokeModel(request, Slo.defaults()));
      } else {
        sync.invokeModel(request, Slo.defaults());
      }
      assertEquals(copy, request);
      assertNull(request.serviceTier());
    }
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void usageServedTierAndTtftReachTheScheduler(Ops op) {
    h.server.tier(Tier.FLEX).ttft(Duration.ofMillis(60));
    Ops.Seen seen = new Ops.Seen();
    TieredResponse<?> r = call(op, Harness.GPT_OSS, Slo.defaults(), seen);

    assertEquals(1, outcomes.outcomes.size());
    Outcome o = outcomes.outcomes.get(0);
    assertEquals(Outcome.Kind.SUCCESS, o.kind());
    // the server counts 5 words of input (not the client's estimate of 7) and sends 16 tokens
    assertEquals(5, o.inputTokens());
    assertEquals(16, o.outputTokens());
    assertEquals(Tier.FLEX, o.servedTier());
    assertFalse(r.tokensEstimated());
    assertEquals(5, r.inputTokens());
    assertEquals(16, r.outputTokens());
    assertEquals(Harness.PRICES.costUsd(Tier.FLEX, 5, 16), r.costUsd(), 1e-15);
    if (op.stream) {
      assertTrue(o.ttftNanos() >= TimeUnit.MILLISECONDS.toNanos(60), "ttft " + o.ttftNanos());
      assertTrue(o.ttftNanos() <= o.latencyNanos());
      assertTrue(r.ttftNanos() >= o.ttftNanos());
      // the handler got everything, once
      assertEquals(1, seen.responses.get());
      assertEquals(1, seen.completes.get());
      assertTrue(seen.errors.isEmpty());
      assertTrue(seen.deltas() >= 16);
    } else {
      assertEquals(-1, o.ttftNanos());
      assertEquals(-1, r.ttftNanos());
      assertTrue(o.latencyNanos() >= TimeUnit.MILLISECONDS.toNanos(60));
    }
    TierSnapshot flex = snapshot(Harness.GPT_OSS, Tier.FLEX);
    assertEquals(1, flex.successes());
    assertEquals(r.costUsd(), flex.spendUsd(), 1e-9);
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void aFlex429EscalatesAndStillMeetsTheDeadline(Ops op) {
    h.server.tier(Tier.FLEX).throttleNext(1);
    Ops.Seen seen = new Ops.Seen();
    // the interactive class: 1 s; a Flex retry after a throttle would not be likely enough in time
    TieredResponse<?> r = call(op, Harness.GPT_OSS, Slo.ofClass("interactive"), seen);

    assertEquals(2, r.attempts());
    assertEquals(Tier.FLEX, r.requestedTier());
    assertEquals(Tier.STANDARD, r.finalRequestedTier());
    assertEquals(Tier.STANDARD, r.servedTier());
    assertTrue(r.latencyNanos() < TimeUnit.SECONDS.toNanos(1), "latency " + r.latencyNanos());
    // the SDK (built with its default retry policy) did not retry the 429: the server saw
    // exactly the scheduler's two attempts
    List<ReceivedRequest> got = h.server.requests();
    assertEquals(2, got.size());
    assertEquals(429, got.get(0).status());
    assertEquals("flex", got.get(0).requestedTier());
    assertEquals(200, got.get(1).status());
    assertEquals("default", got.get(1).requestedTier());
    assertEquals(Outcome.Kind.THROTTLED, outcomes.outcomes.get(0).kind());
    assertEquals(1, snapshot(Harness.GPT_OSS, Tier.FLEX).throttles());
    if (op.stream) {
      assertEquals(1, seen.responses.get(), "the throttled attempt is invisible to the handler");
      assertEquals(1, seen.completes.get());
      assertTrue(seen.errors.isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(TierBehavior.Throttle.class)
  void everyKindOfThrottleEscalates(TierBehavior.Throttle kind) {
    h.server.tier(Tier.FLEX).throttleWith(kind).throttleNext(1);
    for (Ops op : new Ops[] {Ops.CONVERSE_SYNC, Ops.INVOKE_ASYNC}) {
      h.server.tier(Tier.FLEX).throttleNext(1);
      TieredResponse<?> r = call(op, Harness.GPT_OSS, Slo.ofClass("interactive"), new Ops.Seen());
      assertEquals(Tier.STANDARD, r.servedTier(), op + " " + kind);
      assertEquals(2, r.attempts());
    }
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void aTierRejectedAsUnsupportedIsNotTriedAgain(Ops op) {
    h.server.tier(Tier.FLEX).unsupported(true);
    TieredResponse<?> first = call(op, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen());
    TieredResponse<?> second = call(op, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen());

    assertEquals(2, first.attempts());
    assertEquals(Tier.STANDARD, first.servedTier());
    assertEquals(1, second.attempts());
    assertEquals(Tier.STANDARD, second.requestedTier());
    assertFalse(scheduler.supportedTiers(Harness.GPT_OSS).contains(Tier.FLEX));
    long flexCalls =
        h.server.requests().stream().filter(q -> q.requestedTier().equals("flex")).count();
    assertEquals(1, flexCalls);
    assertEquals(3, h.server.requests().size());
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void anExpiredDeadlineFailsFastWithoutACall(Ops op) {
    Ops.Seen seen = new Ops.Seen();
    Slo expired = Slo.newBuilder().deadlineNanos(scheduler.ticker().read() - 1).build();
    long start = System.nanoTime();
    assertThrows(DeadlineExceededException.class, () -> call(op, Harness.GPT_OSS, expired, seen));
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
    assertTrue(h.server.requests().isEmpty());
    assertTrue(outcomes.outcomes.isEmpty());
    if (op.stream) {
      assertEquals(0, seen.responses.get());
      assertEquals(1, seen.errors.size());
      assertInstanceOf(DeadlineExceededException.class, seen.errors.get(0));
    }
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void aDowngradeIsBilledAtTheServedTier(Ops op) {
    h.server.tier(Tier.STANDARD).servedAs(Tier.FLEX);
    TieredResponse<?> r = call(op, Harness.STANDARD_FIRST, Slo.defaults(), new Ops.Seen());

    assertEquals(Tier.STANDARD, r.requestedTier());
    assertEquals(Tier.FLEX, r.servedTier());
    assertTrue(r.servedTierMismatch());
    var prices = scheduler.model(Harness.STANDARD_FIRST).prices();
    assertEquals(prices.costUsd(Tier.FLEX, 5, 16), r.costUsd(), 1e-15);
    assertTrue(r.costUsd() < prices.costUsd(Tier.STANDARD, 5, 16));
    assertEquals(1, snapshot(Harness.STANDARD_FIRST, Tier.STANDARD).servedTierMismatches());
    assertTrue(outcomes.outcomes.get(0).servedTierMismatch());
    assertEquals(r.costUsd(), scheduler.snapshot().spentTotalUsd(), 1e-9);
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void aResponseWithoutServedTierIsBilledAtTheRequestedTier(Ops op) {
    h.server.tier(Tier.FLEX).reportServedTier(false);
    TieredResponse<?> r = call(op, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen());
    assertEquals(Tier.FLEX, r.servedTier());
    assertFalse(r.servedTierMismatch());
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void anotherClientErrorFailsAtOnceWithTheSdkExceptionAsCause(Ops op) {
    h.server.tier(Tier.FLEX).failNext(1, 400, "ValidationException", "Malformed input request");
    Ops.Seen seen = new Ops.Seen();
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class, () -> call(op, Harness.GPT_OSS, Slo.defaults(), seen));
    assertEquals(TierSchedulingException.Reason.CALL_FAILED, e.reason());
    assertInstanceOf(ValidationException.class, e.getCause());
    assertEquals(1, h.server.requests().size());
    assertTrue(scheduler.supportedTiers(Harness.GPT_OSS).contains(Tier.FLEX));
    if (op.stream) {
      assertEquals(List.of(e), seen.errors);
    }
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void aTransientServerErrorIsRetriedOnceByTheSdkWithinTheAttempt(Ops op) {
    h.server.tier(Tier.FLEX).failNext(1, 500, "InternalServerException", "internal error");
    TieredResponse<?> r = call(op, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen());
    assertEquals(1, r.attempts());
    assertEquals(Tier.FLEX, r.servedTier());
    assertEquals(2, h.server.requests().size());
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void withoutTransientRetriesAServerErrorFailsTheCall(Ops op) {
    TieredBedrockClient noRetrySync =
        TieredBedrockClient.newBuilder()
            .scheduler(scheduler)
            .client(h.sync)
            .transientRetries(0)
            .build();
    TieredBedrockAsyncClient noRetryAsync =
        TieredBedrockAsyncClient.newBuilder()
            .scheduler(scheduler)
            .client(h.async)
            .transientRetries(0)
            .build();
    h.server.tier(Tier.FLEX).failNext(1, 500, "InternalServerException", "internal error");
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class,
            () ->
                op.call(
                    noRetrySync, noRetryAsync, Harness.GPT_OSS, Slo.defaults(), new Ops.Seen()));
    assertInstanceOf(InternalServerException.class, e.getCause());
    assertEquals(1, h.server.requests().size());
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void eachAttemptTimesOutAtTheDeadline(Ops op) {
    for (Tier t : Tier.values()) {
      h.server.tier(t).ttft(Duration.ofSeconds(3));
    }
    long start = System.nanoTime();
    DeadlineExceededException e =
        assertThrows(
            DeadlineExceededException.class,
            () -> call(op, Harness.GPT_OSS, Slo.within(Duration.ofMillis(300)), new Ops.Seen()));
    long took = System.nanoTime() - start;
    assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(290), "took " + took);
    assertTrue(took < TimeUnit.MILLISECONDS.toNanos(1500), "took " + took);
    assertTrue(
        e.getCause() instanceof ApiCallTimeoutException
            || e.getCause() instanceof java.util.concurrent.TimeoutException,
        "cause " + e.getCause());
    assertEquals(1, h.server.requests().size());
    assertEquals(Outcome.Kind.TIMED_OUT, outcomes.outcomes.get(0).kind());
  }

  @ParameterizedTest
  @EnumSource(Ops.class)
  void throttledOnEveryTierUntilTheAttemptsRunOut(Ops op) {
    for (Tier t : Tier.values()) {
      h.server.tier(t).throttleNext(10);
    }
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class,
            () -> call(op, Harness.GPT_OSS, Slo.ofClass("batch"), new Ops.Seen()));
    assertEquals(TierSchedulingException.Reason.ATTEMPTS_EXHAUSTED, e.reason());
    assertInstanceOf(ThrottlingException.class, e.getCause());
    assertEquals(4, h.server.requests().size(), "the scheduler's maxAttempts, no SDK retries");
  }

  private TierSnapshot snapshot(String model, Tier tier) {
    for (TierSnapshot t : scheduler.snapshot().tiers()) {
      if (t.modelId().equals(model) && t.tier() == tier) {
        return t;
      }
    }
    throw new AssertionError("no snapshot of " + model + "/" + tier);
  }
}
