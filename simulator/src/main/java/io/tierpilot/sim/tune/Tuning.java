package io.tierpilot.sim.tune;

import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.report.TuneReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code tierpilot tune}: searches the adaptive policy's parameters on a scenario ({@link Tuner})
 * and writes what a user needs to adopt the result, into one directory:
 *
 * <ul>
 *   <li>{@code tuned.properties}: the best setting, in the format of the library's configuration
 *       loader ({@code TierScheduler.Builder.configure}); {@code simulate --scheduler-config} with
 *       it reproduces the tuned result exactly;
 *   <li>{@code pareto.csv}: every evaluated setting, its stage, share of the workload, cost,
 *       overall and per-class attainment, hedges, whether it met the target and whether it is on
 *       the Pareto front of the whole-workload runs, and its values;
 *   <li>{@code report.html}: the Pareto chart with the comparison policies, what hedging buys, the
 *       tuned values against the defaults, and the search's stages;
 *   <li>{@code candidates/}: every setting as a configuration file, named as in {@code pareto.csv}.
 * </ul>
 */
public final class Tuning {
  /** What a tuning run found. */
  public static final class Outcome {
    /** The tuned configuration file. */
    public final Path tunedFile;

    /** The cost of the tuned setting on the whole workload, US dollars. */
    public final double costUsd;

    /** The lowest SLO attainment of any class under the tuned setting. */
    public final double lowestAttainment;

    /** Whether the tuned setting meets the target in every class (and the budget, if any). */
    public final boolean feasible;

    /** The comparison policies run on the same scenario. */
    public final SimulationResult references;

    /** Settings evaluated, at any share of the workload. */
    public final int evaluations;

    Outcome(
        Path tunedFile,
        double costUsd,
        double lowestAttainment,
        boolean feasible,
        SimulationResult references,
        int evaluations) {
      this.tunedFile = tunedFile;
      this.costUsd = costUsd;
      this.lowestAttainment = lowestAttainment;
      this.feasible = feasible;
      this.references = references;
      this.evaluations = evaluations;
    }
  }

  static final String METHOD =
      "Successive halving, then cross-entropy refinement. Screen: the library's defaults and a"
          + " Latin hypercube sample of the other settings, each on the first quarter of the"
          + " workload. Halve: the best third on the first half, the best third of those on all"
          + " of it. Refine: the rest of the budget in rounds of settings drawn around the best"
          + " whole-workload settings so far, the spread shrinking each round. A setting scores"
          + " its cost times (1 + 100 \u00d7 shortfall), the shortfall being how far each class's"
          + " attainment falls below the target (and spend above the budget). Runs go in"
          + " parallel, each through the configuration file it is reported as.";

  static final String GRID_METHOD =
      "Plain grid search, the baseline: dimensions get levels in the order of the space (each"
          + " class's target and hedge delay, then the window and the rest), two each and then"
          + " more, while the grid fits the budget; the others keep their defaults. Every point"
          + " runs on the whole workload and scores as in the default method.";

  /** The search methods: {@code halving} (the default) and {@code grid} (the baseline). */
  public static final List<String> METHODS = List.of("halving", "grid");

  private Tuning() {}

