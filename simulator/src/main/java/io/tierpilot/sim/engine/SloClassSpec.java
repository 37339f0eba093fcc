package io.tierpilot.sim.engine;

import io.tierpilot.core.Durations;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SLO class of a simulation, from {@code --classes NAME=SHARE:DEADLINE[:TIER],...}: its share
 * of the requests, its deadline (end-to-end latency budget from arrival) and its recommended tier
 * (the AWS blog's category → tier table, used by the {@code by-class} policy). Immutable.
 */
public final class SloClassSpec {
  public final String name;
  public final double share;
  public final long deadlineNanos;
  public final Tier recommendedTier;

  public SloClassSpec(String name, double share, long deadlineNanos, Tier recommendedTier) {
    this.name = name;
    this.share = share;
    this.deadlineNanos = deadlineNanos;
    this.recommendedTier = recommendedTier;
  }

  /**
   * Parses {@code NAME=SHARE:DEADLINE[:TIER],...}; shares must be positive and sum to 1 (within
   * 0.001); TIER is {@code priority}, {@code standard}/{@code default} or {@code flex}.
   *
   * @throws IllegalArgumentException naming the entry and the problem
   */
  public static List<SloClassSpec> parse(String text) {
    List<SloClassSpec> out = new ArrayList<>();
    double sum = 0;
    for (String entry : text.split(",")) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--classes entry '" + e + "': expected NAME=SHARE:DEADLINE[:TIER]");
      }
      String name = e.substring(0, eq).trim();
      String[] parts = e.substring(eq + 1).split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(
            "--classes entry '" + e + "': expected NAME=SHARE:DEADLINE[:TIER]");
      }
      double share;
      try {
        share = Double.parseDouble(parts[0]);
      } catch (NumberFormatException x) {
        throw new IllegalArgumentException(
            "--classes entry '" + e + "': share '" + parts[0] + "' is not a number", x);
      }
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "--classes entry '" + e + "': share must be in (0, 1], was " + parts[0]);
      }
      Duration deadline;
      try {
        deadline = Durations.parse(parts[1]);
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException("--classes entry '" + e + "': " + x.getMessage(), x);
      }
      if (deadline.isZero()) {
        throw new IllegalArgumentException(
            "--classes entry '" + e + "': deadline must be positive");
      }
      Tier tier = null;
      if (parts.length == 3) {
        try {
          tier = Tier.fromWireValue(parts[2]);
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException("--classes entry '" + e + "': " + x.getMessage(), x);
        }
      }
      for (SloClassSpec c : out) {
        if (c.name.equals(name)) {
          throw new IllegalArgumentException("--classes: class '" + name + "' appears twice");
        }
      }
      out.add(new SloClassSpec(name, share, deadline.toNanos(), tier));
      sum += share;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "--classes: shares must sum to 1, sum to %.4f", sum));
    }
    return out;
  }

  /**
   * Returns the budget sensitivity the simulator gives this class: from its recommended tier when
   * it has one (Priority 0, Standard 0.5, Flex 1: the categories the AWS blog sends to cheaper
   * tiers give way first), else by its position in the list, most critical first.
   *
   * @param index the class's position in the scenario
   * @param count the number of classes
   */
  public double defaultSensitivity(int index, int count) {
    if (recommendedTier != null) {
      switch (recommendedTier) {
        case PRIORITY:
          return 0;
        case FLEX:
          return 1;
        default:
          return 0.5;
      }
    }
    return count == 1 ? 0.5 : (double) index / (count - 1);
  }

  /**
   * Returns the class's hard-cap rule in the adaptive policy: a class that gives way to the budget
   * (budget sensitivity above 0) accepts refusals ({@code REJECT}: budget pacing may refuse a share
   * of it once its cheapest tier is not cheap enough); one with sensitivity 0 never does.
   *
   * @param index the class's position in configuration order
   * @param count the number of classes
   */
  public SloClass.HardCapRule hardCapRule(int index, int count) {
    return defaultSensitivity(index, count) > 0
        ? SloClass.HardCapRule.REJECT
        : SloClass.HardCapRule.DEGRADE;
  }

  /** Returns the entry as it would be written on the command line. */
  @Override
  public String toString() {
    return name
        + "="
        + share
        + ":"
        + Durations.format(Duration.ofNanos(deadlineNanos))
        + (recommendedTier == null ? "" : ":" + recommendedTier.reportName());
  }
}
