package io.tierpilot.sim.tune;

import io.tierpilot.core.Durations;
import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.SloClassSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The adaptive policy's tunable parameters as a unit hypercube: each dimension maps {@code [0, 1]}
 * to a setting of the tierpilot configuration file, so a candidate is a point in the cube and its
 * configuration is exactly what the library's configuration loader reads.
 *
 * <p>Dimensions: per class, the target (log scale on the miss probability, 0.0005 to 0.1) and, for
 * classes with a deadline of at most a minute, a hedge delay (off on the first fifth of the
 * interval, else 15% to 80% of the deadline); the window (1 to 15 minutes, log scale) and its
 * slices (4 to 20); the exploration share (0 to 0.03); the error budget's margin (0 to 0.7) and
 * bound (1 to 5); the recency of the queueing offset (off, or 2 to 60 s); and, with a budget, the
 * pacing gain (0.1 to 2, log scale).
 */
final class ParamSpace {
  /** Share of a hedge dimension's unit interval that means "no hedging". */
  private static final double HEDGE_OFF = 0.2;

  /** One dimension: a configuration key and how the unit interval maps to its value. */
  static final class Dim {
    final String key;
    final String kind;
    final double lo;
    final double hi;
    final SloClassSpec sloClass;

    Dim(String key, String kind, double lo, double hi, SloClassSpec sloClass) {
      this.key = key;
      this.kind = kind;
      this.lo = lo;
      this.hi = hi;
      this.sloClass = sloClass;
    }
  }

  private final Scenario scenario;
  private final List<Dim> dims = new ArrayList<>();

  ParamSpace(Scenario scenario) {
    this.scenario = scenario;
    for (SloClassSpec c : scenario.classes) {
      dims.add(new Dim("class." + c.name + ".target", "miss", 0.0005, 0.1, c));
      if (c.deadlineNanos <= Duration.ofMinutes(1).toNanos()) {
        dims.add(new Dim("class." + c.name + ".hedge-delay", "hedge", 0.15, 0.8, c));
      }
    }
    dims.add(new Dim("window", "log-seconds", 60, 900, null));
    dims.add(new Dim("slices", "int", 4, 20, null));
    dims.add(new Dim("exploration-share", "linear", 0, 0.03, null));
    dims.add(new Dim("error-budget.margin", "linear", 0, 0.7, null));
    dims.add(new Dim("error-budget.max", "linear", 1, 5, null));
    dims.add(new Dim("recency", "recency", 2, 60, null));
    if (scenario.budget != null) {
      dims.add(new Dim("pacing.gain", "log", 0.1, 2, null));
    }
  }

  int size() {
    return dims.size();
  }

  List<Dim> dims() {
    return dims;
  }

  /**
   * Returns the point of the cube closest to the library's defaults (and the simulator's hedging of
   * the classes recommended for Priority), so that a search never ends worse than not tuning.
   */
  double[] defaults() {
    double[] u = new double[dims.size()];
    for (int i = 0; i < u.length; i++) {
      Dim d = dims.get(i);
      switch (d.key.replaceFirst("^class\\.[^.]+\\.", "class.*.")) {
        case "class.*.target":
          u[i] = inverseLog(1 - scenario.target, d.lo, d.hi);
          break;
        case "class.*.hedge-delay":
          u[i] =
              d.sloClass.recommendedTier == io.tierpilot.core.Tier.PRIORITY && scenario.hedging
                  ? HEDGE_OFF + (1 - HEDGE_OFF) * (0.4 - d.lo) / (d.hi - d.lo)
                  : 0;
          break;
        case "window":
          u[i] = inverseLog(300, d.lo, d.hi);
          break;
        case "slices":
          u[i] = (10 - d.lo) / (d.hi - d.lo);
          break;
        case "exploration-share":
          u[i] = 0.01 / d.hi;
          break;
        case "error-budget.margin":
          u[i] = 0.3 / d.hi;
          break;
        case "error-budget.max":
          u[i] = (1.5 - d.lo) / (d.hi - d.lo);
          break;
        case "recency":
          u[i] = (15 - d.lo) / (d.hi - d.lo);
          break;
        default:
          u[i] = inverseLog(0.5, d.lo, d.hi);
          break;
      }
      u[i] = Math.max(0, Math.min(1, u[i]));
    }
    return u;
  }

