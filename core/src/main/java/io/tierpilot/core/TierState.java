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
  final WindowedHistogram latencyMillis;

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

  TierState(
      Tier tier, LatencyPrior prior, int slices, double priorWeight, OutputEstimate[] outputs) {
    this.tier = tier;
    this.prior = prior;
    this.priorTtftNanos = prior.ttftNanos();
    this.priorPerTokenNanos = prior.perTokenNanos();
    this.priorWeight = priorWeight;
    this.ttftMillis = new WindowedHistogram(HIGHEST_MILLIS, slices);
    this.perTokenMicros = new WindowedHistogram(HIGHEST_PER_TOKEN_MICROS, slices);
    this.latencyMillis = new WindowedHistogram(HIGHEST_MILLIS, slices);
    this.ring = new long[slices][4];
    this.estimate = build(outputs);
  }

  /** Records a successful call served by this tier. Any thread. */
  void recordLatency(long latencyNanos, long ttftNanos, long outputTokens, long nowNanos) {
    latencyMillis.record(latencyNanos / 1_000_000L);
    if (ttftNanos >= 0) {
      ttftMillis.record(ttftNanos / 1_000_000L);
      if (outputTokens > 0) {
        perTokenMicros.record((latencyNanos - ttftNanos) / 1000L / outputTokens);
      }
    } else {
      // Without a measured first token, split the latency with the current per-token estimate:
      // the sum TTFT + O·τ that decisions use stays consistent with what was observed.
      double perToken = estimate.medianPerTokenNanos();
      long ttft = (long) Math.max(0, latencyNanos - outputTokens * perToken);
      ttftMillis.record(ttft / 1_000_000L);
    }
    lastSampleNanos = nowNanos;
  }

  /**
   * Records a lower bound of the time to first token: an attempt that was abandoned (timed out)
   * before its first token after {@code elapsedNanos}. Any thread.
   */
  void recordCensored(long elapsedNanos, long nowNanos) {
    ttftMillis.record(elapsedNanos / 1_000_000L);
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

  /** Returns the window's latency distribution in nanoseconds, or null when empty. */
  Cdf latencyNanos() {
    return latencyMillis.cdf(1e6);
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
