package io.tierpilot.sim.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * One minute of simulated time under one policy: what arrived, what finished, which tiers served,
 * what it cost, and the budget line. Not thread-safe.
 */
public final class TimeBucket {
  /** Tiers in report order. */
  public static final String[] TIERS = {"flex", "standard", "priority"};

  private final long startSeconds;
  private long arrivals;
  private long finished;
  private long met;
  private long throttles;
  private final long[] served = new long[TIERS.length];
  private double costUsd;
  private double cumulativeCostUsd;
  private double paceUsd = Double.NaN;
  private double pacingMultiplier = 1;
  private final Map<String, long[]> byClass = new TreeMap<>();

  /**
   * @param startSeconds start of the minute in simulated seconds from the workload's start
   */
  public TimeBucket(long startSeconds) {
    this.startSeconds = startSeconds;
  }

  public void arrival() {
    arrivals++;
  }

  /** Counts a finished request of a class. */
  public void finished(String sloClass, boolean metDeadline) {
    finished++;
    long[] c = byClass.computeIfAbsent(sloClass, k -> new long[2]);
    c[0]++;
    if (metDeadline) {
      met++;
      c[1]++;
    }
  }

  public void throttle() {
    throttles++;
  }

  /** Counts a call served by a tier (index into {@link #TIERS}) and its cost. */
  public void served(int tierIndex, double callCostUsd) {
    served[tierIndex]++;
    costUsd += callCostUsd;
  }

  void close(double cumulativeCostUsd, double paceUsd, double pacingMultiplier) {
    this.cumulativeCostUsd = cumulativeCostUsd;
    this.paceUsd = paceUsd;
    this.pacingMultiplier = pacingMultiplier;
  }

  public long startSeconds() {
    return startSeconds;
  }

  public long arrivals() {
    return arrivals;
  }

  public long finished() {
    return finished;
  }

  public long met() {
    return met;
  }

  public long throttles() {
    return throttles;
  }

  /** Returns the calls served by a tier (index into {@link #TIERS}). */
  public long served(int tierIndex) {
    return served[tierIndex];
  }

  public double costUsd() {
    return costUsd;
  }

  /** Returns the spend from the start up to the end of this minute. */
  public double cumulativeCostUsd() {
    return cumulativeCostUsd;
  }

  /** Returns the budget's pace line at the end of this minute, or NaN without a budget. */
  public double paceUsd() {
    return paceUsd;
  }

  /** Returns the scheduler's pacing multiplier at the end of the minute (1 for fixed rules). */
  public double pacingMultiplier() {
    return pacingMultiplier;
  }

  /** Returns per class {@code {finished, met}} in this minute. */
  public Map<String, long[]> byClass() {
    return byClass;
  }
}
