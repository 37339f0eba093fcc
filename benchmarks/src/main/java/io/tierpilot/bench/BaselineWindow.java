package io.tierpilot.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The baseline's sliding window of one quantity: one {@link ConcurrentHistogram} per slice, any
 * thread recording into the current one; at the end of a slice the owner sums the ring into a plain
 * {@link Histogram} (the window that decisions and snapshots read) and clears the oldest slice for
 * reuse.
 *
 * <p>Threads: {@link #record} from any thread; {@link #rotate} and {@link #window} under the
 * owner's lock.
 */
final class BaselineWindow {
  private static final int SIGNIFICANT_DIGITS = 2;

  private final long highestValue;
  private final ConcurrentHistogram[] ring;
  private final Histogram window;
  private volatile int head;

  /**
   * @param highestValue the largest value kept; larger values are recorded as this one
   * @param slices slices in the window, {@code >= 1}
   */
  BaselineWindow(long highestValue, int slices) {
    this.highestValue = highestValue;
    this.ring = new ConcurrentHistogram[slices + 1];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new ConcurrentHistogram(1, highestValue, SIGNIFICANT_DIGITS);
    }
    this.window = new Histogram(1, highestValue, SIGNIFICANT_DIGITS);
  }

  /** Records a value, clamped to {@code [0, highestValue]}. Any thread. */
  void record(long value) {
    ring[head].recordValue(value < 0 ? 0 : Math.min(value, highestValue));
  }

  /**
   * Ends the current slice: the window becomes the sum of the last {@code slices} slices and the
   * oldest slice is cleared to record the next one. Owner's lock.
   */
  void rotate() {
    int next = head + 1 == ring.length ? 0 : head + 1;
    ring[next].reset();
    head = next;
    window.reset();
    for (ConcurrentHistogram h : ring) {
      window.add(h);
    }
  }

  /** Returns the window as of the last {@link #rotate}. Owner's lock. */
  Histogram window() {
    return window;
  }
}
