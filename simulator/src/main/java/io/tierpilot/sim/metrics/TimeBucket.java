package io.tierpilot.sim.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

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
  private long budgetRefused;
  private final long[] served = new long[TIERS.length];
  private double costUsd;
  private double cumulativeCostUsd;
  private double paceUsd = Double.NaN;
  private double pacingMultiplier = 1;
  private final String[] classNames;
  private final long[] classFinished;
  private final long[] classMet;

  /**
   * @param startSeconds start of the minute in simulated seconds from the workload's start
   * @param classNames the SLO classes, in configuration order
   */
  public TimeBucket(long startSeconds, String[] classNames) {
    this.startSeconds = startSeconds;
    this.classNames = classNames;
    this.classFinished = new long[classNames.length];
    this.classMet = new long[classNames.length];
  }

  public void arrival() {
    arrivals++;
  }

  /** Counts a finished request of a class (its index in configuration order). */
  public void finished(int classIndex, boolean metDeadline) {
    finished++;
    classFinished[classIndex]++;
    if (metDeadline) {
      met++;
      classMet[classIndex]++;
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

  /** Counts a request that budget pacing refused. */
  void refuse() {
    budgetRefused++;
  }

  /** Returns the requests that budget pacing refused in this minute. */
  public long budgetRefused() {
    return budgetRefused;
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

  /** Returns per class {@code {finished, met}} in this minute, in configuration order. */
  public Map<String, long[]> byClass() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (int i = 0; i < classNames.length; i++) {
      m.put(classNames[i], new long[] {classFinished[i], classMet[i]});
    }
    return m;
  }
}
