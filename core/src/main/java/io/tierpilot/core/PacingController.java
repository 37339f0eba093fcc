package io.tierpilot.core;

/**
 * Budget pacing: keeps spend on the line from zero at the start of a budget window to the budget at
 * its end, by moving one number, the pacing multiplier {@code m >= 1}.
 *
 * <h2>Formula</h2>
 *
 * At the end of each slice of length {@code Δ}, with budget {@code B} per window, spend so far in
 * the window {@code S}, time left in the window {@code T}, and the slice's spend {@code s}:
 *
 * <pre>
 *   needed rate  r* = max(B − S, 0) / T          (what may still be spent per second)
 *   actual rate  r  = s / Δ
 *   ln m  ←  clamp( ln m + g · ln(r / r*),  0,  ln mMax )
 * </pre>
 *
 * <p>{@code g} is the gain (default 0.5). This is an integral controller on the logarithm of the
 * rate ratio: spending twice as fast as the remaining budget allows raises {@code m} by a factor
 * {@code 2^g} per slice, and spending at half that rate lowers it by the same factor until it is
 * back at 1 ("relaxes"). A slice with no spend at all lowers {@code m} by {@code 2^g}. Once the
 * budget of the window is spent, {@code m = mMax}. A new window starts at the current {@code m}, so
 * what was learned about the traffic carries over.
 *
 * <h2>Effect</h2>
 *
 * The scheduler reads {@code m} as the price of reliability: a class with target {@code τ} and
 * budget sensitivity {@code σ} is scheduled against the effective target {@code τ' = max(0, 1 − (1
 * − τ) · m^σ)}: its tolerated miss probability grows by {@code m^σ}. A class with {@code σ = 0}
 * never gives way; the classes with the highest {@code σ} move to cheaper tiers first.
 * Equivalently, a more expensive tier must buy {@code m^σ} times more reliability to be worth its
 * price.
 *
 * <p>States: at pace ({@code m = 1}, targets as configured); ahead of pace ({@code m > 1}, targets
 * relaxed by sensitivity); exhausted ({@code m = mMax}). Pure and single-threaded: the engine calls
 * it from its maintenance step only.
 */
final class PacingController {
  private final double budgetUsd;
  private final double gain;
  private final double logMax;
  private double logMultiplier;

  /**
   * @param budgetUsd budget per window, {@code > 0}
   * @param gain controller gain {@code g > 0}
   * @param maxMultiplier {@code mMax >= 1}
   */
  PacingController(double budgetUsd, double gain, double maxMultiplier) {
    this.budgetUsd = budgetUsd;
    this.gain = gain;
    this.logMax = StrictMath.log(maxMultiplier);
  }

  /**
   * Updates the multiplier at the end of a slice.
   *
   * @param spentInWindowUsd spend so far in the current budget window, {@code >= 0}
   * @param sliceSpendUsd spend during the slice that just ended, {@code >= 0}
   * @param sliceNanos length of that slice, {@code > 0}
   * @param remainingNanos time left in the budget window, {@code >= 0}
   */
  void update(double spentInWindowUsd, double sliceSpendUsd, long sliceNanos, long remainingNanos) {
    double left = budgetUsd - spentInWindowUsd;
    if (left <= 0) {
      logMultiplier = logMax;
      return;
    }
    if (remainingNanos <= 0) {
      return;
    }
    double needed = left / remainingNanos;
    double actual = sliceSpendUsd / sliceNanos;
    double step = actual <= 0 ? -StrictMath.log(2) : StrictMath.log(actual / needed);
    logMultiplier = Math.max(0, Math.min(logMax, logMultiplier + gain * step));
  }

  /** Returns the pacing multiplier {@code m}, in {@code [1, mMax]}. */
  double multiplier() {
    return StrictMath.exp(logMultiplier);
  }

  /** Returns the effective target of a class with target {@code τ} and sensitivity {@code σ}. */
  static double effectiveTarget(double target, double sensitivity, double multiplier) {
    return effectiveTarget(target, sensitivity, multiplier, 1);
  }

  /**
   * Returns the effective per-request target of a class: {@code max(0, 1 − (1 − τ) · b · m^σ)},
   * with {@code b} the class's error-budget multiplier ({@link ErrorBudget}).
   */
  static double effectiveTarget(
      double target, double sensitivity, double multiplier, double errorBudget) {
    double scale = errorBudget;
    if (multiplier > 1 && sensitivity > 0) {
      scale *= StrictMath.pow(multiplier, sensitivity);
    }
    return scale == 1 ? target : Math.max(0, 1 - (1 - target) * scale);
  }
}
