package io.tierpilot.core;

/**
 * An additive-increase, multiplicative-decrease limit on calls in flight, with TCP's slow start and
 * its one-reduction-per-window rule.
 *
 * <h2>Algorithm</h2>
 *
 * The limit {@code L} is a real number in {@code [min, max]}; callers use {@code floor(L)}. Two
 * states:
 *
 * <ul>
 *   <li><b>slow start</b> (from the beginning until the first throttle): each success that found
 *       the limit in use ({@code inFlight >= L / 2}) adds 1, so the limit doubles per round trip
 *       and finds the capacity a service needs within a few round trips;
 *   <li><b>congestion avoidance</b> (after a throttle): each such success adds {@code α / L}, about
 *       {@code α} per round trip.
 * </ul>
 *
 * <p>A throttle multiplies {@code L} by {@code β}, but only if the throttled call started after the
 * previous reduction (the calls already in flight when the limit was cut belong to the same
 * congestion event, so a burst of throttles cuts the limit once, not once per call) and only if the
 * recent throttle share {@code s} exceeds the tolerance {@code τ}. {@code s} is a moving average
 * over outcomes, {@code s ← s + (x − s) / 32} with {@code x = 1} for a throttle and {@code 0} for a
 * success. With {@code τ = 0} every throttling event counts, as in TCP; a tier that rejects a share
 * of calls by design whatever the caller's own load (Flex) gets a tolerance above that share, so
 * that its limit tracks sustained overload rather than random rejections. Successes of a limit that
 * is mostly unused do not raise it, so an idle tier does not accumulate an unbounded limit.
 *
 * <p>Pure and single-threaded: the dispatcher serialises calls to it.
 */
final class AimdLimit {
  private final double min;
  private final double max;
  private final double increase;
  private final double backoff;
  private final double tolerance;
  private double limit;
  private double throttleShare;
  private boolean slowStart = true;
  private long lastReductionNanos = Long.MIN_VALUE;

  /**
   * @param initial starting limit, in {@code [min, max]}
   * @param min lower bound, {@code >= 1}
   * @param max upper bound
   * @param increase {@code α > 0}
   * @param backoff {@code β} in (0, 1)
   * @param tolerance {@code τ} in [0, 1)
   */
  AimdLimit(
      double initial, double min, double max, double increase, double backoff, double tolerance) {
    this.tolerance = tolerance;
    this.min = min;
    this.max = max;
    this.increase = increase;
    this.backoff = backoff;
    this.limit = Math.max(min, Math.min(max, initial));
  }

  /**
   * Applies a successful call and returns the new whole limit.
   *
   * @param inFlight calls in flight when the call finished (itself included)
   */
  int onSuccess(int inFlight) {
    throttleShare -= throttleShare / 32;
    if (inFlight >= limit / 2) {
      limit = Math.min(max, limit + (slowStart ? 1 : increase / limit));
    }
    return current();
  }

  /**
   * Applies a throttle and returns the new whole limit.
   *
   * @param startNanos when the throttled call started
   * @param nowNanos when the throttle was reported
   */
  int onThrottle(long startNanos, long nowNanos) {
    throttleShare += (1 - throttleShare) / 32;
    if (startNanos >= lastReductionNanos && throttleShare > tolerance) {
      limit = Math.max(min, limit * backoff);
      lastReductionNanos = nowNanos;
      slowStart = false;
    }
    return current();
  }

  /** Returns {@code floor(L)}. */
  int current() {
    return (int) limit;
  }

  /** Returns {@code L}. */
  double exact() {
    return limit;
  }

  /** Returns whether the limit is still in slow start. */
  boolean inSlowStart() {
    return slowStart;
  }
}
