package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two pure controllers, fed explicit samples. */
class ControllersTest {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void pacingRisesWhenAheadAndRelaxesWhenBehind() {
    // $60 per hour: $1 per minute is the pace.
    PacingController p = new PacingController(60, 0.5, 100, 0);
    assertEquals(1.0, p.multiplier(), 1e-12);
    // spending $2 in each one-minute slice: twice the pace
    double spent = 0;
    for (int i = 1; i <= 10; i++) {
      spent += 2;
      p.update(spent, 2, 0, MINUTE, 60 * MINUTE - i * MINUTE, 0);
    }
    double high = p.multiplier();
    assertTrue(high > 2, "multiplier rose: " + high);
    // now spending nothing: relaxes back to 1
    for (int i = 11; i <= 40; i++) {
      p.update(spent, 0, 0, MINUTE, 60 * MINUTE - i * MINUTE, 0);
    }
    assertEquals(1.0, p.multiplier(), 1e-12);
  }

  @Test
  void pacingHoldsAtPaceAndSaturatesWhenExhausted() {
    PacingController p = new PacingController(60, 0.5, 100, 0);
    for (int i = 1; i <= 30; i++) {
      p.update(i, 1, 0, MINUTE, 60 * MINUTE - i * MINUTE, 0);
    }
    assertEquals(1.0, p.multiplier(), 1e-9);
    p.update(61, 1, 0, MINUTE, 10 * MINUTE, 0);
    assertEquals(100, p.multiplier(), 1e-9);
  }

  @Test
  void pacingWeighsThePremiumOverTheFloor() {
    // $60 per hour, $1 per minute; the cheapest tiers would cost $0.9 per minute: $0.1 of premium
    // per minute is what the budget leaves
    double floorRate = 0.9 / MINUTE;
    // without a floor (0) the controller paces the whole spend
    PacingController whole = new PacingController(60, 0.5, 1000, 0);
    PacingController premium = new PacingController(60, 0.5, 1000, 0);
    // a minute at $1.10, $0.20 of it premium: 10% over the pace, twice the premium allowed
    whole.update(1.1, 1.1, 0, MINUTE, 59 * MINUTE, 0);
    premium.update(1.1, 1.1, 0.9, MINUTE, 59 * MINUTE, floorRate);
    assertTrue(whole.multiplier() < 1.06, "10% over the pace: " + whole.multiplier());
    assertTrue(premium.multiplier() > 1.4, "twice the premium: " + premium.multiplier());
    // a minute on the floor alone: relaxes
    premium.update(2.0, 0.9, 0.9, MINUTE, 58 * MINUTE, floorRate);
    assertTrue(premium.multiplier() < 1.1, "no premium: " + premium.multiplier());
    // the floor alone would spend more than is left: any premium pushes hard, none holds
    PacingController tight = new PacingController(60, 0.5, 1000, 0);
    tight.update(30, 1.05, 1.0, MINUTE, 30 * MINUTE, 1.0 / MINUTE);
    assertEquals(4.0, tight.multiplier(), 1e-9);
    tight.update(31, 1.0, 1.0, MINUTE, 29 * MINUTE, 1.0 / MINUTE);
    assertEquals(4.0, tight.multiplier(), 1e-9);
  }