  /**
   * Tunes the adaptive policy on a scenario and writes the outputs into {@code out}.
   *
   * @param scenario the scenario; its policies are the comparison policies of the report
   * @param target the attainment every class must reach, in (0, 1)
   * @param evaluations the budget in runs of the whole workload, at least 4
   * @param threads runs in parallel, at least 1
   * @param method one of {@link #METHODS}
   * @param out the output directory (created if missing)
   * @param log receives progress lines
   * @throws IOException if a trace cannot be read or an output cannot be written
   */
  public static Outcome run(
      Scenario scenario,
      double target,
      int evaluations,
      int threads,
      String method,
      Path out,
      Consumer<String> log)
      throws IOException {
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "--method must be one of " + String.join(", ", METHODS) + ", was " + method);
    }
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("--attainment-target must be in (0, 1), was " + target);
    }
    if (evaluations < 4) {
      throw new IllegalArgumentException("--evaluations must be >= 4, was " + evaluations);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
    }
    Path candidates = out.resolve("candidates");
    Files.createDirectories(candidates);
    Tuner tuner = new Tuner(scenario, target, evaluations, threads, candidates, log);
    Tuner.Evaluation best = method.equals("grid") ? tuner.runGrid() : tuner.run();
    log.accept("running the comparison policies: " + String.join(", ", scenario.policies));
    SimulationResult refs = tuner.references(scenario.policies);

    List<String> classes = new ArrayList<>();
    for (SloClassSpec c : scenario.classes) {
      classes.add(c.name);
    }
    ParamSpace space = tuner.space();
    Path tuned = out.resolve("tuned.properties");
    writeConfig(
        best.config,
        tuned,
        List.of(
            "tierpilot configuration tuned by `tierpilot tune`",
            "workload: " + scenario.workloadText(),
            String.format(
                Locale.ROOT,
                "result: cost $%.6f, lowest class attainment %.6f, target %s (%s)",
                best.costUsd,
                best.lowestAttainment(),
                trim(target),
                best.feasible ? "met" : "not met"),
            "replay: tierpilot simulate ... --policies adaptive --scheduler-config"
                + " tuned.properties"));

    List<Tuner.Evaluation> all = tuner.evaluations();
    Map<Tuner.Evaluation, TuneReport.Point> points = new IdentityHashMap<>();
    List<TuneReport.Point> full = new ArrayList<>();
    TuneReport.Point bestPoint = null;
    TuneReport.Point hedgedPoint = null;
    TuneReport.Point unhedgedPoint = null;
    for (Tuner.Evaluation e : all) {
      if (e.fraction >= 1) {
        TuneReport.Point p =
            new TuneReport.Point(
                e.name(),
                e.costUsd,
                e.attainment,
                e.lowestAttainment(),
                e.feasible,
                e.hedged(space),
                e.hedges,
                e.hedgeCostUsd);
        points.put(e, p);
        full.add(p);
        if (e == best) {
          bestPoint = p;
        }
        if (e == tuner.hedgedTwin()) {
          hedgedPoint = p;
        }
        if (e == tuner.unhedgedTwin()) {
          unhedgedPoint = p;
        }
      }
    }
    List<TuneReport.Point> front = TuneReport.front(full);
    writePareto(all, points, front, classes, space, out.resolve("pareto.csv"));

    List<TuneReport.Stage> stages = new ArrayList<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (Tuner.Evaluation e : all) {
      counts.computeIfAbsent(e.stage, k -> new int[1])[0]++;
      shares.put(e.stage, e.fraction);
    }
    for (Map.Entry<String, int[]> s : counts.entrySet()) {
      stages.add(new TuneReport.Stage(s.getKey(), s.getValue()[0], shares.get(s.getKey())));
    }
    TuneReport.write(
        new TuneReport.Input(
            target,
            full,
            bestPoint,
            hedgedPoint,
            unhedgedPoint,
            space.settings(best.point),
            space.settings(space.defaults()),
            stages,
            refs,
            method.equals("grid") ? GRID_METHOD : METHOD),
        out.resolve("report.html"));
    return new Outcome(
        tuned, best.costUsd, best.lowestAttainment(), best.feasible, refs, all.size());
  }

  /**
   * Writes a configuration as a properties file with the given comment lines, keys sorted, and
   * nothing that changes from run to run (no date), so that the same setting gives the same bytes.
   */
  static void writeConfig(Properties config, Path file, List<String> comments) {
    StringWriter escaped = new StringWriter();
    try {
      config.store(escaped, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<String, String> lines = new TreeMap<>();
    for (String line : escaped.toString().split("\\R")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int eq = keyEnd(line);
        lines.put(line.substring(0, eq), line);
      }
    }
    StringBuilder text = new StringBuilder();
    for (String c : comments) {
      text.append("# ").append(c.replace('\n', ' ').replace('\r', ' ')).append('\n');
    }
    for (String line : lines.values()) {
      text.append(line).append('\n');
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Returns where the (escaped) key of a stored property line ends. */
  private static int keyEnd(String line) {
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == '=') {
        return i;
      }
    }
    return line.length();
  }

  private static void writePareto(
      List<Tuner.Evaluation> all,
      Map<Tuner.Evaluation, TuneReport.Point> points,
      List<TuneReport.Point> front,
      List<String> classes,
      ParamSpace space,
      Path file)
      throws IOException {
    List<String> keys = new ArrayList<>();
    for (ParamSpace.Dim d : space.dims()) {
      keys.add(d.key);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      List<String> header =
          new ArrayList<>(
              List.of(
                  "setting",
                  "stage",
                  "workload_share",
                  "cost_usd",
                  "slo_attainment",
                  "lowest_class_attainment"));
      for (String c : classes) {
        header.add("attainment_" + c);
      }
      header.addAll(List.of("hedges", "meets_target", "pareto_front", "score"));
      header.addAll(keys);
      row(w, header);
      for (Tuner.Evaluation e : all) {
        List<String> r = new ArrayList<>();
        r.add(e.name());
        r.add(e.stage);
        r.add(trim(e.fraction));
        r.add(String.format(Locale.ROOT, "%.8f", e.costUsd));
        r.add(String.format(Locale.ROOT, "%.8f", e.attainment));
        r.add(String.format(Locale.ROOT, "%.8f", e.lowestAttainment()));
        for (double a : e.classAttainment) {
          r.add(Double.isNaN(a) ? "" : String.format(Locale.ROOT, "%.8f", a));
        }
        r.add(Long.toString(e.hedges));
        r.add(Boolean.toString(e.feasible));
        TuneReport.Point p = points.get(e);
        r.add(Boolean.toString(p != null && front.contains(p)));
        r.add(String.format(Locale.ROOT, "%.8f", e.score));
        Map<String, String> values = space.settings(e.point);
        for (String k : keys) {
          r.add(values.getOrDefault(k, "off"));
        }
        row(w, r);
      }
    }
  }

  private static void row(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        w.write(',');
      }
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
        w.write('"' + f.replace("\"", "\"\"") + '"');
      } else {
        w.write(f);
      }
    }
    w.write('\n');
  }

  private static String trim(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
