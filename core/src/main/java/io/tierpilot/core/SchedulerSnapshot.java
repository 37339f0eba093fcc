package io.tierpilot.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A point-in-time view of a whole scheduler. Immutable. */
public final class SchedulerSnapshot {
  private final long takenAtNanos;
  private final double pacingMultiplier;
  private final double budgetAdmission;
  private final Budget budget;
  private final double spentInWindowUsd;
  private final double spentTotalUsd;
  private final Map<String, Double> spendByTagUsd;
  private final long submitted;
  private final long succeeded;
  private final long cancelled;
  private final long failed;
  private final long deadlineExceeded;
  private final int waiting;
  private final List<TierSnapshot> tiers;

  SchedulerSnapshot(
      long takenAtNanos,
      double pacingMultiplier,
      double budgetAdmission,
      Budget budget,
      double spentInWindowUsd,
      double spentTotalUsd,
      Map<String, Double> spendByTagUsd,
      long submitted,
      long succeeded,
      long cancelled,
      long failed,
      long deadlineExceeded,
      int waiting,
      List<TierSnapshot> tiers) {
    this.takenAtNanos = takenAtNanos;
    this.pacingMultiplier = pacingMultiplier;
    this.budgetAdmission = budgetAdmission;
    this.budget = budget;
    this.spentInWindowUsd = spentInWindowUsd;
    this.spentTotalUsd = spentTotalUsd;
    this.spendByTagUsd = Map.copyOf(spendByTagUsd);
    this.submitted = submitted;
    this.succeeded = succeeded;
    this.cancelled = cancelled;
    this.failed = failed;
    this.deadlineExceeded = deadlineExceeded;
    this.waiting = waiting;
    this.tiers = List.copyOf(tiers);
  }

  /** Returns when the snapshot was taken, on the scheduler's ticker, in nanoseconds. */
  public long takenAtNanos() {
    return takenAtNanos;
  }

  /** Returns the budget pacing multiplier, {@code >= 1} (1 without a budget). */
  public double pacingMultiplier() {
    return pacingMultiplier;
  }

  /**
   * Returns the budget admission, in {@code (0, 1]}: the share of a class with budget sensitivity 1
   * that pacing sends (1 without a budget or while cheaper tiers keep it); see {@link
   * TierScheduler#budgetAdmission()}.
   */
  public double budgetAdmission() {
    return budgetAdmission;
  }

  /** Returns the budget, or null if none is configured. */
  public Budget budget() {
    return budget;
  }

  /** Returns the spend in the current budget window, in US dollars. */
  public double spentInWindowUsd() {
    return spentInWindowUsd;
  }

  /** Returns the spend since the scheduler was built, in US dollars. */
  public double spentTotalUsd() {
    return spentTotalUsd;
  }

  /** Returns the spend per accounting tag since the scheduler was built, in US dollars. */
  public Map<String, Double> spendByTagUsd() {
    return spendByTagUsd;
  }

  /** Returns the requests submitted through {@code submit}. */
  public long submitted() {
    return submitted;
  }

  /** Returns the submitted requests that completed with a result. */
  public long succeeded() {
    return succeeded;
  }

  /**
   * Returns the submitted requests whose future their caller completed or cancelled first: no
   * further attempt was made for them, and an attempt in flight was cancelled if its stage allowed
   * it. {@code submitted = succeeded + failed + cancelled + waiting + in flight}.
   */
  public long cancelled() {
    return cancelled;
  }

  /** Returns the submitted requests that completed exceptionally (deadline exceeded included). */
  public long failed() {
    return failed;
  }

  /** Returns the submitted requests that failed with a deadline-exceeded error. */
  public long deadlineExceeded() {
    return deadlineExceeded;
  }

  /** Returns the submitted requests waiting for capacity. */
  public int waiting() {
    return waiting;
  }

  /** Returns one entry per (model, tier) the scheduler knows, sorted by model then tier. */
  public List<TierSnapshot> tiers() {
    return tiers;
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "SchedulerSnapshot{pacing=%.3f, admission=%.4f, spent=$%.6f (window $%.6f%s), submitted=%d,"
                    + " succeeded=%d, cancelled=%d, failed=%d (deadline %d), waiting=%d}",
                pacingMultiplier,
                budgetAdmission,
                spentTotalUsd,
                spentInWindowUsd,
                budget == null ? "" : " of $" + budget.amountUsd(),
                submitted,
                succeeded,
                cancelled,
                failed,
                deadlineExceeded,
                waiting));
    for (TierSnapshot t : tiers) {
      s.append("\n  ").append(t);
    }
    return s.toString();
  }
}