  @Test
  void pastTheLargestMultiplierPacingAdmitsFewerRequests() {
    // $60 per hour; half of it left for half an hour, and the cheapest tiers alone spend $2 a
    // minute, twice that: there is no premium to take away, so admission pacing starts at once
    PacingController p = new PacingController(60, 0.5, 4, 0.99);
    p.update(30, 2.0, 2.0, MINUTE, 30 * MINUTE, 2.0 / MINUTE);
    assertEquals(4.0, p.multiplier(), 1e-9);
    assertEquals(1.0, p.admission(), 1e-9);
    // $2 a minute against the $28 / 29 min left: a = (r* / r)^g
    p.update(32, 2.0, 2.0, MINUTE, 29 * MINUTE, 2.0 / MINUTE);
    double a = Math.sqrt(28.0 / 29 / 2);
    assertEquals(a, p.admission(), 1e-9);
    assertEquals(4.0, p.multiplier(), 1e-9);
    // spending less than the rest allows gives the admission back, then the multiplier
    p.update(32.5, 0.5, 0.5, MINUTE, 28 * MINUTE, 0.5 / MINUTE);
    assertEquals(a * Math.sqrt(27.5 / 28 / 0.5), p.admission(), 1e-9);
    for (int i = 0; i < 4; i++) {
      p.update(33, 0.1, 0.1, MINUTE, (27 - i) * MINUTE, 0.1 / MINUTE);
    }
    assertEquals(1.0, p.admission(), 1e-9);
    assertTrue(p.multiplier() < 4, "relaxes into the multiplier: " + p.multiplier());
    // an exhausted budget admits the fewest
    p.update(60, 1.0, 1.0, MINUTE, 20 * MINUTE, 1.0 / MINUTE);
    assertEquals(0.01, p.admission(), 1e-9);
    assertEquals(4.0, p.multiplier(), 1e-9);

    // a slice without spend while refusing admits four times as many (g = 0.5)
    p.update(40, 1.0, 1.0, MINUTE, 20 * MINUTE, 1.0 / MINUTE);
    double before = p.admission();
    assertTrue(before < 0.25, "refusing: " + before);
    p.update(40, 0, 0, MINUTE, 19 * MINUTE, 1.0 / MINUTE);
    assertEquals(4 * before, p.admission(), 1e-9);
    // a new budget window starts admitting everyone; the multiplier carries over
    p.update(60, 1.0, 1.0, MINUTE, 18 * MINUTE, 1.0 / MINUTE);
    assertEquals(0.01, p.admission(), 1e-9);
    p.newWindow();
    assertEquals(1.0, p.admission(), 1e-9);
    assertEquals(4.0, p.multiplier(), 1e-9);

    // a largest shed share of 0 never refuses: with no premium left to take away the multiplier
    // holds, and an exhausted budget only takes it to its maximum
    PacingController never = new PacingController(60, 0.5, 4, 0);
    never.update(30, 2.0, 2.1, MINUTE, 30 * MINUTE, 2.0 / MINUTE);
    assertEquals(1.0, never.multiplier(), 1e-9);
    never.update(32, 2.0, 2.0, MINUTE, 29 * MINUTE, 2.0 / MINUTE);
    assertEquals(1.0, never.multiplier(), 1e-9);
    never.update(60, 1.0, 1.0, MINUTE, 20 * MINUTE, 1.0 / MINUTE);
    assertEquals(1.0, never.admission(), 1e-9);
    assertEquals(4.0, never.multiplier(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> new PacingController(60, 0.5, 4, 1));
  }

  @Test
  void effectiveTargetRelaxesBySensitivity() {
    assertEquals(0.99, PacingController.effectiveTarget(0.99, 1, 1), 1e-12);
    assertEquals(0.99, PacingController.effectiveTarget(0.99, 0, 50), 1e-12);
    assertEquals(0.98, PacingController.effectiveTarget(0.99, 1, 2), 1e-12);
    assertEquals(1 - 0.01 * Math.sqrt(4), PacingController.effectiveTarget(0.99, 0.5, 4), 1e-12);
    assertEquals(0.0, PacingController.effectiveTarget(0.99, 1, 1000), 1e-12);
  }

  @Test
  void aimdStartsSlowThenAddsSlowlyAndBacksOffOncePerEvent() {
    AimdLimit l = new AimdLimit(10, 1, 100, 1, 0.5, 0);
    assertEquals(10, l.current());
    for (int i = 0; i < 10; i++) {
      l.onSuccess(10); // saturated: slow start adds one per success
    }
    assertEquals(20, l.current());
    l.onSuccess(2); // mostly idle: no growth
    assertEquals(20, l.current());
    assertTrue(l.inSlowStart());

    assertEquals(10, l.onThrottle(100, 200));
    assertEquals(10, l.onThrottle(150, 210), "a call in flight before the cut: same event");
    assertEquals(5, l.onThrottle(205, 220), "a call started after the cut: a new event");
    assertTrue(!l.inSlowStart());
    for (int i = 0; i < 5; i++) {
      l.onSuccess(5); // congestion avoidance: about one per window of successes
    }
    assertEquals(5.9, l.exact(), 0.1);
    for (int i = 0; i < 3; i++) {
      l.onThrottle(1000 + i * 100, 1000 + i * 100 + 50);
    }
    assertEquals(1, l.current(), "floor");
    for (int i = 0; i < 100_000; i++) {
      l.onSuccess(1000);
    }
    assertEquals(100, l.current(), "ceiling");
  }

  @Test
  void aToleratedThrottleShareDoesNotCutTheLimit() {
    AimdLimit l = new AimdLimit(50, 1, 100, 1, 0.5, 0.25);
    long t = 0;
    for (int i = 0; i < 2000; i++) {
      t += 10;
      if (i % 5 == 0) { // 20% throttled, spread out
        l.onThrottle(t - 5, t);
      } else {
        l.onSuccess(100);
      }
    }
    assertEquals(100, l.current(), "random rejections below the tolerance");
    for (int i = 0; i < 200; i++) {
      t += 10;
      l.onThrottle(t - 5, t); // sustained throttling
    }
    assertEquals(1, l.current());
  }
}
