package io.tierpilot.sim.metrics;

/** The outcome of one SLO class under one policy. Filled by the simulation; not thread-safe. */
public final class ClassResult {
  private final String name;
  private final long deadlineNanos;
  private final double target;
  private long requests;
  private long met;
  private final LatencyStats latency = new LatencyStats();
  private final long[] tierCalls = new long[TimeBucket.TIERS.length];
  private final double[] tierCostUsd = new double[TimeBucket.TIERS.length];

  /**
   * @param name class name
   * @param deadlineNanos the class's default deadline
   * @param target the class's target probability
   */
  public ClassResult(String name, long deadlineNanos, double target) {
    this.name = name;
    this.deadlineNanos = deadlineNanos;
    this.target = target;
  }

  /** Counts one finished request (completed, failed or expired) and whether it met its deadline. */
  public void count(boolean metDeadline) {
    requests++;
    if (metDeadline) {
      met++;
    }
  }

  /** Counts a call of the class that a tier (index into {@link TimeBucket#TIERS}) served. */
  public void served(int tierIndex, double callCostUsd) {
    tierCalls[tierIndex]++;
    tierCostUsd[tierIndex] += callCostUsd;
  }

  /** Returns the class's calls that a tier (index into {@link TimeBucket#TIERS}) served. */
  public long tierCalls(int tierIndex) {
    return tierCalls[tierIndex];
  }

  /** Returns the cost of the class's calls that a tier served, in US dollars. */
  public double tierCostUsd(int tierIndex) {
    return tierCostUsd[tierIndex];
  }

  /** Returns the class name. */
  public String name() {
    return name;
  }

  /** Returns the class's default deadline in nanoseconds. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Returns the class's target probability. */
  public double target() {
    return target;
  }

  /** Returns the requests of the class. */
  public long requests() {
    return requests;
  }

  /** Returns the requests that finished within their deadline. */
  public long met() {
    return met;
  }

  /** Returns met / requests, in [0, 1]; 1 for a class without requests. */
  public double sloAttainment() {
    return requests == 0 ? 1.0 : (double) met / requests;
  }

  /** Returns the end-to-end latency of the class's completed requests. */
  public LatencyStats latency() {
    return latency;
  }
}
