package io.tierpilot.bench;

import io.tierpilot.core.Ticker;

/**
 * A virtual {@link Ticker} the benchmarks move by hand: it advances while the fixtures warm a
 * scheduler up over virtual minutes (so that slices end and estimates are published), and stands
 * still while a benchmark measures, so that every request's remaining time is what the fixture made
 * it and no slice ends in the middle of a measurement.
 *
 * <p>Thread-safe: reads are a volatile load; {@link #advance} is meant for the single setup thread.
 */
public final class BenchTicker implements Ticker {
  private volatile long nowNanos;

  /**
   * Creates a ticker at a start time.
   *
   * @param startNanos the first time it reads, nanoseconds
   */
  public BenchTicker(long startNanos) {
    this.nowNanos = startNanos;
  }

  @Override
  public long read() {
    return nowNanos;
  }

  /**
   * Moves time forward. Setup thread only.
   *
   * @param nanos {@code >= 0}
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a ticker never goes backwards, was " + nanos);
    }
    nowNanos += nanos;
  }
}
