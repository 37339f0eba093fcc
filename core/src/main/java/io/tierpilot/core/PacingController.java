package io.tierpilot.core;

/**
 * Budget pacing: keeps spend on the line from zero at the start of a budget window to the budget at
 * its end, by moving one number, the pacing multiplier {@code m >= 1}.
 *
 * <h2>Formula</h2>
 *
 * What the scheduler can move is the spend above the floor: the floor is what the calls would have
 * cost on their model's cheapest tier, which no choice of tier goes below. The controller paces
 * that premium. At the end of each slice of length {@code Δ}, with budget {@code B} per window,
 * spend so far in the window {@code S}, time left in the window {@code T}, the slice's spend {@code
 * s} and floor {@code f}, and the recent floor rate {@code φ} (smoothed over slices):
 *
 * <pre>
 *   free budget     F  = B − S − φ · T             (what the remaining floor leaves)
 *   needed premium  p* = F / T                      (premium that may still be spent per second)
 *   actual premium  p  = max(s − f, 0) / Δ
 *   ln m  ←  clamp( ln m + g · ln(p / p*),  0,  ln mMax )
 * </pre>
 *
 * <p>{@code g} is the gain (default 0.5). This is an integral controller on the logarithm of the
 * premium ratio: spending twice the premium the remaining budget allows raises {@code m} by a
 * factor {@code 2^g} per slice, and half of it lowers {@code m} by the same factor until it is back
 * at 1 ("relaxes"). A slice without premium lowers {@code m} by {@code 2^g}; if the floor alone
 * would use the rest of the budget ({@code F <= 0}), any premium raises {@code m} by {@code 16^g}.
 * Once the budget of the window is spent, {@code m = mMax}. A new window starts at the current
 * {@code m}, so what was learned about the traffic carries over.
 *
 * <p>Pacing the premium rather than the whole spend matters when the budget is close to the floor:
 * there, spending 10% over the pace line may be spending twice the premium the budget leaves, and a
 * controller on the whole spend reacts ten times too slowly. With {@code φ = 0} (a single tier) the
 * two are the same.
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
 * <h2>Admission</h2>
 *
 * At {@code m = mMax} the classes that give way are on their cheapest tiers (for a class with
 * target {@code τ} and sensitivity {@code σ} once {@code (1 − τ) · mMax^σ >= 1}: with the default
 * {@code mMax} of 10,000, any {@code σ >= 0.5} with {@code τ <= 0.99}); if the spend still runs
 * ahead, what is left to move is how many of their requests are sent. The controller's pressure
 * {@code λ} (which is {@code ln m} below {@code ln mMax}) then goes on into an admission {@code a =
 * exp(ln mMax − λ)}, paced on the whole spend: with the slice's spend rate {@code r = s / Δ} and
 * the rate the rest of the budget allows {@code r* = (B − S) / T},
 *
 * <pre>
 *   λ  ←  clamp( λ + g · ln(r / r*),  0,  ln mMax + ln(1 / aMin) )
 * </pre>
 *
 * and a request of a class with sensitivity {@code σ > 0} is sent with probability {@code a^σ}.
 * When the floor alone would use the rest ({@code F <= 0}) and no premium is left to take away,
 * admission pacing starts at once. Spending below {@code r*} lowers {@code λ} back through the
 * admission into the multiplier; a slice without any spend lowers it by {@code 16^g}. A new budget
 * window starts with admission 1. {@code aMin = 1 − maxShedShare}; a share of 0 turns admission
 * off. Admission applies only to classes that accept refusals (hard-cap rule {@code REJECT}).
 *
 * <p>States: at pace ({@code m = 1}, targets as configured); ahead of pace ({@code m > 1}, targets
 * relaxed by sensitivity); refusing ({@code m = mMax}, {@code a < 1}); exhausted ({@code m = mMax},
 * {@code a = aMin}). Pure and single-threaded: the engine calls it from its maintenance step only.
 */
