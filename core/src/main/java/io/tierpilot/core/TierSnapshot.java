package io.tierpilot.core;

import java.util.Locale;

/**
 * A point-in-time view of one (model, tier), for dashboards and metrics bridges. Immutable. Counts
 * are since the scheduler was built; window figures cover the sliding window; latency figures are
 * in milliseconds and NaN when the window holds no sample.
 */
public final class TierSnapshot {
  private final String modelId;
  private final Tier tier;
  private final boolean supported;
  private final long decisions;
  private final long attempts;
  private final long successes;
  private final long throttles;
  private final long errors;
  private final long servedTierMismatches;
  private final int inFlight;
  private final int inFlightLimit;
  private final int waiting;
  private final long windowSamples;
  private final double throttleRate;
  private final double latencyP50Millis;
  private final double latencyP90Millis;
  private final double latencyP99Millis;
  private final double ttftP50Millis;
  private final double ttftP99Millis;
  private final double spendUsd;

  TierSnapshot(
      String modelId,
      Tier tier,
      boolean supported,
      long decisions,
      long attempts,
      long successes,
      long throttles,
      long errors,
      long servedTierMismatches,
      int inFlight,
      int inFlightLimit,
      int waiting,
      long windowSamples,
      double throttleRate,
      double[] latencyMillis,
      double ttftP50Millis,
      double ttftP99Millis,
      double spendUsd) {
    this.modelId = modelId;
    this.tier = tier;
    this.supported = supported;
    this.decisions = decisions;
    this.attempts = attempts;
    this.successes = successes;
    this.throttles = throttles;
    this.errors = errors;
    this.servedTierMismatches = servedTierMismatches;
    this.inFlight = inFlight;
    this.inFlightLimit = inFlightLimit;
    this.waiting = waiting;
    this.windowSamples = windowSamples;
    this.throttleRate = throttleRate;
    this.latencyP50Millis = latencyMillis[0];
    this.latencyP90Millis = latencyMillis[1];
    this.latencyP99Millis = latencyMillis[2];
    this.ttftP50Millis = ttftP50Millis;
    this.ttftP99Millis = ttftP99Millis;
    this.spendUsd = spendUsd;
  }

  /** Returns the model id. */
  public String modelId() {
    return modelId;
  }

  /** Returns the tier. */
  public Tier tier() {
    return tier;
  }

  /** Returns whether the tier is still believed supported for the model. */
  public boolean supported() {
    return supported;
  }

  /** Returns how many decisions chose this tier. */
  public long decisions() {
    return decisions;
  }

  /** Returns how many attempts on this tier were reported. */
  public long attempts() {
    return attempts;
  }

  /** Returns how many attempts on this tier succeeded. */
  public long successes() {
    return successes;
  }

  /** Returns how many attempts on this tier were throttled. */
  public long throttles() {
    return throttles;
  }

  /** Returns how many attempts on this tier failed otherwise. */
  public long errors() {
    return errors;
  }

  /** Returns how many successful calls asked for this tier were served by another. */
  public long servedTierMismatches() {
    return servedTierMismatches;
  }

  /** Returns the calls in flight through {@code submit}. */
  public int inFlight() {
    return inFlight;
  }

  /** Returns the current adaptive in-flight limit. */
  public int inFlightLimit() {
    return inFlightLimit;
  }

  /** Returns the requests waiting for a permit of this tier. */
  public int waiting() {
    return waiting;
  }

  /** Returns the number of latency samples in the sliding window. */
  public long windowSamples() {
    return windowSamples;
  }

  /** Returns the estimated throttle probability (window share blended with the prior). */
  public double throttleRate() {
    return throttleRate;
  }

  /** Returns the window's median latency in milliseconds (NaN when empty). */
  public double latencyP50Millis() {
    return latencyP50Millis;
  }

  /** Returns the window's 90th-percentile latency in milliseconds (NaN when empty). */
  public double latencyP90Millis() {
    return latencyP90Millis;
  }

  /** Returns the window's 99th-percentile latency in milliseconds (NaN when empty). */
  public double latencyP99Millis() {
    return latencyP99Millis;
  }

  /** Returns the estimated median time to first token in milliseconds. */
  public double ttftP50Millis() {
    return ttftP50Millis;
  }

  /** Returns the estimated 99th-percentile time to first token in milliseconds. */
  public double ttftP99Millis() {
    return ttftP99Millis;
  }

  /**
   * Returns the spend charged at this tier's prices since the scheduler was built, in US dollars.
   */
  public double spendUsd() {
    return spendUsd;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s/%s%s: decisions=%d attempts=%d ok=%d throttled=%d errors=%d mismatches=%d"
            + " inFlight=%d/%d waiting=%d samples=%d throttleRate=%.4f latency p50/p90/p99=%.0f/%.0f/%.0f"
            + " ms ttft p50/p99=%.0f/%.0f ms spend=$%.6f",
        modelId,
        tier,
        supported ? "" : " (unsupported)",
        decisions,
        attempts,
        successes,
        throttles,
        errors,
        servedTierMismatches,
        inFlight,
        inFlightLimit,
        waiting,
        windowSamples,
        throttleRate,
        latencyP50Millis,
        latencyP90Millis,
        latencyP99Millis,
        ttftP50Millis,
        ttftP99Millis,
        spendUsd);
  }
}