  /** Returns a copy of a point with every hedge delay off. */
  double[] withoutHedges(double[] u) {
    double[] v = u.clone();
    for (int i = 0; i < dims.size(); i++) {
      if ("hedge".equals(dims.get(i).kind)) {
        v[i] = 0;
      }
    }
    return v;
  }

  private static double inverseLog(double v, double lo, double hi) {
    return StrictMath.log(v / lo) / StrictMath.log(hi / lo);
  }

  private static double log(double u, double lo, double hi) {
    return lo * StrictMath.pow(hi / lo, u);
  }

  /**
   * Returns the tuned settings of a point as configuration keys and values, in a stable order
   * (dimension order); a hedge delay that is off is left out.
   */
  TreeMap<String, String> settings(double[] u) {
    TreeMap<String, String> out = new TreeMap<>();
    for (int i = 0; i < dims.size(); i++) {
      Dim d = dims.get(i);
      double x = Math.max(0, Math.min(1, u[i]));
      switch (d.kind) {
        case "miss":
          out.put(d.key, fmt(1 - log(x, d.lo, d.hi), 6));
          break;
        case "hedge":
          if (x >= HEDGE_OFF) {
            double share = d.lo + (x - HEDGE_OFF) / (1 - HEDGE_OFF) * (d.hi - d.lo);
            long millis = Math.round(d.sloClass.deadlineNanos * share / 1e6);
            out.put(d.key, millis + "ms");
          }
          break;
        case "log-seconds":
          out.put(d.key, Math.round(log(x, d.lo, d.hi)) + "s");
          break;
        case "int":
          out.put(d.key, Long.toString(Math.round(d.lo + x * (d.hi - d.lo))));
          break;
        case "recency":
          out.put(d.key, x < 0.02 ? "0s" : Math.round(d.lo + x * (d.hi - d.lo)) + "s");
          break;
        case "log":
          out.put(d.key, fmt(log(x, d.lo, d.hi), 4));
          break;
        default:
          out.put(d.key, fmt(d.lo + x * (d.hi - d.lo), 4));
          break;
      }
    }
    return out;
  }

  /**
   * Returns the complete configuration of a point: the scenario's classes (deadline, recommended
   * tier, budget sensitivity) with the tuned settings, and the scenario's seed. Prices, models and
   * the budget stay with the scenario (the simulator supplies them; a service adds its own).
   */
  Properties properties(double[] u) {
    Properties p = new Properties();
    List<String> names = new ArrayList<>();
    int n = scenario.classes.size();
    for (int i = 0; i < n; i++) {
      SloClassSpec c = scenario.classes.get(i);
      names.add(c.name);
      String k = "class." + c.name + ".";
      p.setProperty(k + "deadline", Durations.format(Duration.ofNanos(c.deadlineNanos)));
      p.setProperty(k + "budget-sensitivity", fmt(c.defaultSensitivity(i, n), 4));
      p.setProperty(k + "on-hard-cap", c.hardCapRule(i, n).name().toLowerCase(Locale.ROOT));
      if (c.recommendedTier != null) {
        p.setProperty(k + "tier", c.recommendedTier.reportName());
      }
    }
    p.setProperty("classes", String.join(", ", names));
    p.setProperty("seed", Long.toString(scenario.seed));
    p.putAll(settings(u));
    return p;
  }

  private static String fmt(double v, int decimals) {
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%." + decimals + "f", v))
        .stripTrailingZeros()
        .toPlainString();
  }
}
