package io.tierpilot.sim.cli;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.metrics.TierUsage;
import java.io.PrintStream;
import java.util.Locale;

/** The compact comparison table printed at the end of a simulation. */
final class ComparisonTable {
  private ComparisonTable() {}

  static void print(SimulationResult r, PrintStream out) {
    PolicyResult base = r.policy("static-standard");
    StringBuilder header =
        new StringBuilder(
            String.format(Locale.ROOT, "%-19s %11s %8s %8s", "policy", "cost $", "vs std", "SLO"));
    for (SimulationResult.ClassSpec c : r.classes()) {
      header.append(String.format(Locale.ROOT, " %12s", abbreviate(c.name, 12)));
    }
    header.append(
        String.format(Locale.ROOT, " %9s %7s  %s", "throttled", "missed", "flex/std/prio %"));
    out.println(header);
    for (PolicyResult p : r.policies()) {
      StringBuilder row =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%-19s %11.4f %8s %8.4f",
                  p.name(),
                  p.costUsd(),
                  base == null || base.costUsd() == 0
                      ? "-"
                      : String.format(Locale.ROOT, "%.3f", p.costUsd() / base.costUsd()),
                  p.sloAttainment()));
      for (ClassResult c : p.classes().values()) {
        row.append(String.format(Locale.ROOT, " %12.4f", c.sloAttainment()));
      }
      long calls = 0;
      for (TierUsage t : p.tiers().values()) {
        calls += t.calls();
      }
      long missed = p.requests() - Math.round(p.sloAttainment() * p.requests());
      row.append(String.format(Locale.ROOT, " %9d %7d  ", p.throttled(), missed));
      row.append(
          String.format(
              Locale.ROOT,
              "%.0f/%.0f/%.0f",
              share(p.tiers().get("flex"), calls),
              share(p.tiers().get("standard"), calls),
              share(p.tiers().get("priority"), calls)));
      out.println(row);
    }
  }

  private static double share(TierUsage t, long calls) {
    return calls == 0 ? 0 : 100.0 * t.calls() / calls;
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
