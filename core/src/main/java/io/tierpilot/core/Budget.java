package io.tierpilot.core;

import java.time.Duration;
import java.util.Locale;

/**
 * A spend target per window, for example $50 per hour, with an optional hard cap. Immutable.
 *
 * <p>Spend is paced: when it runs ahead of the target the scheduler relaxes the targets of the less
 * critical classes so that they move to cheaper tiers first, and when it runs behind the targets
 * return to normal (see {@link TierScheduler} for the formula). Pacing alone refuses requests only
 * of classes whose {@link SloClass.HardCapRule} is {@code REJECT} and whose budget sensitivity is
 * above 0: once the pacing multiplier is at its maximum and spend is still ahead, a share of them
 * is refused ({@link ReasonCode#BUDGET_SHED}), before any cap is reached. A hard cap, when set,
 * acts per class once the window's spend reaches it: a {@code REJECT} class is refused, a {@code
 * DEGRADE} class goes to its model's cheapest tier and keeps spending there. Windows are
 * consecutive and start when the scheduler is built.
 */
public final class Budget {
  private final double amountUsd;
  private final long windowNanos;
  private final double hardCapUsd;

  private Budget(double amountUsd, long windowNanos, double hardCapUsd) {
    this.amountUsd = amountUsd;
    this.windowNanos = windowNanos;
    this.hardCapUsd = hardCapUsd;
  }

  /**
   * Returns a paced budget without a hard cap.
   *
   * @param amountUsd the spend target per window in US dollars; positive
   * @param window the window, for example one hour; positive
   * @return the budget
   */
  public static Budget perWindow(double amountUsd, Duration window) {
    Checks.notNull(window, "budget window");
    return new Budget(
        Checks.positive(amountUsd, "budget amountUsd"),
        Checks.positiveNanos(window, "budget window"),
        Double.POSITIVE_INFINITY);
  }

  /**
   * Returns a copy with a hard cap: once the window's spend reaches it, each class follows its
   * {@link SloClass.HardCapRule}.
   *
   * @param hardCapUsd dollars per window, {@code >= amountUsd}
   * @return the budget
   */
  public Budget withHardCap(double hardCapUsd) {
    Checks.positive(hardCapUsd, "budget hardCapUsd");
    if (hardCapUsd < amountUsd) {
      throw new IllegalArgumentException(
          "budget hardCapUsd (" + hardCapUsd + ") is below the amount (" + amountUsd + ")");
    }
    return new Budget(amountUsd, windowNanos, hardCapUsd);
  }

  /** Returns the spend target per window in US dollars. */
  public double amountUsd() {
    return amountUsd;
  }

  /** Returns the window. */
  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  long windowNanos() {
    return windowNanos;
  }

  /** Returns whether a hard cap is set. */
  public boolean hasHardCap() {
    return hardCapUsd != Double.POSITIVE_INFINITY;
  }

  /** Returns the hard cap per window in US dollars; infinite without one. */
  public double hardCapUsd() {
    return hardCapUsd;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Budget
        && ((Budget) o).amountUsd == amountUsd
        && ((Budget) o).windowNanos == windowNanos
        && ((Budget) o).hardCapUsd == hardCapUsd;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(amountUsd) * 31 + Long.hashCode(windowNanos);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Budget{$%s per %s%s}",
        amountUsd,
        Durations.format(window()),
        hasHardCap() ? ", hard cap $" + hardCapUsd : "");
  }
}
