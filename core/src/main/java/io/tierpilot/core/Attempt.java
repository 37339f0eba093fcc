package io.tierpilot.core;

/** One try of a submitted request on one tier, handed to a {@link TierExecutor}. Immutable. */
public final class Attempt {
  private final Decision decision;
  private final long startNanos;

  Attempt(Decision decision, long startNanos) {
    this.decision = decision;
    this.startNanos = startNanos;
  }

  /** Returns the request. */
  public TierRequest request() {
    return decision.request();
  }

  /** Returns the tier to call. */
  public Tier tier() {
    return decision.tier();
  }

  /** Returns the decision behind this attempt, with its reason and estimates. */
  public Decision decision() {
    return decision;
  }

  /** Returns the attempt number: 1 for the first try. */
  public int number() {
    return decision.attempt();
  }

  /** Returns when the attempt starts, on the scheduler's ticker, in nanoseconds. */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Returns the time left until the request's deadline when the attempt starts, in nanoseconds,
   * {@code > 0}: the timeout to give the call.
   */
  public long timeoutNanos() {
    return decision.deadlineNanos() - startNanos;
  }

  @Override
  public String toString() {
    return "Attempt{#" + number() + " on " + tier() + ", timeoutNanos=" + timeoutNanos() + "}";
  }
}
