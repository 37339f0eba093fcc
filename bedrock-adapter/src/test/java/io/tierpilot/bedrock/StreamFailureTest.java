package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.Outcome;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * A stream that fails after the caller's handler received output is not retried: a retry would
 * deliver the output twice. One that fails before any content (an in-stream throttle right after
 * the response started) is retried on a re-decided tier, and the caller's handler only ever sees
 * the attempt that delivered. The handler gets exactly one terminal signal.
 */
class StreamFailureTest {
  private static Harness h;
  private Harness.Outcomes outcomes;
  private TierScheduler scheduler;
  private Ops.Seen seen;

  @BeforeAll
  static void start() {
    h = Harness.shared();
    // the first streaming call of a JVM loads and compiles the SDK's event-stream code, most of
    // a second: more than the interactive class's deadline, which the escalation test relies on
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    for (Ops op : new Ops[] {Ops.CONVERSE_STREAM, Ops.INVOKE_STREAM}) {
      call(op, scheduler, Slo.ofClass("batch"), new Ops.Seen());
    }
  }

  @BeforeEach
  void fresh() {
    h.server.reset();
    outcomes = new Harness.Outcomes();
    scheduler = Harness.scheduler(outcomes);
    seen = new Ops.Seen();
  }

  @ParameterizedTest
  @EnumSource(
      value = Ops.class,
      names = {"CONVERSE_STREAM", "INVOKE_STREAM"})
  void anErrorAfterTheFirstEventFailsTheCallWithoutRetry(Ops op) {
    h.server.tier(Tier.FLEX).breakStreamNext(1);
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class, () -> call(op, scheduler, Slo.ofClass("batch"), seen));
    assertEquals(TierSchedulingException.Reason.CALL_FAILED, e.reason());
    assertInstanceOf(ThrottlingException.class, e.getCause(), "the in-stream exception event");
    assertEquals(1, h.server.requests().size());
    assertEquals(1, seen.responses.get());
    assertEquals(1, seen.deltas());
    assertEquals(0, seen.completes.get());
    assertEquals(1, seen.errors.size());
    assertSame(e, seen.errors.get(0));
    assertEquals(Outcome.Kind.FAILED, outcomes.outcomes.get(0).kind());
    assertTrue(scheduler.supportedTiers(Harness.GPT_OSS).contains(Tier.FLEX));
  }

  @ParameterizedTest
  @EnumSource(
      value = Ops.class,
      names = {"CONVERSE_STREAM", "INVOKE_STREAM"})
  void anInStreamThrottleBeforeAnyContentEscalatesUnseen(Ops op) {
    h.server.tier(Tier.FLEX).throttleStreamNext(1);
    TieredResponse<?> r = call(op, scheduler, Slo.ofClass("interactive"), seen);
    assertEquals(2, r.attempts());
    assertEquals(Tier.FLEX, r.requestedTier());
    assertEquals(Tier.STANDARD, r.servedTier());
    assertEquals(2, h.server.requests().size());
    assertEquals("flex", h.server.requests().get(0).requestedTier());
    assertEquals("default", h.server.requests().get(1).requestedTier());
    assertEquals(Outcome.Kind.THROTTLED, outcomes.outcomes.get(0).kind());
    assertEquals(1, seen.responses.get(), "the throttled attempt is invisible to the handler");
    assertEquals(1, seen.completes.get());
    assertTrue(seen.errors.isEmpty(), seen.errors.toString());
    // the handler saw exactly the events of one clean call: nothing of the throttled attempt
    Ops.Seen clean = new Ops.Seen();
    call(op, scheduler, Slo.ofClass("interactive"), clean);
    assertEquals(clean.events.size(), seen.events.size());
    assertTrue(seen.deltas() > 0);
  }

  @ParameterizedTest
  @EnumSource(
      value = Ops.class,
      names = {"CONVERSE_STREAM", "INVOKE_STREAM"})
  void aTransientInStreamErrorBeforeContentIsRetriedByTheSdkOnAFreshStream(Ops op) {
    h.server.tier(Tier.FLEX).failStreamNext(1, "internalServerException");
    long start = System.nanoTime();
    TieredResponse<?> r = call(op, scheduler, Slo.ofClass("batch"), seen);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "no wait for a timeout");
    assertEquals(1, r.attempts(), "the SDK's own retry, within the attempt");
    assertEquals(Tier.FLEX, r.servedTier());
    assertEquals(2, h.server.requests().size());
    assertEquals(1, seen.responses.get());
    assertEquals(1, seen.completes.get());
    assertTrue(seen.errors.isEmpty(), seen.errors.toString());
    Ops.Seen clean = new Ops.Seen();
    call(op, scheduler, Slo.ofClass("batch"), clean);
    assertEquals(clean.events.size(), seen.events.size(), "nothing of the failed stream");
  }

  private static TieredResponse<?> call(Ops op, TierScheduler scheduler, Slo slo, Ops.Seen seen) {
    return op.call(
        h.syncClient(scheduler, null), h.asyncClient(scheduler, null), Harness.GPT_OSS, slo, seen);
  }
}
