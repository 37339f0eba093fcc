package io.tierpilot.sim.report;

import io.tierpilot.sim.metrics.PolicyResult;
import java.util.List;

/**
 * The time axis of the report's time charts: the simulated minutes of the longest policy, grouped
 * into at most a given number of intervals of equal length (the last may be shorter) so a week-long
 * run draws no more points than an hour-long one, and the unit the axis is labelled in.
 */
final class TimeGrid {
  private final int minutes;
  private final int group;
  private final int intervals;
  private final double unitMinutes;
  private final String unit;

  /**
   * @param policies the policies whose minute buckets are drawn
   * @param maxIntervals the most intervals to draw, {@code >= 1}
   */
  TimeGrid(List<PolicyResult> policies, int maxIntervals) {
    int n = 0;
    for (PolicyResult p : policies) {
      n = Math.max(n, p.buckets().size());
    }
    this.minutes = Math.max(1, n);
    this.group = (minutes + maxIntervals - 1) / maxIntervals;
    this.intervals = (minutes + group - 1) / group;
    if (minutes <= 180) {
      unitMinutes = 1;
      unit = "min";
    } else if (minutes <= 72 * 60) {
      unitMinutes = 60;
      unit = "h";
    } else {
      unitMinutes = 1440;
      unit = "days";
    }
  }

  /** Returns the minutes per interval, at least 1. */
  int group() {
    return group;
  }

  /** Returns the number of intervals. */
  int intervals() {
    return intervals;
  }

  /** Returns the first minute of an interval. */
  int start(int interval) {
    return interval * group;
  }

  /** Returns the minute after the last of an interval. */
  int end(int interval) {
    return Math.min(minutes, (interval + 1) * group);
  }

  /** Returns the axis position of the start of a minute, in the axis unit. */
  double at(int minute) {
    return minute / unitMinutes;
  }

  /** Returns the length of the axis in its unit. */
  double length() {
    return minutes / unitMinutes;
  }

  /** Returns the axis title, for example {@code Simulated time (h)}. */
  String title() {
    return "Simulated time (" + unit + ")";
  }

  /**
   * Returns a note on the grouping for captions, or the empty string when every minute is drawn.
   */
  String note() {
    return group == 1 ? "" : " Drawn in " + Fmt.count(group) + "-minute steps.";
  }
}
