package io.tierpilot.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Error-budget pacing of one SLO class: spends the misses the class's target allows on cheaper
 * tiers, and stops spending them when the class misses more than it may.
 *
 * <h2>Why</h2>
 *
 * A class target {@code τ} (say 0.99) is a promise about the share of the class's requests that
 * meet their deadline, not about each request. Choosing, for every request, a tier with {@code P ≥
 * τ} keeps the promise with room to spare (most requests get {@code P} far above {@code τ}), and
 * pays for the room. This controller lets the per-request threshold move so that the realized miss
 * rate tracks the class's error budget {@code 1 − τ}, minus a safety margin.
 *
 * <h2>Formula</h2>
 *
 * Over the sliding window (the engine's slices), with {@code n} requests of the class finished and
 * {@code m} of them missed, and a prior of {@code a} requests at the budget:
 *
 * <pre>
 *   realized miss rate  r = (m + a · (1 − τ)) / (n + a)
 *   allowed miss rate   μ = (1 − τ) · (1 − margin)
 *   ln b ← clamp( ln b + g · ln(μ / r),  ln bMin,  ln bMax )        at every slice end
 *   per-request target  τ_req = max(0, 1 − (1 − τ) · b · m_pacing^σ)
 * </pre>
 *
 * <p>{@code b > 1} spends budget (the class has been meeting its deadlines with room), {@code b <
 * 1} saves it (the class has been missing). Defaults: margin 0.3, gain g = 0.3, a = 50, bMin =
 * 0.25, bMax = 1.5. A request counts as finished when it succeeds (met if within its deadline),
 * fails, times out, is given up without a call (deadline passed, attempts or budget exhausted), or
 * expires while waiting in the dispatcher's queue.
 *
 * <p>The prior sits at {@code 1 − τ}, above {@code μ}: while the window holds fewer than {@code a ·
 * margin / (1 − margin)} finished requests (21 by default), {@code r > μ} without any miss and
 * {@code b} falls toward bMin. A class with that little traffic is held to more than its target
 * until its own requests outweigh the prior.
 *
 * <p>Threads: {@link #finished} from any thread; {@link #endSlice} from the maintenance thread.
 */
final class ErrorBudget {
  private static final double PRIOR = 50;

  private final double allowedMissRate;
  private final double budget;
  private final double gain;
  private final double logMin;
  private final double logMax;
  private final LongAdder finished = new LongAdder();
  private final LongAdder missed = new LongAdder();
  private final long[][] ring;
  private int head;
  private long lastFinished;
  private long lastMissed;
  private long windowFinished;
  private long windowMissed;
  private double logMultiplier;
  private volatile double multiplier = 1;

  /**
   * @param target the class target τ
   * @param margin share of the budget kept in reserve, [0, 1)
   * @param gain the controller gain g; 0 disables the controller (b stays 1)
   * @param min bMin, in (0, 1]
   * @param max bMax, {@code >= 1}
   * @param slices slices in the window
   */
  ErrorBudget(double target, double margin, double gain, double min, double max, int slices) {
    this.budget = 1 - target;
    this.allowedMissRate = budget * (1 - margin);
    this.gain = gain;
    this.logMin = StrictMath.log(min);
    this.logMax = StrictMath.log(max);
    this.ring = new long[slices][2];
  }

  /** Counts a finished request of the class. Any thread. */
  void finished(boolean met) {
    finished.increment();
    if (!met) {
      missed.increment();
    }
  }

  /** Ends a slice: the window moves and the multiplier follows. Maintenance thread only. */
  void endSlice(boolean empty) {
    long f = finished.sum();
    long m = missed.sum();
    long[] slot = ring[head];
    long sliceFinished = empty ? 0 : f - lastFinished;
    long sliceMissed = empty ? 0 : m - lastMissed;
    if (!empty) {
      lastFinished = f;
      lastMissed = m;
    }
    windowFinished += sliceFinished - slot[0];
    windowMissed += sliceMissed - slot[1];
    slot[0] = sliceFinished;
    slot[1] = sliceMissed;
    head = head + 1 == ring.length ? 0 : head + 1;
    if (gain <= 0 || sliceFinished == 0) {
      return;
    }
    double rate = (windowMissed + PRIOR * budget) / (windowFinished + PRIOR);
    logMultiplier =
        Math.max(
            logMin,
            Math.min(logMax, logMultiplier + gain * StrictMath.log(allowedMissRate / rate)));
    multiplier = StrictMath.exp(logMultiplier);
  }

  /** Returns b: how much of the class's error budget requests may spend now. */
  double multiplier() {
    return multiplier;
  }

  /** Returns the window's finished requests of the class. */
  long windowFinished() {
    return windowFinished;
  }

  /** Returns the window's missed requests of the class. */
  long windowMissed() {
    return windowMissed;
  }
}
