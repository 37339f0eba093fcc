package io.tierpilot.sim.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one policy in one simulation: totals, per class, per tier, per minute,
 * and (for the adaptive policy) how well its predicted probabilities matched what happened. Filled
 * by the simulation's single thread.
 */
public final class PolicyResult {
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final String name;
  private final String description;
  private final Map<String, ClassResult> classes = new LinkedHashMap<>();
  private final ClassResult[] classArray;
  private final String[] classNames;
  private final Map<String, TierUsage> tiers = new LinkedHashMap<>();
  private final List<TimeBucket> buckets = new ArrayList<>();
  private final TierUsage[] tierArray;
  private TimeBucket current;
  private long currentEndNanos = Long.MIN_VALUE;
  private long currentStartNanos = Long.MAX_VALUE;
  private final double budgetUsdPerHour;
  private long requests;
  private long lastArrivalNanos;
  private long throttled;
  private long retries;
  private long deadlineExceeded;
  private long failed;
  private long budgetRefused;
  private long hedges;
  private long hedgesWon;
  private double hedgeCostUsd;
  private double costUsd;
  private final long[] calibrationCount = new long[10];
  private final long[] calibrationMet = new long[10];
  private final double[] calibrationPredicted = new double[10];

  /**
   * @param name policy name, for example {@code adaptive}
   * @param description one line on what the policy does
   * @param classes the SLO classes, in configuration order
   * @param budgetUsdPerHour the budget as spend per hour, or NaN without one
   */
  public PolicyResult(
      String name, String description, List<ClassResult> classes, double budgetUsdPerHour) {
    this.name = name;
    this.description = description;
    for (ClassResult c : classes) {
      this.classes.put(c.name(), c);
    }
    this.classArray = classes.toArray(new ClassResult[0]);
    this.classNames = new String[classArray.length];
    for (int i = 0; i < classNames.length; i++) {
      classNames[i] = classArray[i].name();
    }
    tierArray = new TierUsage[TimeBucket.TIERS.length];
    for (int i = 0; i < tierArray.length; i++) {
      tierArray[i] = new TierUsage();
      tiers.put(TimeBucket.TIERS[i], tierArray[i]);
    }
    this.budgetUsdPerHour = budgetUsdPerHour;
  }

  /** Returns the minute holding {@code nanos}, creating the minutes up to it. */
  public TimeBucket bucket(long nanos) {
    if (nanos >= currentStartNanos && nanos < currentEndNanos) {
      return current;
    }
    int index = (int) (nanos / MINUTE_NANOS);
    while (buckets.size() <= index) {
      buckets.add(new TimeBucket(buckets.size() * 60L, classNames));
    }
    current = buckets.get(index);
    currentStartNanos = index * MINUTE_NANOS;
    currentEndNanos = currentStartNanos + MINUTE_NANOS;
    return current;
  }

  /** Counts an arriving request. */
  public void arrival(long nowNanos) {
    requests++;
    lastArrivalNanos = Math.max(lastArrivalNanos, nowNanos);
    bucket(nowNanos).arrival();
  }

  /**
   * Counts a served call: its request's class (index in configuration order), its tier (index into
   * {@link TimeBucket#TIERS}), cost and latency.
   */
  public void served(
      long nowNanos, int classIndex, int tierIndex, double callCostUsd, long callLatencyNanos) {
    costUsd += callCostUsd;
    classArray[classIndex].served(tierIndex, callCostUsd);
    tierArray[tierIndex].count(callCostUsd, callLatencyNanos);
    bucket(nowNanos).served(tierIndex, callCostUsd);
  }

  /**
   * Returns the span of the arrivals, from the workload's start to the last arrival, in seconds:
   * the time over which the workload earns its budget (waiting past it earns nothing).
   */
  public double arrivalSpanSeconds() {
    return lastArrivalNanos / 1e9;
  }

  /** Counts a throttled attempt. */
  public void throttled(long nowNanos) {
    throttled++;
    bucket(nowNanos).throttle();
  }

  /** Counts a hedge (a backup call) sent. */
  public void hedge() {
    hedges++;
  }

  /** Adds the cost of a hedge call that was served (also counted in the total). */
  public void hedgeCost(double callCostUsd) {
    hedgeCostUsd += callCostUsd;
  }

  /** Counts a hedge that finished before the call it backed up (the request's answer). */
  public void hedgeWon() {
    hedgesWon++;
  }

  /** Returns the hedges that finished first and answered their request. */
  public long hedgesWon() {
    return hedgesWon;
  }

  /** Returns the hedges sent. */
  public long hedges() {
    return hedges;
  }

  /** Returns the cost of the hedge calls, in US dollars (part of the total). */
  public double hedgeCostUsd() {
    return hedgeCostUsd;
  }

  /** Counts an attempt after the first. */
  public void retry() {
    retries++;
  }

