package io.tierpilot.sim.tune;

import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.Simulation;
import io.tierpilot.sim.engine.SimulationRunner;
import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.workload.Workload;
import io.tierpilot.sim.workload.WorkloadSpec;
import io.tierpilot.sim.workload.Workloads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Searches the adaptive policy's parameters ({@link ParamSpace}) for the cheapest setting that
 * meets an attainment target in every class (and the budget, if one is set), on a scenario.
 *
 * <h2>Method</h2>
 *
 * Multi-fidelity successive halving, then cross-entropy refinement, all evaluations in parallel:
 *
 * <ol>
 *   <li><b>Screen</b>: {@code n} settings, the library's defaults and a Latin hypercube sample of
 *       the rest, each run on the first quarter of the workload;
 *   <li><b>Halve</b>: the best third run on the first half, and the best third of those on all of
 *       it (successive halving: a setting earns a longer run only by doing well on a short one);
 *   <li><b>Refine</b>: the remaining budget in rounds of a few settings drawn from a normal
 *       distribution around the best full-workload settings so far (mean and spread of the elite,
 *       the spread shrinking each round), each run on the whole workload.
 * </ol>
 *
 * <p>A setting is scored by its cost, multiplied by {@code 1 + 100 · shortfall}, where the
 * shortfall is the sum over classes of how far their attainment falls below the target (plus, with
 * a budget, how far spend exceeds it, relative to it). Against a grid with the same number of runs
 * this spends most of its runs where settings are good, and screens on short runs, which a grid
 * cannot: with ten dimensions a grid of 48 runs has under two values a dimension.
 *
 * <p>Every setting is run through the same path as {@code simulate --scheduler-config}: written as
 * a configuration file and read by the library's loader, so the best setting's file reproduces its
 * result exactly.
 */
final class Tuner {
  /** One evaluated setting. */
  static final class Evaluation {
    final int id;
    final String stage;
    final double fraction;
    final double[] point;
    final Properties config;
    final double costUsd;
    final double attainment;
    final double[] classAttainment;
    final double score;
    final boolean feasible;
    final long hedges;
    final double hedgeCostUsd;

    Evaluation(
        int id,
        String stage,
        double fraction,
        double[] point,
        Properties config,
        double costUsd,
        double attainment,
        double[] classAttainment,
        double score,
        boolean feasible,
        long hedges,
        double hedgeCostUsd) {
      this.id = id;
      this.stage = stage;
      this.fraction = fraction;
      this.point = point;
      this.config = config;
      this.costUsd = costUsd;
      this.attainment = attainment;
      this.classAttainment = classAttainment;
      this.score = score;
      this.feasible = feasible;
      this.hedges = hedges;
      this.hedgeCostUsd = hedgeCostUsd;
    }

    /** Returns the setting's name: its configuration file in the candidates directory. */
    String name() {
      return fileName(id);
    }

    /** Returns the lowest attainment of any class with requests (1 if none had any). */
    double lowestAttainment() {
      double low = 1;
      for (double a : classAttainment) {
        if (!Double.isNaN(a)) {
          low = Math.min(low, a);
        }
      }
      return low;
    }

    /** Returns whether the setting hedges any class. */
    boolean hedged(ParamSpace space) {
      for (String k : space.settings(point).keySet()) {
        if (k.endsWith(".hedge-delay")) {
          return true;
        }
      }
      return false;
    }
  }

  static String fileName(int id) {
    return String.format(Locale.ROOT, "candidate-%03d.properties", id);
  }

  private final Scenario scenario;
  private final ParamSpace space;
  private final double attainmentTarget;
  private final int evaluations;
  private final int threads;
  private final Path workDir;
  private final Consumer<String> log;
  private final List<Evaluation> all = new ArrayList<>();
  private long requests;
  private int nextId;
  private Evaluation hedged;
  private Evaluation unhedged;

  /**
   * @param scenario the scenario (its policies are ignored)
   * @param attainmentTarget the attainment every class must reach, in (0, 1]
   * @param evaluations the budget, in runs of the whole workload, {@code >= 4}
   * @param threads parallel runs
   * @param workDir where candidate configurations are written
   * @param log receives progress lines
   */
  Tuner(
      Scenario scenario,
      double attainmentTarget,
      int evaluations,
      int threads,
      Path workDir,
      Consumer<String> log) {
    this.scenario = scenario;
    this.space = new ParamSpace(scenario);
    this.attainmentTarget = attainmentTarget;
    this.evaluations = evaluations;
    this.threads = threads;
    this.workDir = workDir;
    this.log = log;
  }

  ParamSpace space() {
    return space;
  }

  List<Evaluation> evaluations() {
    return all;
  }

  /**
   * Returns the best setting of the search if it hedges, else null; {@link #unhedgedTwin} is the
   * same without hedges.
   */
  Evaluation hedgedTwin() {
    return hedged;
  }

