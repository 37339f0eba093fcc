package io.tierpilot.core;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A distribution over a sliding window of slices: values are recorded wait-free into an
 * HdrHistogram {@link Recorder} from any thread; at the end of each slice the maintenance thread
 * moves the slice into the window and drops the oldest slice, so the window always holds exactly
 * the last {@code slices} slices.
 *
 * <p>The window keeps one count per HdrHistogram bucket (the recorder's layout: two significant
 * digits), and each slice keeps only its non-empty buckets, as (bucket, count) pairs of 12 bytes:
 * moving a slice in or out costs what it holds, not the whole layout. A slice's arrays grow to the
 * busiest slice they have held and keep that size, so the ring's memory follows the traffic: the
 * busier a slice, the more buckets it touches (the benchmarks' {@code Footprint} gives the heap per
 * model at a chosen load). The arrays double as they grow, from 16 pairs up to the layout's size: a
 * slice that once held more than 512 buckets keeps 12 KB or more, above the 9.7 KB of an int-count
 * histogram of the whole layout; one that touched all of the latency layout's 2,268 buckets keeps
 * 27 KB.
 *
 * <p>Threads: {@link #record} from any thread; everything else from the single maintenance thread
 * at a time (the engine's maintenance lock).
 */
final class WindowedHistogram {
  private static final int SIGNIFICANT_DIGITS = 2;
  private static final ConcurrentHashMap<Long, long[]> BOUNDS = new ConcurrentHashMap<>();

  private final long highestValue;
  private final Recorder recorder;
  // bounds[i] is the lowest value of bucket i, bounds[buckets] the end of the last bucket
  private final long[] bounds;
  private final int buckets;
  private final long[] window;
  private long windowTotal;
  // the last recentSlices slices of the window (a sub-window), when shorter than the window
  private final long[] recent;
  private long recentTotal;
  private final int recentSlices;
  private final Slice[] ring;
  private Histogram recycle;
  private int head;

  /** One slice's non-empty buckets. */
  private static final class Slice {
    int[] index = new int[16];
    long[] count = new long[16];
    int size;
    long total;

    /** Appends a bucket; a slice never holds more than {@code limit} buckets, the layout's. */
    void add(int i, long c, int limit) {
      if (size == index.length) {
        int capacity = Math.min(size * 2, limit);
        index = Arrays.copyOf(index, capacity);
        count = Arrays.copyOf(count, capacity);
      }
      index[size] = i;
      count[size] = c;
      size++;
      total += c;
    }

    void clear() {
      size = 0;
      total = 0;
    }
  }

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
    this.highestValue = highestValue;
    this.recorder = new Recorder(1, highestValue, SIGNIFICANT_DIGITS);
    this.bounds = BOUNDS.computeIfAbsent(highestValue, WindowedHistogram::bounds);
    this.buckets = bounds.length - 1;
    this.window = new long[buckets];
    this.recent = this.recentSlices < slices ? new long[buckets] : null;
    this.ring = new Slice[slices];
    for (int i = 0; i < slices; i++) {
      ring[i] = new Slice();
    }
  }

  /**
   * Returns the lowest value of each of HdrHistogram's buckets that can hold a value up to {@code
   * highestValue}, followed by the end of the last one.
   */
  private static long[] bounds(long highestValue) {
    Histogram layout = new Histogram(1, highestValue, SIGNIFICANT_DIGITS);
    long[] b = new long[256];
    int n = 0;
    long v = 0;
    while (true) {
      if (n == b.length) {
        b = Arrays.copyOf(b, n * 2);
      }
      b[n++] = v;
      if (v > highestValue) {
        return Arrays.copyOf(b, n);
      }
      v = layout.nextNonEquivalentValue(v);
    }
  }

  /** Returns the bucket holding a value in {@code [0, highestValue]}'s buckets. */
  private int bucketOf(long value) {
    int lo = 0;
    int hi = buckets - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (bounds[mid] <= value) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Records a value, clamped to {@code [0, highestValue]}. Wait-free; any thread. */
  void record(long value) {
    recorder.recordValue(value < 0 ? 0 : Math.min(value, highestValue));
  }

  /** Ends the current slice: its values enter the window and the oldest slice leaves. */
  void endSlice() {
    Histogram interval = recorder.getIntervalHistogram(recycle);
    Slice slice = evictOldest();
    leaveRecent();
    long total = interval.getTotalCount();
    if (total > 0) {
      // the recorded range bounds the buckets to read; a full pass if it ever misses a count
      int from = interval.getCountAtValue(0) > 0 ? 0 : bucketOf(interval.getMinNonZeroValue());
      take(interval, slice, from, bucketOf(interval.getMaxValue()));
      if (slice.total != total) {
        slice.clear();
        take(interval, slice, 0, buckets - 1);
      }
      for (int k = 0; k < slice.size; k++) {
        window[slice.index[k]] += slice.count[k];
      }
      windowTotal += slice.total;
      if (recent != null) {
        for (int k = 0; k < slice.size; k++) {
          recent[slice.index[k]] += slice.count[k];
        }
        recentTotal += slice.total;
      }
    }
    recycle = interval;
  }

  private void take(Histogram interval, Slice slice, int from, int to) {
    for (int i = from; i <= to; i++) {
      long c = interval.getCountAtValue(bounds[i]);
      if (c != 0) {
        slice.add(i, c, buckets);
      }
    }
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
    Slice old = ring[Math.floorMod(head - 1 - recentSlices, ring.length)];
    for (int k = 0; k < old.size; k++) {
      recent[old.index[k]] -= old.count[k];
    }
    recentTotal -= old.total;
  }

  private Slice evictOldest() {
    Slice oldest = ring[head];
    for (int k = 0; k < oldest.size; k++) {
      window[oldest.index[k]] -= oldest.count[k];
    }
    windowTotal -= oldest.total;
    oldest.clear();
    head = head + 1 == ring.length ? 0 : head + 1;
    return oldest;
  }

  /** Returns the number of values in the recent sub-window (the window's, without one). */
  long recentCount() {
    return recent == null ? windowTotal : recentTotal;
  }

  /** Returns the recent sub-window's distribution scaled like {@link #cdf}, or null if empty. */
  Cdf recentCdf(double scale) {
    return recent == null ? cdf(scale) : Cdf.fromBuckets(bounds, recent, recentTotal, scale);
  }

  /** Returns the number of values in the window. */
  long count() {
    return windowTotal;
  }

  /**
   * Returns the window's distribution with values multiplied by {@code scale}, or null if empty.
   */
  Cdf cdf(double scale) {
    return Cdf.fromBuckets(bounds, window, windowTotal, scale);
  }
}
