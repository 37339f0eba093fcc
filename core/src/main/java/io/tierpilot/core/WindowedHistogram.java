package io.tierpilot.core;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.Recorder;

/**
 * A distribution over a sliding window of slices: values are recorded wait-free into an
 * HdrHistogram {@link Recorder} from any thread; at the end of each slice the maintenance thread
 * moves the slice into the window and drops the oldest slice, so the window's histogram always
 * holds exactly the last {@code slices} slices.
 *
 * <p>Slices are kept as {@link IntCountsHistogram}s (four bytes a count: a slice never holds two
 * billion values in one bucket), half the memory of long counts and, unlike packed histograms,
 * cheap to add and subtract at every slice end.
 *
 * <p>Threads: {@link #record} from any thread; everything else from the single maintenance thread
 * at a time (the engine's maintenance lock).
 */
final class WindowedHistogram {
  private static final int SIGNIFICANT_DIGITS = 2;

  private final long highestValue;
  private final Recorder recorder;
  private final IntCountsHistogram[] ring;
  private final Histogram window;
  // the last recentSlices slices of the window (a sub-window), when shorter than the window
  private final Histogram recent;
  private final int recentSlices;
  private Histogram recycle;
  private int head;

  /**
   * @param highestValue the largest value kept; larger values are recorded as this one
   * @param slices number of slices in the window, {@code >= 1}
   */
  WindowedHistogram(long highestValue, int slices) {
    this(highestValue, slices, slices);
  }

  /**
   * @param highestValue the largest value kept; larger values are recorded as this one
   * @param slices number of slices in the window, {@code >= 1}
   * @param recentSlices number of the latest slices also kept as a recent sub-window
   */
  WindowedHistogram(long highestValue, int slices, int recentSlices) {
    this.recentSlices = Math.max(1, Math.min(recentSlices, slices));
    this.recent =
        this.recentSlices < slices ? new Histogram(1, highestValue, SIGNIFICANT_DIGITS) : null;
    this.highestValue = highestValue;
    this.recorder = new Recorder(1, highestValue, SIGNIFICANT_DIGITS);
    this.ring = new IntCountsHistogram[slices];
    for (int i = 0; i < slices; i++) {
      ring[i] = new IntCountsHistogram(1, highestValue, SIGNIFICANT_DIGITS);
    }
    this.window = new Histogram(1, highestValue, SIGNIFICANT_DIGITS);
  }

  /** Records a value, clamped to {@code [0, highestValue]}. Wait-free; any thread. */
  void record(long value) {
    recorder.recordValue(value < 0 ? 0 : Math.min(value, highestValue));
  }

  /** Ends the current slice: its values enter the window and the oldest slice leaves. */
  void endSlice() {
    Histogram interval = recorder.getIntervalHistogram(recycle);
    IntCountsHistogram oldest = evictOldest();
    leaveRecent();
    if (interval.getTotalCount() > 0) {
      oldest.add(interval);
      window.add(interval);
      if (recent != null) {
        recent.add(interval);
      }
    }
    recycle = interval;
  }

  /** Ends a slice in which nothing can have been recorded (a gap in time): only evicts. */
  void endEmptySlice() {
    evictOldest();
    leaveRecent();
  }

  /** Takes out of the recent sub-window the slice that has just become too old for it. */
  private void leaveRecent() {
    if (recent == null) {
      return;
    }
    // head is the next slot to reuse; the slot before it is the slice now ending, and the one
    // recentSlices before that leaves the sub-window
    int leaving = Math.floorMod(head - 1 - recentSlices, ring.length);
    IntCountsHistogram old = ring[leaving];
    if (old.getTotalCount() > 0) {
      recent.subtract(old);
    }
  }

  private IntCountsHistogram evictOldest() {
    IntCountsHistogram oldest = ring[head];
    if (oldest.getTotalCount() > 0) {
      window.subtract(oldest);
      oldest.reset();
    }
    head = head + 1 == ring.length ? 0 : head + 1;
    return oldest;
  }

  /** Returns the number of values in the recent sub-window (the window's, without one). */
  long recentCount() {
    return recent == null ? window.getTotalCount() : recent.getTotalCount();
  }

  /** Returns the recent sub-window's distribution scaled like {@link #cdf}, or null if empty. */
  Cdf recentCdf(double scale) {
    return Cdf.fromHistogram(recent == null ? window : recent, scale);
  }

  /** Returns the number of values in the window. */
  long count() {
    return window.getTotalCount();
  }

  /**
   * Returns the window's distribution with values multiplied by {@code scale}, or null if empty.
   */
  Cdf cdf(double scale) {
    return Cdf.fromHistogram(window, scale);
  }
}
