package io.tierpilot.sim.policy;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.engine.SimRequest;

/**
 * How a client chooses the tier of each attempt of a request. One instance per simulation run,
 * called from the simulation's single thread. Only {@code oracle} may look at realized output
 * lengths or the future.
 */
public interface Policy {

  /** Returns the policy's name, for example {@code static-flex}. */
  String name();

  /** Returns one line on what the policy does. */
  String description();

  /**
   * Chooses the tier of the next attempt of {@code r} ({@code r.attempts()} were made so far).
   *
   * @return the tier, or null to make no further call; then set {@code r.expired} if the reason is
   *     that the deadline has passed
   */
  Tier choose(SimRequest r, long nowNanos);

  /** Returns how long to wait after a throttle before the next attempt, nanoseconds. */
  default long retryDelayNanos(SimRequest r) {
    return 0;
  }

  /** Reports that the current attempt was throttled after {@code elapsedNanos}. */
  default void onThrottle(SimRequest r, long elapsedNanos, long nowNanos) {}

  /**
   * Reports that the current attempt succeeded.
   *
   * @param served the tier that served it (billed)
   * @param latencyNanos from the start of the attempt to the last token
   * @param ttftNanos from the start of the attempt to the first token
   * @param outputTokens the output tokens billed
   */
  default void onSuccess(
      SimRequest r,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      int outputTokens,
      long nowNanos) {}

  /**
   * Returns after how long without a first token the current attempt of {@code r} may get a backup
   * call, nanoseconds; negative for never (the default).
   */
  default long hedgeDelayNanos(SimRequest r) {
    return -1;
  }

  /**
   * Chooses the tier of a backup call for the current attempt, whose first token is late; null for
   * none.
   */
  default Tier hedge(SimRequest r, long nowNanos) {
    return null;
  }

  /**
   * Reports how a backup call ended: throttled, or succeeded on {@code served} (then with its
   * latency, time to first token and output tokens).
   */
  default void onHedgeOutcome(
      SimRequest r,
      boolean throttled,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      int outputTokens,
      long nowNanos) {}

  /** Returns the budget pacing multiplier (1 for policies without a budget). */
  default double pacingMultiplier() {
    return 1;
  }
}
