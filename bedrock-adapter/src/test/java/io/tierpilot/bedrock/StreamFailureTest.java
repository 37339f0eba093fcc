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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * A stream that fails after the caller's handler received output is not retried: a retry would
 * deliver the output twice. The handler gets exactly one terminal signal.
 */
class StreamFailureTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.shared();
  }

  @ParameterizedTest
  @EnumSource(
      value = Ops.class,
      names = {"CONVERSE_STREAM", "INVOKE_STREAM"})
  void anErrorAfterTheFirstEventFailsTheCallWithoutRetry(Ops op) {
    h.server.reset();
    h.server.tier(Tier.FLEX).breakStreamNext(1);
    Harness.Outcomes outcomes = new Harness.Outcomes();
    TierScheduler scheduler = Harness.scheduler(outcomes);
    Ops.Seen seen = new Ops.Seen();
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class,
            () ->
                op.call(
                    h.syncClient(scheduler, null),
                    h.asyncClient(scheduler, null),
                    Harness.GPT_OSS,
                    Slo.ofClass("batch"),
                    seen));
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
}
