package io.tierpilot.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Locale;

/**
 * The scheduler's answer for one attempt of one request: the chosen tier (or no call) and why, with
 * each tier's estimated probability of meeting the deadline and expected cost.
 *
 * <p>A decision is also the ticket for reporting the attempt's outcome: pass it to {@link
 * TierScheduler#recordSuccess}, {@link TierScheduler#recordThrottle}, {@link
 * TierScheduler#recordFailure} or {@link TierScheduler#recordUnsupported}.
 *
 * <p>Decisions returned by {@link TierScheduler#decide(TierRequest)} are new objects and safe to
 * publish. {@link TierScheduler#decide(TierRequest, Attempts, Decision)} overwrites a caller-owned
 * decision to keep the hot path allocation-free; such a decision must not be shared between threads
 * while in use, and its outcome must be recorded before it is reused.
 */
public final class Decision {
  private static final int TIERS = Tier.values().length;

  TierRequest request;
  ModelState model;
  int classIndex;
  String sloClass;
  Tier tier;
  ReasonCode reason;
  long decidedAtNanos;
  long deadlineNanos;
  int attempt;
  double target;
  double effectiveTarget;
  double pacingMultiplier;
  double errorBudget = 1;
  long delayNanos;
  final double[] probability = new double[TIERS];
  final double[] expectedCostUsd = new double[TIERS];
  // scratch of the engine: single-attempt costs, per-tier queueing offsets, an option's cost
  final double[] singleCostUsd = new double[TIERS];
  final long[] offsetNanos = new long[TIERS];
  double scratchCost;

  // what the engine evaluated the tiers with, kept so that the tiers it left out (dearer than one
  // that reached the target) can be evaluated exactly as it would have, when someone reads them
  final TierEstimate[] estimates = new TierEstimate[TIERS];
  final long[] localWaitNanos = new long[TIERS];
  Engine engine;
  int order;
  int count;
  int throttledMask;
  long lastThrottleNanos;
  boolean retryAllowed;
  long maxTokens;
  long remaining;
  long ttftRemaining;

  /** Tiers (bits by ordinal) not evaluated yet; read with acquire, cleared with release. */
  int pending;

  private static final VarHandle PENDING;

  static {
    try {
      PENDING = MethodHandles.lookup().findVarHandle(Decision.class, "pending", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Creates an empty decision to pass to {@link TierScheduler#decide(TierRequest, Attempts,
   * Decision)}.
   */
  public Decision() {
    Arrays.fill(probability, Double.NaN);
    Arrays.fill(expectedCostUsd, Double.NaN);
  }

  /** Returns the request this decision is for. */
  public TierRequest request() {
    return request;
  }

  /** Returns the resolved SLO class name. */
  public String sloClass() {
    return sloClass;
  }

  /** Returns the chosen tier, or {@code null} when the decision makes no call. */
  public Tier tier() {
    return tier;
  }

  /** Returns why the tier was chosen, or why no call is made. */
  public ReasonCode reason() {
    return reason;
  }

  /** Returns whether a call should be made on {@link #tier()}. */
  public boolean isCall() {
    return reason.isCall();
  }

  /**
   * Returns how long to wait before making the call, in nanoseconds: 0 to call now; positive for a
   * {@link ReasonCode#DEFERRED} decision, after which the caller should ask again (the scheduler
   * decides anew with what it knows then).
   */
  public long delayNanos() {
    return delayNanos;
  }

  /** Returns when the decision was made, on the scheduler's ticker, in nanoseconds. */
  public long decidedAtNanos() {
    return decidedAtNanos;
  }

  /** Returns the resolved end-to-end deadline on the ticker, in nanoseconds. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Returns the time left until the deadline when decided, in nanoseconds; may be negative. */
  public long remainingNanos() {
    return deadlineNanos - decidedAtNanos;
  }

  /** Returns the attempt number this decision is for: 1 for the first try. */
  public int attempt() {
    return attempt;
  }

  /** Returns the class's target probability of meeting the deadline. */
  public double target() {
    return target;
  }

  /**
   * Returns the class's error-budget multiplier when decided: above 1 the class has met its
   * deadlines with room to spare and requests may take more risk; below 1, less (see the decision
   * model).
   */
  public double errorBudget() {
    return errorBudget;
  }

  /**
   * Returns the per-request target after the class's error budget and budget pacing moved it; equal
   * to {@link #target()} when neither does.
   */
  public double effectiveTarget() {
    return effectiveTarget;
  }

  /** Returns the budget pacing multiplier when decided, {@code >= 1}. */
  public double pacingMultiplier() {
    return pacingMultiplier;
  }

  /**
   * Returns the estimated probability that the request finishes before its deadline if sent to
   * {@code tier} now, counting throttles and the retry they force; NaN if the tier was not
   * considered (unsupported, or no call was made).
   *
   * @param tier not null
   * @return a probability in [0, 1], or NaN
   */
  public double probability(Tier tier) {
    int t = Checks.notNull(tier, "tier").ordinal();
    settle();
    return probability[t];
  }

  /**
   * Evaluates the tiers the scheduler left out when it stopped at the first tier that reached the
   * target. Safe from any thread: one evaluates, the others see its result.
   */
  private void settle() {
    if ((int) PENDING.getAcquire(this) != 0) {
      settleSlowly();
    }
  }

  private synchronized void settleSlowly() {
    if (pending != 0) {
      engine.complete(this);
      PENDING.setRelease(this, 0);
    }
  }

  /**
   * Returns the chosen tier's estimated probability of meeting the deadline, or NaN when no call is
   * made.
   */
  public double chosenProbability() {
    return tier == null ? Double.NaN : probability[tier.ordinal()];
  }

  /**
   * Returns the expected cost in US dollars of sending the request to {@code tier}, from the
   * predicted output length and the chance of a throttled retry elsewhere; NaN if not considered.
   *
   * @param tier not null
   * @return dollars, or NaN
   */
  public double expectedCostUsd(Tier tier) {
    int t = Checks.notNull(tier, "tier").ordinal();
    settle();
    return expectedCostUsd[t];
  }

  void reset() {
    Arrays.fill(probability, Double.NaN);
    Arrays.fill(expectedCostUsd, Double.NaN);
    tier = null;
    delayNanos = 0;
    pending = 0;
  }

  /** Returns a one-line explanation: the choice, the reason and every tier's estimate. */
  @Override
  public String toString() {
    settle();
    StringBuilder s = new StringBuilder();
    s.append(tier == null ? "no call" : tier.toString()).append(" (").append(reason);
    s.append(", class ").append(sloClass);
    s.append(String.format(Locale.ROOT, ", target %.4f", target));
    if (effectiveTarget != target) {
      s.append(String.format(Locale.ROOT, " moved to %.4f", effectiveTarget));
    }
    s.append(String.format(Locale.ROOT, ", %.3f s left", remainingNanos() / 1e9));
    if (delayNanos > 0) {
      s.append(String.format(Locale.ROOT, ", after %.3f s", delayNanos / 1e9));
    }
    s.append(")");
    for (Tier t : Tier.values()) {
      if (!Double.isNaN(probability[t.ordinal()])) {
        s.append(
            String.format(
                Locale.ROOT,
                " %s: p=%.4f $%.6f;",
                t,
                probability[t.ordinal()],
                expectedCostUsd[t.ordinal()]));
      }
    }
    return s.toString();
  }
}
