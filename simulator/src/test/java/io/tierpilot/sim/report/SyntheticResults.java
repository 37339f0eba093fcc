package io.tierpilot.sim.report;

import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds plausible simulation results for the report's tests without running the simulator: a
 * Poisson-like stream of requests in three classes, replayed against seven toy policies on a
 * provider whose Flex tier slows down and throttles in the middle of the run. The same arguments
 * always give the same result.
 */
final class SyntheticResults {
  static final List<String> POLICIES =
      List.of(
          "adaptive",
          "static-priority",
          "static-standard",
          "static-flex",
          "by-class",
          "flex-then-standard",
          "oracle");

  static final List<SimulationResult.ClassSpec> CLASSES =
      List.of(
          new SimulationResult.ClassSpec("interactive", 0.2, 10_000_000_000L, "priority"),
          new SimulationResult.ClassSpec("standard", 0.5, 60_000_000_000L, "standard"),
          new SimulationResult.ClassSpec("batch", 0.3, 1_800_000_000_000L, "flex"));

  static final List<SimulationResult.Assumption> ASSUMPTIONS =
      List.of(
          new SimulationResult.Assumption(
              "provider", "bedrock", "preset: Amazon Bedrock, one model, three tiers"),
          new SimulationResult.Assumption(
              "prices ($ per 1M tokens, in / out)",
              "flex 0.075 / 0.3, standard 0.15 / 0.6, priority 0.2625 / 1.05",
              "Standard: the example price of gpt-oss-120b; Flex 0.5x; Priority 1.75x is an"
                  + " assumption (no published premium)"),
          new SimulationResult.Assumption(
              "flex throttling", "3% of calls, 25% while busy", "assumption: no rule published"),
          new SimulationResult.Assumption("class target", "0.99", "adaptive policy's target"));

  private static final int FLEX = 0;
  private static final int STANDARD = 1;
  private static final int PRIORITY = 2;
  private static final double[] PRICE_FACTOR = {0.5, 1.0, 1.75};
  private static final double[] MEDIAN_S = {4.5, 2.6, 2.0};
  private static final double[] BUSY_MEDIAN_S = {14, 3.4, 2.1};
  private static final double[] THROTTLE = {0.03, 0.004, 0};
  private static final double[] BUSY_THROTTLE = {0.25, 0.01, 0};
  private static final double[] CLASS_WORK = {1, 2.5, 6};
  private static final double SIGMA = 0.35;
  private static final double THROTTLE_DELAY_S = 1.5;
  private static final long NANOS = 1_000_000_000L;

  private SyntheticResults() {}

  /** One hour, 200 requests a minute, the seven policies, a budget on adaptive. */
  static SimulationResult realistic() {
    return build("azure:conv.csv", POLICIES, CLASSES, 60, 200, 7);
  }

  /** One request arriving in the stream. */
  private static final class Arrival {
    final long atNanos;
    final int cls;
    final double work;
    final double z;
    final double u;

    Arrival(long atNanos, int cls, double work, double z, double u) {
      this.atNanos = atNanos;
      this.cls = cls;
      this.work = work;
      this.z = z;
      this.u = u;
    }
  }

