package io.tierpilot.bench;

import io.tierpilot.core.ReasonCode;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierRequest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link BaselineScheduler}'s answer for one attempt: the chosen tier (or no call), why, and
 * each tier's probability of meeting the deadline and expected cost. Written once by the decision,
 * then only read; safe to publish through the scheduler's queues and futures.
 */
public final class BaselineDecision {
  final TierRequest request;
  final BaselineScheduler.Model model;
  final int classIndex;
  private final long decidedAtNanos;
  private final long deadlineNanos;
  private final int attempt;
  final double target;
  final double[] probability = new double[Tier.values().length];
  final double[] expectedCostUsd = new double[Tier.values().length];
  private Tier tier;
  private ReasonCode reason;

  BaselineDecision(
      TierRequest request,
      BaselineScheduler.Model model,
      int classIndex,
      long decidedAtNanos,
      long deadlineNanos,
      int attempt,
      double target) {
    this.request = request;
    this.model = model;
    this.classIndex = classIndex;
    this.decidedAtNanos = decidedAtNanos;
    this.deadlineNanos = deadlineNanos;
    this.attempt = attempt;
    this.target = target;
    Arrays.fill(probability, Double.NaN);
    Arrays.fill(expectedCostUsd, Double.NaN);
  }

  BaselineDecision finish(Tier tier, ReasonCode reason) {
    this.tier = tier;
    this.reason = reason;
    return this;
  }

  /** Returns the request. */
  public TierRequest request() {
    return request;
  }

  /** Returns the chosen tier, or null when no call is made. */
  public Tier tier() {
    return tier;
  }

  /** Returns why. */
  public ReasonCode reason() {
    return reason;
  }

  /** Returns whether a call should be made. */
  public boolean isCall() {
    return tier != null;
  }

  /** Returns when the decision was made, ticker nanoseconds. */
  public long decidedAtNanos() {
    return decidedAtNanos;
  }

  /** Returns the request's end-to-end deadline, ticker nanoseconds. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Returns the attempt number, 1 for the first. */
  public int attempt() {
    return attempt;
  }

  /**
   * Returns a tier's estimated probability of meeting the deadline, or NaN if it was not weighed.
   *
   * @param tier not null
   * @return a probability in [0, 1], or NaN
   */
  public double probability(Tier tier) {
    return probability[Objects.requireNonNull(tier, "tier").ordinal()];
  }

  /**
   * Returns a tier's expected cost in US dollars, or NaN if it was not weighed.
   *
   * @param tier not null
   * @return dollars, or NaN
   */
  public double expectedCostUsd(Tier tier) {
    return expectedCostUsd[Objects.requireNonNull(tier, "tier").ordinal()];
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(tier == null ? "no call" : tier.toString()).append(" (").append(reason).append(')');
    for (Tier t : Tier.values()) {
      if (!Double.isNaN(probability[t.ordinal()])) {
        s.append(' ').append(t).append(": p=").append(probability[t.ordinal()]).append(';');
      }
    }
    return s.toString();
  }
}
