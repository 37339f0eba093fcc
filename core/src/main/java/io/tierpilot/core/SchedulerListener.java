package io.tierpilot.core;

/**
 * Receives the scheduler's decisions and outcomes, for metrics bridges and logs. Both methods have
 * no-op defaults; {@link #noop()} is the scheduler's default listener.
 *
 * <p>Methods are called synchronously on the thread that made the decision or reported the outcome,
 * so they must be fast and must not throw (an exception is caught and dropped so that it cannot
 * break scheduling). A {@link Decision} passed here may be reused by its owner afterwards: copy
 * what you keep.
 */
public interface SchedulerListener {

  /**
   * Called after each decision, including those that make no call.
   *
   * @param decision the decision; never null
   */
  default void onDecision(Decision decision) {}

  /**
   * Called after each recorded outcome of an attempt.
   *
   * @param outcome the outcome; never null
   */
  default void onOutcome(Outcome outcome) {}

  /** Returns the listener that ignores everything. */
  static SchedulerListener noop() {
    return NoopListener.INSTANCE;
  }
}

/** The no-op listener; an enum singleton because it has no state. */
enum NoopListener implements SchedulerListener {
  INSTANCE
}
