package io.tierpilot.core;

/**
 * What happened to a request's earlier attempts, passed back to {@link
 * TierScheduler#decide(TierRequest, Attempts)} for a re-decision after a failure. Immutable.
 *
 * <p>A tier that throttled this request is treated as likely to throttle again on the next try (see
 * {@code retryThrottleProbability}), so a re-decision escalates (Flex → Standard → Priority) when
 * the remaining deadline needs it and stays put when it does not.
 */
public final class Attempts {
  private static final Attempts NONE = new Attempts(0, 0, TierRequest.UNSET);

  private final int count;
  private final int throttledMask;
  private final long lastThrottleNanos;

  private Attempts(int count, int throttledMask, long lastThrottleNanos) {
    this.count = count;
    this.throttledMask = throttledMask;
    this.lastThrottleNanos = lastThrottleNanos;
  }

  /** Returns the history of a request that has not been tried yet. */
  public static Attempts none() {
    return NONE;
  }

  /**
   * Returns this history plus one attempt on {@code tier} that was throttled (429, 503 or model not
   * ready).
   *
   * @param tier the tier that throttled; not null
   * @return the new history
   */
  public Attempts afterThrottle(Tier tier) {
    return new Attempts(
        count + 1, throttledMask | Checks.notNull(tier, "tier").bit(), TierRequest.UNSET);
  }

  /**
   * Returns this history plus one attempt on {@code tier} that was throttled at a known time. The
   * scheduler then lets the throttle's memory fade with the time since (see {@code
   * throttleMemory}); without the time it treats every re-decision as coming right after the
   * throttle.
   *
   * @param tier the tier that throttled; not null
   * @param throttledAtNanos when the throttle response arrived, on the scheduler's ticker
   * @return the new history
   */
  public Attempts afterThrottle(Tier tier, long throttledAtNanos) {
    if (throttledAtNanos == TierRequest.UNSET) {
      throw new IllegalArgumentException("throttledAtNanos must not be Long.MIN_VALUE");
    }
    return new Attempts(
        count + 1, throttledMask | Checks.notNull(tier, "tier").bit(), throttledAtNanos);
  }

  /**
   * Returns this history plus one attempt that failed without a throttle, for example a rejected
   * tier.
   *
   * @return the new history
   */
  public Attempts afterAttempt() {
    return new Attempts(count + 1, throttledMask, lastThrottleNanos);
  }

  /** Returns the number of attempts made so far. */
  public int count() {
    return count;
  }

  /**
   * Returns whether {@code tier} throttled an earlier attempt.
   *
   * @param tier not null
   * @return whether it did
   */
  public boolean throttled(Tier tier) {
    return (throttledMask & Checks.notNull(tier, "tier").bit()) != 0;
  }

  int throttledMask() {
    return throttledMask;
  }

  /** Returns when the last throttle happened, or {@link TierRequest#UNSET} if not known. */
  long lastThrottleNanos() {
    return lastThrottleNanos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attempts
        && ((Attempts) o).count == count
        && ((Attempts) o).throttledMask == throttledMask
        && ((Attempts) o).lastThrottleNanos == lastThrottleNanos;
  }

  @Override
  public int hashCode() {
    return (count * 31 + throttledMask) * 31 + Long.hashCode(lastThrottleNanos);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Attempts{count=").append(count).append(", throttled=[");
    String sep = "";
    for (Tier t : Tier.values()) {
      if ((throttledMask & t.bit()) != 0) {
        s.append(sep).append(t);
        sep = ",";
      }
    }
    return s.append("]}").toString();
  }
}
