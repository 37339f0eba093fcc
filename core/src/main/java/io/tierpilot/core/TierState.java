package io.tierpilot.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the engine knows about one (model, tier): windowed time-to-first-token, time per
 * output token and latency histograms, throttle and error counts per slice, lifetime counters for
 * snapshots, and the current {@link TierEstimate}.
 *
 * <p>Threads: the {@code record*} methods and the counters from any thread (wait-free recorders and
 * {@link LongAdder}s); {@link #endSlice} from the maintenance thread only; {@link #estimate} is
 * published through a volatile field.
 */
final class TierState {
  /** Largest time to first token and latency kept, in milliseconds (four hours). */
  static final long HIGHEST_MILLIS = 4L * 3600 * 1000;

  /** Largest time per output token kept, in microseconds (ten seconds). */
  static final long HIGHEST_PER_TOKEN_MICROS = 10_000_000L;

  final Tier tier;
  final LatencyPrior prior;
  private final Cdf priorTtftNanos;
  private final Cdf priorPerTokenNanos;
  private final double priorWeight;

  private final WindowedHistogram ttftMillis;
  private final WindowedHistogram perTokenMicros;
  private final WindowedHistogram latencyMillis;

  // Lifetime counters (monotonic); slices take differences of their sums, so no update is lost.
  final LongAdder decisions = new LongAdder();
  final LongAdder attempts = new LongAdder();
  final LongAdder successes = new LongAdder();
  final LongAdder throttles = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder throttleNanos = new LongAdder();
  final LongAdder servedMismatches = new LongAdder();
  final LongAdder spendNanoUsd = new LongAdder();
  volatile long lastSampleNanos = Long.MIN_VALUE;
  // The recent time to first token: a moving average over time (see queueingOffsetNanos).
  // Benign race: concurrent recorders may lose an update of a moving average.
  private volatile double recentTtftNanos = Double.NaN;
  private volatile long recentAtNanos;

  // The time to first token weighs the latest RECENT_SLICES slices recentWeight times as much per
  // call as the rest of the window (when they hold RECENT_MIN_SAMPLES calls), so that a queue that
  // drained a minute ago no longer sets the tail.
  static final int RECENT_SLICES = 2;
  static final long RECENT_MIN_SAMPLES = 20;
  private final double recentWeight;

  // Maintenance thread only.
  private final long[][] ring;
  private int head;
  private final long[] lastSums = new long[4];
  private final long[] window = new long[4];
  private Cdf lastTtft;
  private long lastTtftCount;
  private Cdf lastPerToken;
  private long lastPerTokenCount;

  volatile TierEstimate estimate;
  // the window's latency p50, p90 and p99 in milliseconds (NaN while empty), for snapshots
  private volatile double[] latencyPercentilesMillis = {Double.NaN, Double.NaN, Double.NaN};

  TierState(
      Tier tier,
      LatencyPrior prior,
      int slices,
      double priorWeight,
      double recentWeight,
      OutputEstimate[] outputs) {
    this.tier = tier;
    this.recentWeight = recentWeight;
    this.prior = prior;
    this.priorTtftNanos = prior.ttftNanos();
    this.priorPerTokenNanos = prior.perTokenNanos();
    this.priorWeight = priorWeight;
    this.ttftMillis =
        new WindowedHistogram(HIGHEST_MILLIS, slices, recentWeight > 1 ? RECENT_SLICES : slices);
    this.perTokenMicros = new WindowedHistogram(HIGHEST_PER_TOKEN_MICROS, slices);
    this.latencyMillis = new WindowedHistogram(HIGHEST_MILLIS, slices);
    this.ring = new long[slices][4];
    this.estimate = build(outputs);
  }

  /**
   * Folds a time to first token into the recent average: a moving average whose weight for a new
   * sample is {@code 1 - exp(-Δt / τ)}, Δt the time since the previous sample, so it follows the
   * tier within about τ whatever the traffic.
   */
  private void recent(long ttftNanos, long nowNanos, long recencyNanos) {
    if (recencyNanos <= 0) {
      return;
    }
    double previous = recentTtftNanos;
    if (Double.isNaN(previous)) {
      recentTtftNanos = ttftNanos;
    } else {
      double alpha =
          1 - StrictMath.exp(-(double) Math.max(0, nowNanos - recentAtNanos) / recencyNanos);
      recentTtftNanos = previous + Math.max(alpha, 0.02) * (ttftNanos - previous);
    }
    recentAtNanos = nowNanos;
  }

  /**
   * Returns how much longer (or, if negative, shorter) calls on this tier wait for their first
   * token now than the sliding window says: the recent average minus the window's median, faded
   * toward 0 as the recent average ages ({@code τ / (τ + age)}), and never below minus the median.
   * Added to the request's elapsed time when deciding, so that the estimate follows a queue that
   * builds or drains faster than the window can.
   */
  long queueingOffsetNanos(long nowNanos, long recencyNanos) {
    double recent = recentTtftNanos;
    if (recencyNanos <= 0 || Double.isNaN(recent)) {
      return 0;
    }
    TierEstimate e = estimate;
    double age = Math.max(0, nowNanos - recentAtNanos);
    double weight = recencyNanos / (recencyNanos + age);
    return (long) (weight * Math.max(-e.ttftMedianNanos, recent - e.ttftMeanNanos));
  }

  /** Records a successful call served by this tier. Any thread. */
  void recordLatency(
      long latencyNanos, long ttftNanos, long outputTokens, long nowNanos, long recencyNanos) {
    latencyMillis.record(latencyNanos / 1_000_000L);
    if (ttftNanos >= 0) {
      ttftMillis.record(ttftNanos / 1_000_000L);
      recent(ttftNanos, nowNanos, recencyNanos);
      if (outputTokens > 0) {
        perTokenMicros.record((latencyNanos - ttftNanos) / 1000L / outputTokens);
      }
    } else {
      // Without a measured first token, split the latency with the current per-token estimate:
      // the sum TTFT + O·τ that decisions use stays consistent with what was observed.
      double perToken = estimate.medianPerTokenNanos();
      long ttft = (long) Math.max(0, latencyNanos - outputTokens * perToken);
      ttftMillis.record(ttft / 1_000_000L);
      recent(ttft, nowNanos, recencyNanos);
    }
    lastSampleNanos = nowNanos;
  }

  /**
   * Records a lower bound of the time to first token: an attempt that was abandoned (timed out)
   * before its first token after {@code elapsedNanos}. Any thread.
   */
  void recordCensored(long elapsedNanos, long nowNanos, long recencyNanos) {
    ttftMillis.record(elapsedNanos / 1_000_000L);
    recent(elapsedNanos, nowNanos, recencyNanos);
    lastSampleNanos = nowNanos;
  }

  /**
   * Ends a slice: moves the slice's observations into the window and publishes a new estimate.
   * Maintenance thread only.
   *
   * @param empty whether the slice lies in a gap in which nothing was recorded
   */
  void endSlice(OutputEstimate[] outputs, boolean empty) {
    if (empty) {
      ttftMillis.endEmptySlice();
      perTokenMicros.endEmptySlice();
      latencyMillis.endEmptySlice();
    } else {
      ttftMillis.endSlice();
      perTokenMicros.endSlice();
      latencyMillis.endSlice();
    }
    Cdf latency = latencyMillis.cdf(1e6);
    latencyPercentilesMillis =
        latency == null
            ? new double[] {Double.NaN, Double.NaN, Double.NaN}
            : new double[] {
              latency.quantile(0.5) / 1e6, latency.quantile(0.9) / 1e6, latency.quantile(0.99) / 1e6
            };
    long[] sums = {attempts.sum(), throttles.sum(), errors.sum(), throttleNanos.sum()};
    long[] slot = ring[head];
    for (int i = 0; i < 4; i++) {
      long slice = empty ? 0 : sums[i] - lastSums[i];
      if (!empty) {
        lastSums[i] = sums[i];
      }
      window[i] += slice - slot[i];
      slot[i] = slice;
    }
    head = head + 1 == ring.length ? 0 : head + 1;
    estimate = build(outputs);
  }

  private TierEstimate build(OutputEstimate[] outputs) {
    long n = ttftMillis.count();
    if (n > 0) {
      lastTtft = ttftMillis.cdf(1e6);
      long r = ttftMillis.recentCount();
      if (r >= RECENT_MIN_SAMPLES && r < n) {
        // the latest slices weigh recentWeight times as much per call
        lastTtft = Cdf.mix(lastTtft, n, ttftMillis.recentCdf(1e6), r * (recentWeight - 1));
      }
      lastTtftCount = n;
    }
    long m = perTokenMicros.count();
    if (m > 0) {
      lastPerToken = perTokenMicros.cdf(1e3);
      lastPerTokenCount = m;
    }
    Cdf ttft = Cdf.mix(lastTtft, lastTtftCount, priorTtftNanos, priorWeight);
    Cdf perToken = Cdf.mix(lastPerToken, lastPerTokenCount, priorPerTokenNanos, priorWeight);

    long windowAttempts = window[0];
    long windowThrottles = window[1];
    long windowErrors = window[2];
    TierEstimate previous = estimate;
    double throttle;
    double error;
    if (windowAttempts == 0 && previous != null) {
      throttle = previous.throttleProbability;
      error = previous.errorProbability;
    } else {
      throttle =
          (windowThrottles + priorWeight * prior.throttleProbability())
              / (windowAttempts + priorWeight);
      error = windowErrors / (windowAttempts + priorWeight);
    }
    double delay;
    if (windowThrottles > 0) {
      delay = (double) window[3] / windowThrottles;
    } else {
      delay = previous != null ? previous.throttleDelayNanos : prior.throttleDelayNanos();
    }
    return new TierEstimate(ttft, perToken, throttle, error, delay, n, windowAttempts, outputs);
  }

  /**
   * Returns the window's latency p50, p90 and p99 in milliseconds (NaN while the window is empty),
   * as of the last slice end; a copy.
   */
  double[] latencyPercentilesMillis() {
    return latencyPercentilesMillis.clone();
  }

  /** Returns the window's attempt count. */
  long windowAttempts() {
    return window[0];
  }

  /** Returns the window's throttle count. */
  long windowThrottles() {
    return window[1];
  }
}
