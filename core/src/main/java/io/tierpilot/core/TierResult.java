package io.tierpilot.core;

/**
 * The result of a submitted request that succeeded. Immutable.
 *
 * @param <R> the call's result type
 */
public final class TierResult<R> {
  private final R value;
  private final Decision decision;
  private final Tier servedTier;
  private final int attempts;
  private final long latencyNanos;
  private final double costUsd;

  TierResult(
      R value,
      Decision decision,
      Tier servedTier,
      int attempts,
      long latencyNanos,
      double costUsd) {
    this.value = value;
    this.decision = decision;
    this.servedTier = servedTier;
    this.attempts = attempts;
    this.latencyNanos = latencyNanos;
    this.costUsd = costUsd;
  }

  /** Returns the call's result, as the executor produced it; may be null. */
  public R value() {
    return value;
  }

  /** Returns the decision of the successful attempt. */
  public Decision decision() {
    return decision;
  }

  /** Returns the tier that was asked for on the successful attempt. */
  public Tier requestedTier() {
    return decision.tier();
  }

  /** Returns the tier that served the call (billed). */
  public Tier servedTier() {
    return servedTier;
  }

  /** Returns the number of attempts, {@code >= 1}. */
  public int attempts() {
    return attempts;
  }

  /** Returns the time from submission to completion in nanoseconds. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** Returns the cost of the successful call in US dollars, at the served tier's price. */
  public double costUsd() {
    return costUsd;
  }

  @Override
  public String toString() {
    return "TierResult{served="
        + servedTier
        + ", attempts="
        + attempts
        + ", latencyNanos="
        + latencyNanos
        + ", costUsd="
        + costUsd
        + "}";
  }
}
