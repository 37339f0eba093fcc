package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * After a throttle, a request with time to spare waits for the cheap tier (DEFERRED) instead of
 * escalating; a tight one escalates; and nobody bounces off a tier that just throttled it.
 */
class DeferralTest {
  private static final Duration GAP = Duration.ofMillis(200);
  private final FakeTicker ticker = new FakeTicker();

  private TierScheduler scheduler() {
    return World.withMatchingPriors(Fixtures.builder(ticker), Duration.ofMillis(100)).build();
  }

  @Test
  void aLooseRequestWaitsForFlexAfterAThrottleAndThenUsesIt() {
    TierScheduler s = scheduler();
    World w = new World(ticker, s, 31);
    w.tiers.get(Tier.FLEX).throttle = 0.3;
    w.run("batch", 1500, GAP); // Flex's window learns a 30% throttle rate

    TierRequest batch = Fixtures.request(s, "batch");
    Decision first = s.decide(batch);
    assertEquals(Tier.FLEX, first.tier());
    s.recordThrottle(first, 100_000_000L);
    Attempts afterThrottle = Attempts.none().afterThrottle(Tier.FLEX, ticker.read());
    Decision second = s.decide(batch, afterThrottle);
    assertEquals(ReasonCode.DEFERRED, second.reason(), second.toString());
    assertEquals(Tier.FLEX, second.tier());
    assertTrue(second.delayNanos() > 0);
    assertTrue(second.toString().contains("after "), second.toString());

    ticker.advanceNanos(second.delayNanos());
    Decision third = s.decide(batch, afterThrottle);
    assertEquals(Tier.FLEX, third.tier(), third.toString());
    assertEquals(0, third.delayNanos());
    assertEquals(ReasonCode.CHEAPEST_MEETING_TARGET, third.reason());
  }

  @Test
  void aTightRequestEscalatesAtOnceAndNeverBouncesOffTheSameTier() {
    TierScheduler s = scheduler();
    World w = new World(ticker, s, 32);
    w.run("interactive", 1500, GAP);
    TierRequest tight = Fixtures.request(s, "interactive");
    Attempts a = Attempts.none();
    for (int i = 0; i < 3; i++) {
      Decision d = s.decide(tight, a);
      assertEquals(0, d.delayNanos(), d.toString());
      if (i > 0) {
        assertNotEquals(Tier.FLEX, d.tier(), "retried the tier that just throttled: " + d);
      }
      s.recordThrottle(d, 50_000_000L);
      a = a.afterThrottle(d.tier(), ticker.read());
      ticker.advance(Duration.ofMillis(60));
    }
  }

  @Test
  void deferralCanBeTurnedOffAndSubmitNeverDefers() throws Exception {
    TierScheduler off =
        World.withMatchingPriors(Fixtures.builder(ticker), Duration.ofMillis(100))
            .deferralDelays()
            .build();
    World w = new World(ticker, off, 33);
    w.tiers.get(Tier.FLEX).throttle = 0.3;
    w.run("batch", 1500, GAP);
    Decision d =
        off.decide(
            Fixtures.request(off, "batch"),
            Attempts.none().afterThrottle(Tier.FLEX, ticker.read()));
    assertNotEquals(ReasonCode.DEFERRED, d.reason());
    assertEquals(0, d.delayNanos());

    TierScheduler s = scheduler();
    java.util.List<Attempt> seen = new java.util.ArrayList<>();
    java.util.concurrent.CompletableFuture<TierResult<String>> f =
        s.submit(
            Fixtures.request(s, "batch"),
            attempt -> {
              seen.add(attempt);
              return java.util.concurrent.CompletableFuture.completedFuture(
                  seen.size() == 1
                      ? CallOutcome.<String>throttled(null)
                      : CallOutcome.success("ok", attempt.tier(), 1, 1));
            });
    assertEquals("ok", f.get().value());
    assertEquals(2, seen.size(), "retried at once: submit has no timer to wait with");
    assertEquals(0, seen.get(1).decision().delayNanos());
  }
}
