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

  /** A scheduler whose Flex window has learned a 30% throttle rate from batch traffic. */
  private TierScheduler afterFlexThrottles(TierScheduler.Builder b, long seed) {
    TierScheduler s = World.withMatchingPriors(b, Duration.ofMillis(100)).build();
    World w = new World(ticker, s, seed);
    w.tiers.get(Tier.FLEX).throttle = 0.3;
    w.run("batch", 1500, GAP);
    return s;
  }

  /** A decision for a request of {@code cls} that Flex has just throttled. */
  private Decision afterAFlexThrottle(TierScheduler s, String cls) {
    return s.decide(
        Fixtures.request(s, cls), Attempts.none().afterThrottle(Tier.FLEX, ticker.read()));
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
    TierScheduler off = afterFlexThrottles(Fixtures.builder(ticker).deferralDelays(), 33);
    Decision d = afterAFlexThrottle(off, "batch");
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

  @Test
  void aRequestTheThrottlingTierStillSuitsWaitsForItIfLaterIsMoreLikely() {
    // a class content with 50%: Flex reaches it even right after a throttle, so the request
    // stays on Flex; waiting for the burst to pass costs nothing and makes the call likelier
    SloClass lenient =
        SloClass.newBuilder("lenient").target(0.5).deadline(Duration.ofMinutes(30)).build();
    TierScheduler s = afterFlexThrottles(Fixtures.builder(ticker).sloClass(lenient), 34);
    TierRequest r = Fixtures.request(s, "lenient");
    Decision first = s.decide(r);
    assertEquals(Tier.FLEX, first.tier());
    s.recordThrottle(first, 100_000_000L);
    Attempts after = Attempts.none().afterThrottle(Tier.FLEX, ticker.read());
    Decision second = s.decide(r, after);
    assertEquals(Tier.FLEX, second.tier(), second.toString());
    assertEquals(ReasonCode.DEFERRED, second.reason(), second.toString());
    assertTrue(second.delayNanos() > 0);

    // the same decision without deferral calls at once, and is less likely to meet the deadline
    TierScheduler off =
        afterFlexThrottles(Fixtures.builder(ticker).sloClass(lenient).deferralDelays(), 34);
    Decision now = afterAFlexThrottle(off, "lenient");
    assertEquals(Tier.FLEX, now.tier());
    assertEquals(0, now.delayNanos());
    assertTrue(
        second.probability(Tier.FLEX) > now.probability(Tier.FLEX) + 0.02, second + " vs " + now);
  }
}
