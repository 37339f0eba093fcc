package io.tierpilot.core;

/** Why a {@link Decision} chose what it chose. */
public enum ReasonCode {
  /** The cheapest tier whose probability of meeting the deadline reaches the class target. */
  CHEAPEST_MEETING_TARGET(true),
  /**
   * The cheapest tier that reaches the class target as relaxed by budget pacing; it does not reach
   * the class's own target.
   */
  PACED(true),
  /** No tier reaches the target: the tier with the highest probability. */
  BEST_PROBABILITY(true),
  /**
   * A tier whose estimate is stale, chosen for a small share of requests whose deadline that tier
   * can also meet, to keep every estimate fresh.
   */
  EXPLORATION(true),
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