final class PacingController {
  private final double budgetUsd;
  private final double gain;
  private final double logMax;
  private final double logShedMax;
  // the pacing pressure λ: ln m below logMax, ln(1 / a) above it
  private double pressure;

  /**
   * @param budgetUsd budget per window, {@code > 0}
   * @param gain controller gain {@code g > 0}
   * @param maxMultiplier {@code mMax >= 1}
   * @param maxShedShare the largest share of a class with {@code σ = 1} that pacing may refuse, in
   *     {@code [0, 1)}; 0 never refuses
   */
  PacingController(double budgetUsd, double gain, double maxMultiplier, double maxShedShare) {
    if (!(maxShedShare >= 0 && maxShedShare < 1)) {
      throw new IllegalArgumentException("maxShedShare must be in [0, 1), was " + maxShedShare);
    }
    this.budgetUsd = budgetUsd;
    this.gain = gain;
    this.logMax = StrictMath.log(maxMultiplier);
    this.logShedMax = -StrictMath.log(1 - maxShedShare);
  }

  /**
   * Updates the multiplier and the admission at the end of a slice, pacing the spend above the
   * floor while there is a premium to take away, then the whole spend.
   *
   * @param spentInWindowUsd spend so far in the current budget window, {@code >= 0}
   * @param sliceSpendUsd spend during the slice that just ended, {@code >= 0}
   * @param sliceFloorUsd what the slice's calls would have cost on their model's cheapest tier
   * @param sliceNanos length of that slice, {@code > 0}
   * @param remainingNanos time left in the budget window, {@code >= 0}
   * @param floorRateUsdPerNano the recent floor spend per nanosecond, {@code >= 0}
   */
  void update(
      double spentInWindowUsd,
      double sliceSpendUsd,
      double sliceFloorUsd,
      long sliceNanos,
      long remainingNanos,
      double floorRateUsdPerNano) {
    double left = budgetUsd - spentInWindowUsd;
    if (left <= 0) {
      pressure = logMax + logShedMax;
      return;
    }
    if (remainingNanos <= 0) {
      return;
    }
    double step;
    if (pressure >= logMax && logShedMax > 0) {
      // every class that gives way is on its cheapest tier: pace the whole spend by admission
      double rate = sliceSpendUsd / sliceNanos;
      // a slice without spend while refusing: admit four times as many at once (g = 0.5)
      step = rate <= 0 ? -StrictMath.log(16) : StrictMath.log(rate * remainingNanos / left);
    } else {
      double free = left - floorRateUsdPerNano * remainingNanos;
      double premium = Math.max(0, sliceSpendUsd - sliceFloorUsd) / sliceNanos;
      if (free <= 0) {
        // the cheapest tiers alone would spend the rest: any premium is too much
        if (premium <= 0 && logShedMax > 0) {
          // and there is none left to take away: pace the number of requests
          pressure = logMax;
          return;
        }
        step = premium > 0 ? StrictMath.log(16) : 0;
      } else {
        double needed = free / remainingNanos;
        step = premium <= 0 ? -StrictMath.log(2) : StrictMath.log(premium / needed);
      }
      if (pressure + gain * step > logMax) {
        // enter admission pacing at its start, not part way into it
        pressure = logMax;
        return;
      }
    }
    pressure = Math.max(0, Math.min(logMax + logShedMax, pressure + gain * step));
  }

  /**
   * Starts a new budget window: admission starts over at 1 (a request refused because the last
   * window ran out must not be refused in a window that has just begun), the multiplier stays where
   * it was (what was learned about the traffic carries over).
   */
  void newWindow() {
    pressure = Math.min(pressure, logMax);
  }

  /** Returns the pacing multiplier {@code m}, in {@code [1, mMax]}. */
  double multiplier() {
    return StrictMath.exp(Math.min(pressure, logMax));
  }

  /**
   * Returns the admission {@code a}, in {@code (0, 1]}: a request of a class with budget
   * sensitivity {@code σ} is sent with probability {@code a^σ}.
   */
  double admission() {
    return pressure <= logMax ? 1 : StrictMath.exp(logMax - pressure);
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
