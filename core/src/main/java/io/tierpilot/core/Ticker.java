package io.tierpilot.core;

/**
 * A source of time in nanoseconds, injected into the scheduler so that the same code runs on the
 * system clock in production and on virtual time in the simulator and in tests.
 *
 * <p>Values are only compared and subtracted: the origin is arbitrary, as for {@link
 * System#nanoTime()}. A ticker must never go backwards; the scheduler treats a smaller value than
 * one seen before as no time having passed.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current time in nanoseconds since an arbitrary origin.
   *
   * <p>Called from any thread that calls the scheduler; must be thread-safe.
   *
   * @return the current time in nanoseconds
   */
  long read();

  /** Returns a ticker backed by {@link System#nanoTime()}: the only clock core reads. */
  static Ticker systemTicker() {
    return SystemTicker.INSTANCE;
  }
}

/** The system ticker; an enum singleton because it has no state. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
