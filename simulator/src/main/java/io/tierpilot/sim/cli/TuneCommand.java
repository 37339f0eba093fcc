package io.tierpilot.sim.cli;

import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.tune.Tuning;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierpilot tune}: searches the adaptive policy's parameters on a scenario and writes the
 * best setting as a configuration file the library loads.
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Searches the adaptive policy's parameters (per-class targets, hedge delays, window, slices,"
          + " exploration share, error budget, queueing recency, pacing gain) for the cheapest"
          + " setting that meets an attainment target in every class, on the same scenario"
          + " options as simulate.",
      "Writes DIR/tuned.properties (the best setting, for TierScheduler.Builder.configure and"
          + " simulate --scheduler-config), DIR/pareto.csv (every setting evaluated),"
          + " DIR/report.html (the Pareto chart) and DIR/candidates/."
    })
final class TuneCommand implements Callable<Integer> {
  @Mixin ScenarioOptions options;

  @Option(
      names = "--attainment-target",
      paramLabel = "P",
      description =
          "The SLO attainment every class must reach (share of requests meeting the deadline)."
              + " Default: ${DEFAULT-VALUE}.")
  double attainmentTarget = 0.99;

  @Option(
      names = "--evaluations",
      paramLabel = "N",
      description =
          "Search budget, in runs of the whole workload (shorter screening runs count by their"
              + " share). Default: ${DEFAULT-VALUE}.")
  int evaluations = 40;

  @Option(
      names = "--method",
      paramLabel = "M",
      description =
          "halving (successive halving on prefixes of the workload, then cross-entropy"
              + " refinement) or grid (a plain grid with the same budget, the baseline)."
              + " Default: ${DEFAULT-VALUE}.")
  String method = "halving";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("out", "tune");

  @Option(
      names = "--threads",
      description = "Settings evaluated in parallel. Default: the available processors.")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Scenario scenario = options.scenario();
    long start = System.nanoTime();
    Tuning.Outcome o =
        Tuning.run(
            scenario, attainmentTarget, evaluations, threads, method, out, System.out::println);
    System.out.printf(
        Locale.ROOT,
        "%ntuned: cost $%.4f, lowest class attainment %.4f, %s the target %s"
            + " (%d settings evaluated, %.1f s)%n%n",
        o.costUsd,
        o.lowestAttainment,
        o.feasible ? "meets" : "misses",
        attainmentTarget,
        o.evaluations,
        (System.nanoTime() - start) / 1e9);
    ComparisonTable.print(o.references, System.out);
    System.out.println();
    System.out.println("Tuned configuration: " + o.tunedFile.toAbsolutePath());
    System.out.println("Pareto front: " + out.resolve("pareto.csv").toAbsolutePath());
    System.out.println("Report: " + out.resolve("report.html").toAbsolutePath());
    return o.feasible ? 0 : 3;
  }
}