  /**
   * Counts a request that ended: completed (with its end-to-end latency), or not (no call could be
   * made in time, attempts ran out, or the call failed).
   *
   * @param nowNanos when it ended
   * @param classIndex its class, by position in configuration order
   * @param completed whether a call returned a result
   * @param latencyNanos end-to-end latency from arrival (completed only)
   * @param metDeadline whether it completed within its deadline
   * @param expired whether it ended because its deadline passed before a call could be made
   */
  public void finished(
      long nowNanos,
      int classIndex,
      boolean completed,
      long latencyNanos,
      boolean metDeadline,
      boolean expired) {
    ClassResult c = classArray[classIndex];
    c.count(metDeadline);
    if (completed) {
      c.latency().recordNanos(latencyNanos);
    } else if (expired) {
      deadlineExceeded++;
    } else {
      failed++;
    }
    bucket(nowNanos).finished(classIndex, metDeadline);
  }

  /**
   * Counts a request that ended, naming its class; see {@link #finished(long, int, boolean, long,
   * boolean, boolean)}.
   *
   * @throws IllegalArgumentException if the class is unknown
   */
  public void finished(
      long nowNanos,
      String sloClass,
      boolean completed,
      long latencyNanos,
      boolean metDeadline,
      boolean expired) {
    for (int i = 0; i < classNames.length; i++) {
      if (classNames[i].equals(sloClass)) {
        finished(nowNanos, i, completed, latencyNanos, metDeadline, expired);
        return;
      }
    }
    throw new IllegalArgumentException("unknown class '" + sloClass + "'");
  }

  /**
   * Records a prediction of the adaptive policy: the probability it gave the chosen tier on the
   * request's first decision, and whether the request then met its deadline.
   */
  public void calibration(double predicted, boolean metDeadline) {
    int decile = Math.min(9, (int) (predicted * 10));
    calibrationCount[decile]++;
    calibrationPredicted[decile] += predicted;
    if (metDeadline) {
      calibrationMet[decile]++;
    }
  }

  /**
   * Closes the minutes: cumulative spend, the budget's pace line, the pacing multiplier at each
   * minute's end.
   *
   * @param multipliers pacing multiplier per minute (may be shorter than the minutes; missing ones
   *     are 1)
   */
  public void close(List<Double> multipliers) {
    double cumulative = 0;
    for (int i = 0; i < buckets.size(); i++) {
      TimeBucket b = buckets.get(i);
      cumulative += b.costUsd();
      double pace = Double.isNaN(budgetUsdPerHour) ? Double.NaN : budgetUsdPerHour * (i + 1) / 60.0;
      b.close(cumulative, pace, i < multipliers.size() ? multipliers.get(i) : 1.0);
    }
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public long requests() {
    return requests;
  }

  public double costUsd() {
    return costUsd;
  }

  /** Returns the cost per 1,000 requests in US dollars. */
  public double costPerThousandUsd() {
    return requests == 0 ? 0 : costUsd * 1000 / requests;
  }

  /** Returns the share of all requests that met their deadline, in [0, 1]. */
  public double sloAttainment() {
    long n = 0;
    long m = 0;
    for (ClassResult c : classes.values()) {
      n += c.requests();
      m += c.met();
    }
    return n == 0 ? 1.0 : (double) m / n;
  }

  public long throttled() {
    return throttled;
  }

  public long retries() {
    return retries;
  }

  public long deadlineExceeded() {
    return deadlineExceeded;
  }

  /** Returns the requests that ended without a result, those refused by the budget included. */
  public long failed() {
    return failed;
  }

  /** Counts a request (already counted as failed) that budget pacing refused: no call. */
  public void refuse(long nowNanos) {
    budgetRefused++;
    bucket(nowNanos).refuse();
  }

  /** Returns the requests that budget pacing refused (included in {@link #failed()}). */
  public long budgetRefused() {
    return budgetRefused;
  }

  public double budgetUsdPerHour() {
    return budgetUsdPerHour;
  }

  public Map<String, ClassResult> classes() {
    return Collections.unmodifiableMap(classes);
  }

  /** Returns usage per tier, keyed {@code flex}, {@code standard}, {@code priority}. */
  public Map<String, TierUsage> tiers() {
    return Collections.unmodifiableMap(tiers);
  }

  public List<TimeBucket> buckets() {
    return Collections.unmodifiableList(buckets);
  }

  /** Returns whether calibration data was recorded (the adaptive policy only). */
  public boolean hasCalibration() {
    for (long c : calibrationCount) {
      if (c > 0) {
        return true;
      }
    }
    return false;
  }

  /** Returns the predictions in a decile (0 = [0, 0.1), ..., 9 = [0.9, 1]). */
  public long calibrationCount(int decile) {
    return calibrationCount[decile];
  }

  /** Returns the mean predicted probability in a decile, or NaN if empty. */
  public double calibrationPredicted(int decile) {
    return calibrationCount[decile] == 0
        ? Double.NaN
        : calibrationPredicted[decile] / calibrationCount[decile];
  }

  /** Returns the share of the decile's requests that met their deadline, or NaN if empty. */
  public double calibrationRealized(int decile) {
    return calibrationCount[decile] == 0
        ? Double.NaN
        : (double) calibrationMet[decile] / calibrationCount[decile];
  }
}
