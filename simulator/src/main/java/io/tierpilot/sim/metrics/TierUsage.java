package io.tierpilot.sim.metrics;

/**
 * The calls one tier served under one policy: how many, their cost and their latency (from the
 * start of the call). Not thread-safe.
 */
public final class TierUsage {
  private long calls;
  private double costUsd;
  private final LatencyStats latency = new LatencyStats();

  /** Counts one served call. */
  public void count(double callCostUsd, long callLatencyNanos) {
    calls++;
    costUsd += callCostUsd;
    latency.recordNanos(callLatencyNanos);
  }

  /** Returns the calls served by this tier. */
  public long calls() {
    return calls;
  }

  /** Returns their cost in US dollars. */
  public double costUsd() {
    return costUsd;
  }

  /** Returns their latency from the start of the call. */
  public LatencyStats latency() {
    return latency;
  }
}
