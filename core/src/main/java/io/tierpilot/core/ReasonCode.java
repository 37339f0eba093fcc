package io.tierpilot.core;

/** Why a {@link Decision} chose what it chose. */
public enum ReasonCode {
  /** The cheapest tier whose probability of meeting the deadline reaches the class target. */
  CHEAPEST_MEETING_TARGET(true),
  /**
   * The cheapest tier that reaches the per-request target as moved by the class's error budget and
   * budget pacing; it does not reach the class's own target.
   */
  PACED(true),
  /**
   * A cheaper tier that just throttled this request reaches the target if the request waits: wait
   * {@link Decision#delayNanos()}, then ask again.
   */
  DEFERRED(true),
  /** No tier reaches the target: the tier with the highest probability. */
  BEST_PROBABILITY(true),
  /**
   * A tier whose estimate is stale, chosen for a small share of requests whose deadline that tier
   * can also meet, to keep every estimate fresh.
   */
  EXPLORATION(true),
  /** A backup call on a faster tier for a call whose first token is late (hedging). */
  HEDGE(true),
  /**
   * No backup call: the class does not hedge, its hedge share is used up, no faster tier is
   * supported, or the deadline has passed.
   */
  NO_HEDGE(false),
  /**
   * Spend runs ahead of the budget with every class that gives way already on its cheapest tier,
   * and this request (of a class with budget sensitivity above 0) is not admitted: no call.
   */
  BUDGET_SHED(false),
  /** The budget's hard cap is reached and the class degrades: the cheapest supported tier. */
  BUDGET_CAP_DEGRADED(true),
  /** The budget's hard cap is reached and the class rejects: no call. */
  BUDGET_CAP_REJECTED(false),
  /** The deadline has already passed: no call. */
  DEADLINE_EXCEEDED(false),
  /** The model supports none of the tiers the scheduler may choose: no call. */
  NO_SUPPORTED_TIER(false),
  /** The request used up its attempts: no call. */
  ATTEMPTS_EXHAUSTED(false);

  private final boolean call;

  ReasonCode(boolean call) {
    this.call = call;
  }

  /** Returns whether a decision with this reason makes a call. */
  public boolean isCall() {
    return call;
  }
}