  /**
   * Builds a result.
   *
   * @param workload the workload text shown in the report
   * @param policies policy names; the known ones behave as their names say, others like by-class
   * @param classes the classes, with shares summing to 1 (a share of 0 gives an empty class)
   * @param minutes how long requests keep arriving, in minutes (may be a fraction)
   * @param perMinute mean arrivals per minute
   * @param seed the random seed
   */
  static SimulationResult build(
      String workload,
      List<String> policies,
      List<SimulationResult.ClassSpec> classes,
      double minutes,
      double perMinute,
      long seed) {
    Random rnd = new Random(seed);
    List<Arrival> arrivals = new ArrayList<>();
    double t = 0;
    double end = minutes * 60;
    while (true) {
      t += -Math.log(1 - rnd.nextDouble()) * 60 / perMinute;
      if (t >= end) {
        break;
      }
      double pick = rnd.nextDouble();
      int cls = 0;
      double acc = 0;
      for (int i = 0; i < classes.size(); i++) {
        acc += classes.get(i).share;
        if (pick < acc) {
          cls = i;
          break;
        }
        cls = i;
      }
      double work = CLASS_WORK[Math.min(cls, 2)] * Math.exp(0.4 * rnd.nextGaussian());
      arrivals.add(
          new Arrival((long) (t * NANOS), cls, work, rnd.nextGaussian(), rnd.nextDouble()));
    }
    double busyFrom = end * 0.35;
    double busyTo = end * 0.6;
    List<PolicyResult> results = new ArrayList<>();
    long lastFinish = 0;
    for (int pi = 0; pi < policies.size(); pi++) {
      String name = policies.get(pi);
      List<ClassResult> cr = new ArrayList<>();
      for (SimulationResult.ClassSpec c : classes) {
        cr.add(new ClassResult(c.name, c.deadlineNanos, 0.99));
      }
      double standardPerHour = perMinute * 60 * 3.25 * 330e-6;
      double budget = "adaptive".equals(name) ? round2(standardPerHour * 0.7) : Double.NaN;
      PolicyResult p = new PolicyResult(name, description(name), cr, budget);
      Random noise = new Random(seed * 31 + pi);
      List<Double> multipliers = new ArrayList<>();
      double m = 1;
      double minuteSpend = 0;
      double spent = 0;
      int minute = 0;
      for (Arrival a : arrivals) {
        double at = a.atNanos / (double) NANOS;
        while (at >= (minute + 1) * 60.0) {
          if (!Double.isNaN(budget)) {
            spent += minuteSpend;
            double paceRate = budget / 60;
            m = Math.min(8, Math.max(1, m * Math.sqrt(Math.max(minuteSpend, 1e-9) / paceRate)));
            if (spent < budget * (minute + 1) / 60.0 * 0.98) {
              m = Math.max(1, m / 1.3);
            }
          }
          multipliers.add(m);
          minuteSpend = 0;
          minute++;
        }
        p.arrival(a.atNanos);
        boolean busy = at >= busyFrom && at < busyTo;
        SimulationResult.ClassSpec spec = classes.get(a.cls);
        double deadline = spec.deadlineNanos / (double) NANOS;
        double callCost = a.work * 330e-6;
        if ("oracle".equals(name)) {
          int tier = PRIORITY;
          for (int tr = FLEX; tr <= PRIORITY; tr++) {
            if (latency(tr, busy, a) <= deadline) {
              tier = tr;
              break;
            }
          }
          double lat = latency(tier, busy, a);
          long done = a.atNanos + (long) (lat * NANOS);
          p.served(done, a.cls, tier, callCost * PRICE_FACTOR[tier], (long) (lat * NANOS));
          p.finished(done, spec.name, true, done - a.atNanos, lat <= deadline, false);
          lastFinish = Math.max(lastFinish, done);
          continue;
        }
        int tier = firstTier(name, a.cls, busy, m, at - busyFrom);
        if ("adaptive".equals(name)) {
          double believed = at >= busyFrom + 180 && at < busyTo + 120 ? 1 : 0;
          double median = (believed > 0 ? BUSY_MEDIAN_S[tier] : MEDIAN_S[tier]) * a.work;
          double predicted = phi(Math.log(deadline / median) / SIGMA) * (1 - THROTTLE[tier]);
          boolean met = latency(tier, busy, a) <= deadline && a.u >= throttle(tier, busy);
          p.calibration(Math.min(1, predicted), met);
        }
        double waited = 0;
        boolean done = false;
        for (int attempt = 0; attempt < 4 && !done; attempt++) {
          if (waited > deadline) {
            long now = a.atNanos + (long) (waited * NANOS);
            p.finished(now, spec.name, false, 0, false, true);
            lastFinish = Math.max(lastFinish, now);
            done = true;
            break;
          }
          if (attempt > 0) {
            p.retry();
          }
          long now = a.atNanos + (long) (waited * NANOS);
          if (noise.nextDouble() < throttle(tier, busy)) {
            p.throttled(now);
            waited += THROTTLE_DELAY_S;
            tier = afterThrottle(name, tier);
            continue;
          }
          double lat = latency(tier, busy, a) * Math.exp(0.05 * noise.nextGaussian());
          long fin = now + (long) (lat * NANOS);
          double cost = callCost * PRICE_FACTOR[tier];
          p.served(fin, a.cls, tier, cost, (long) (lat * NANOS));
          minuteSpend += cost;
          if (noise.nextDouble() < 0.0005) {
            p.finished(fin, spec.name, false, 0, false, false);
          } else {
            p.finished(fin, spec.name, true, fin - a.atNanos, waited + lat <= deadline, false);
          }
          lastFinish = Math.max(lastFinish, fin);
          done = true;
        }
        if (!done) {
          long now = a.atNanos + (long) (waited * NANOS);
          p.finished(now, spec.name, false, 0, false, false);
        }
      }
      multipliers.add(m);
      p.close("adaptive".equals(name) ? multipliers : List.of());
      results.add(p);
    }
    return new SimulationResult(
        workload,
        "bedrock",
        seed,
        arrivals.size(),
        12,
        3,
        5,
        lastFinish / 1e9,
        classes,
        ASSUMPTIONS,
        results,
        List.of(
            "conv.csv:17: GeneratedTokens 'x' is not a whole number",
            "conv.csv:40: class 'vip' is not one of the classes of --classes [interactive, standard,"
                + " batch]"));
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double latency(int tier, boolean busy, Arrival a) {
    double median = (busy ? BUSY_MEDIAN_S : MEDIAN_S)[tier] * a.work;
    return median * Math.exp(SIGMA * a.z);
  }

  private static double throttle(int tier, boolean busy) {
    return (busy ? BUSY_THROTTLE : THROTTLE)[tier];
  }

  private static int firstTier(String policy, int cls, boolean busy, double m, double sinceBusy) {
    switch (policy) {
      case "static-priority":
        return PRIORITY;
      case "static-standard":
        return STANDARD;
      case "static-flex":
      case "flex-then-standard":
        return FLEX;
      case "adaptive":
        boolean noticed = busy && sinceBusy > 180;
        if (cls == 0) {
          return noticed ? PRIORITY : STANDARD;
        }
        if (cls == 1) {
          return noticed && m < 2 ? STANDARD : FLEX;
        }
        return FLEX;
      default:
        return cls == 0 ? PRIORITY : cls == 1 ? STANDARD : FLEX;
    }
  }

  private static int afterThrottle(String policy, int tier) {
    if ("flex-then-standard".equals(policy) || "adaptive".equals(policy)) {
      return Math.min(PRIORITY, tier + 1);
    }
    return tier;
  }

  private static String description(String policy) {
    switch (policy) {
      case "adaptive":
        return "tierpilot's scheduler: cheapest tier whose predicted probability meets the"
            + " class target, with budget pacing";
      case "oracle":
        return "hindsight: the cheapest tier that would have met the deadline, never throttled";
      case "flex-then-standard":
        return "Flex, then Standard after a throttle";
      case "by-class":
        return "each class on its recommended tier";
      default:
        return "every request on one tier";
    }
  }

  /** The standard normal CDF (Abramowitz and Stegun 7.1.26; absolute error below 1e-7). */
  private static double phi(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double y =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z);
    return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
  }
}