  /** Returns {@link #hedgedTwin} without its hedge delays, or null. */
  Evaluation unhedgedTwin() {
    return unhedged;
  }

  /**
   * Runs the search and returns the best whole-workload evaluation. If the best hedges a class, the
   * same setting without hedges is run too ({@link #unhedgedTwin}), and wins if it scores as well.
   */
  Evaluation run() throws IOException {
    requests = countRequests();
    int screen = Math.max(3, evaluations);
    SplitMix rng = new SplitMix(scenario.seed);
    List<double[]> points = new ArrayList<>();
    points.add(space.defaults());
    points.addAll(latinHypercube(screen - 1, space.size(), rng));
    List<Evaluation> quarter = evaluate(points, "screen", 0.25);
    List<Evaluation> half =
        evaluate(withDefaults(best(quarter, Math.max(2, screen / 3))), "halve", 0.5);
    List<Evaluation> full =
        evaluate(withDefaults(best(half, Math.max(1, screen / 9))), "full", 1.0);
    double spent = screen * 0.25 + half.size() * 0.5 + full.size();
    double spread = 0.25;
    int batch = Math.max(2, threads * 2);
    List<Evaluation> fullSoFar = new ArrayList<>(full);
    int round = 0;
    while (spent + batch <= evaluations) {
      List<double[]> next = refine(fullSoFar, batch, spread, rng);
      fullSoFar.addAll(evaluate(next, "refine-" + (++round), 1.0));
      spent += batch;
      spread *= 0.7;
    }
    Evaluation best =
        fullSoFar.stream().min(Comparator.comparingDouble(e -> e.score)).orElseThrow();
    if (best.hedged(space)) {
      // the same setting without its hedges: what they buy (and, if nothing, the better setting)
      hedged = best;
      unhedged = evaluate(List.of(space.withoutHedges(best.point)), "unhedged", 1.0).get(0);
      if (unhedged.score <= best.score) {
        best = unhedged;
      }
    }
    return announce(best);
  }

  /**
   * The baseline the search is measured against: a plain grid with the same budget, every point run
   * on the whole workload. Dimensions get levels in the order of the space (each class's target and
   * hedge delay, then the window and the rest), two each and then more, while the grid fits the
   * budget; the others stay at their defaults. Levels are evenly spaced in the middle of each
   * interval.
   */
  Evaluation runGrid() throws IOException {
    requests = countRequests();
    int d = space.size();
    int[] levels = new int[d];
    java.util.Arrays.fill(levels, 1);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int j = 0; j < d; j++) {
        long size = 1;
        for (int k = 0; k < d; k++) {
          size *= k == j ? levels[k] + 1 : levels[k];
        }
        if (size <= evaluations) {
          levels[j]++;
          grew = true;
        }
      }
    }
    double[] defaults = space.defaults();
    List<double[]> points = new ArrayList<>();
    int[] index = new int[d];
    while (true) {
      double[] p = new double[d];
      for (int j = 0; j < d; j++) {
        p[j] = levels[j] == 1 ? defaults[j] : (index[j] + 0.5) / levels[j];
      }
      points.add(p);
      int j = 0;
      while (j < d && ++index[j] == levels[j]) {
        index[j++] = 0;
      }
      if (j == d) {
        break;
      }
    }
    List<Evaluation> full = evaluate(points, "grid", 1.0);
    Evaluation best = full.stream().min(Comparator.comparingDouble(e -> e.score)).orElseThrow();
    return announce(best);
  }

  private Evaluation announce(Evaluation best) {
    log.accept(
        String.format(
            Locale.ROOT,
            "best: cost $%.4f, attainment %.4f (%s)",
            best.costUsd,
            best.attainment,
            best.feasible ? "meets the target" : "misses the target"));
    return best;
  }

  private long countRequests() throws IOException {
    List<Workload> sources = new ArrayList<>();
    for (WorkloadSpec w : scenario.workloads) {
      sources.add(w.open(scenario.workloadOptions));
    }
    long n = 0;
    try (Workload w = sources.size() == 1 ? sources.get(0) : Workloads.merge(sources)) {
      while (w.next() != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the points with the defaults added if missing: the defaults always run on the whole
   * workload, so the search never ends worse than not tuning.
   */
  private List<double[]> withDefaults(List<double[]> points) {
    double[] d = space.defaults();
    for (double[] p : points) {
      if (java.util.Arrays.equals(p, d)) {
        return points;
      }
    }
    List<double[]> out = new ArrayList<>(points);
    out.add(d);
    return out;
  }

  private static List<double[]> best(List<Evaluation> evals, int k) {
    List<Evaluation> sorted = new ArrayList<>(evals);
    sorted.sort(Comparator.comparingDouble(e -> e.score));
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, sorted.size()); i++) {
      out.add(sorted.get(i).point);
    }
    return out;
  }

  private List<double[]> refine(List<Evaluation> full, int count, double spread, SplitMix rng) {
    List<Evaluation> sorted = new ArrayList<>(full);
    sorted.sort(Comparator.comparingDouble(e -> e.score));
    int elite = Math.max(1, Math.min(4, sorted.size()));
    int d = space.size();
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (int i = 0; i < elite; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += sorted.get(i).point[j] / elite;
      }
    }
    for (int i = 0; i < elite; i++) {
      for (int j = 0; j < d; j++) {
        double dev = sorted.get(i).point[j] - mean[j];
        sd[j] += dev * dev / elite;
      }
    }
    List<double[]> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      double[] p = new double[d];
      for (int j = 0; j < d; j++) {
        double s = Math.max(spread, StrictMath.sqrt(sd[j]));
        p[j] = Math.max(0, Math.min(1, mean[j] + s * rng.gaussian()));
      }
      out.add(p);
    }
    return out;
  }

  private static List<double[]> latinHypercube(int n, int d, SplitMix rng) {
    List<double[]> out = new ArrayList<>();
    int[][] perm = new int[d][n];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < n; i++) {
        perm[j][i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int k = (int) (rng.next() * (i + 1));
        int t = perm[j][i];
        perm[j][i] = perm[j][k];
        perm[j][k] = t;
      }
    }
    for (int i = 0; i < n; i++) {
      double[] p = new double[d];
      for (int j = 0; j < d; j++) {
        p[j] = (perm[j][i] + rng.next()) / n;
      }
      out.add(p);
    }
    return out;
  }

  /** Runs settings in parallel, each through a written configuration file. */
  private List<Evaluation> evaluate(List<double[]> points, String stage, double fraction)
      throws IOException {
    long limit = fraction >= 1 ? -1 : Math.max(1, (long) (requests * fraction));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), daemon());
    List<Future<Evaluation>> futures = new ArrayList<>();
    try {
      for (double[] p : points) {
        int id = nextId++;
        Properties config = space.properties(p);
        Path file = workDir.resolve(fileName(id));
        Tuning.writeConfig(
            config, file, List.of("tierpilot tune: setting " + id + " (" + stage + ")"));
        Scenario s =
            scenario
                .withPolicies(List.of("adaptive"))
                .withSchedulerConfig(file)
                .withMaxRequests(limit);
        futures.add(pool.submit(() -> score(id, stage, fraction, p, config, s)));
      }
      List<Evaluation> out = new ArrayList<>();
      for (Future<Evaluation> f : futures) {
        out.add(SimulationRunner.await(f));
      }
      synchronized (all) {
        all.addAll(out);
      }
      Evaluation b = out.stream().min(Comparator.comparingDouble(e -> e.score)).orElseThrow();
      log.accept(
          String.format(
              Locale.ROOT,
              "%-9s %3d settings on %3.0f%% of the workload; best cost $%.4f, attainment %.4f",
              stage,
              out.size(),
              fraction * 100,
              b.costUsd,
              b.attainment));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private Evaluation score(
      int id, String stage, double fraction, double[] p, Properties config, Scenario s)
      throws IOException {
    Simulation sim = new Simulation(s, "adaptive", null);
    PolicyResult r = sim.run();
    double shortfall = 0;
    double[] classes = new double[r.classes().size()];
    int i = 0;
    for (ClassResult c : r.classes().values()) {
      if (c.requests() == 0) {
        classes[i++] = Double.NaN; // no requests: nothing to meet
        continue;
      }
      classes[i++] = c.sloAttainment();
      shortfall += Math.max(0, attainmentTarget - c.sloAttainment());
    }
    if (scenario.budget != null) {
      // the budget the arrivals' span earns, as summary.json and the report measure it
      double hours = Math.max(1e-9, r.arrivalSpanSeconds() / 3600);
      double budget = r.budgetUsdPerHour() * hours;
      shortfall += Math.max(0, r.costUsd() / budget - 1.005);
    }
    double score = r.costUsd() * (1 + 100 * shortfall);
    return new Evaluation(
        id,
        stage,
        fraction,
        p,
        config,
        r.costUsd(),
        r.sloAttainment(),
        classes,
        score,
        shortfall == 0,
        r.hedges(),
        r.hedgeCostUsd());
  }

  /** Runs the comparison policies once on the whole workload, for reference in the report. */
  SimulationResult references(List<String> policies) throws IOException {
    return SimulationRunner.run(scenario.withPolicies(policies), threads, null);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "tierpilot-tune");
      t.setDaemon(true);
      return t;
    };
  }

  /** A small seeded generator for the search (SplitMix64). */
  static final class SplitMix {
    private long state;

    SplitMix(long seed) {
      this.state = seed ^ 0x7E57_7E57L;
    }

    double next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
    }

    double gaussian() {
      return StrictMath.sqrt(-2 * StrictMath.log1p(-next())) * StrictMath.cos(2 * Math.PI * next());
    }
  }
}
