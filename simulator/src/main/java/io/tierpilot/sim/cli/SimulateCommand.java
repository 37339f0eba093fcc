package io.tierpilot.sim.cli;

import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.SimulationRunner;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.metrics.SummaryWriter;
import io.tierpilot.sim.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tierpilot simulate}: replays a workload against every policy and reports. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replays recorded or synthetic LLM traffic against the adaptive scheduler, fixed rules and a"
          + " hindsight oracle on a virtual Bedrock, on virtual time.",
      "Writes DIR/summary.json, DIR/report.html and DIR/timeseries.csv and prints a comparison."
    })
final class SimulateCommand implements Callable<Integer> {
  @Mixin ScenarioOptions options;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("out", "simulate");

  @Option(
      names = "--threads",
      description = "Policies simulated in parallel. Default: the available processors.")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Scenario scenario = options.scenario();
    SimulationResult result = run(scenario, threads, out);
    System.out.println("Report: " + out.resolve("report.html").toAbsolutePath());
    return result == null ? 1 : 0;
  }

  /** Runs a scenario, writes the three outputs and prints the comparison. */
  static SimulationResult run(Scenario scenario, int threads, Path out) throws Exception {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
    }
    Files.createDirectories(out);
    long start = System.nanoTime();
    SimulationResult result;
    try (Progress progress =
        new Progress("simulating " + scenario.policies.size() + " policies", -1)) {
      result = SimulationRunner.run(scenario, threads, progress);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    SummaryWriter.writeSummary(result, out.resolve("summary.json"));
    SummaryWriter.writeTimeseries(result, out.resolve("timeseries.csv"));
    HtmlReport.write(result, out.resolve("report.html"));
    System.out.printf(
        Locale.ROOT,
        "%s: %,d requests over %.0f simulated minutes, %d policies, provider %s, seed %d"
            + " (%.1f s)%n",
        result.workload(),
        result.requests(),
        result.durationSeconds() / 60,
        result.policies().size(),
        result.provider(),
        result.seed(),
        seconds);
    if (result.skippedRows() > 0 || result.failedCallsInTrace() > 0) {
      System.out.printf(
          Locale.ROOT,
          "skipped %,d invalid %s; %,d failed %s in the trace %s not replayed%n",
          result.skippedRows(),
          result.skippedRows() == 1 ? "row" : "rows",
          result.failedCallsInTrace(),
          result.failedCallsInTrace() == 1 ? "call" : "calls",
          result.failedCallsInTrace() == 1 ? "was" : "were");
      for (String e : result.skippedExamples()) {
        System.out.println("  skipped " + e);
      }
      if (result.skippedRows() > result.skippedExamples().size()) {
        System.out.printf(
            Locale.ROOT,
            "  (%d of them; summary.json lists the same)%n",
            result.skippedExamples().size());
      }
    }
    if (result.cappedRows() > 0) {
      System.out.printf(
          Locale.ROOT,
          "%,d %s more output tokens than --max-tokens (%d) and %s replayed with the output cut"
              + " to it%n",
          result.cappedRows(),
          result.cappedRows() == 1 ? "request recorded" : "requests recorded",
          scenario.maxTokens,
          result.cappedRows() == 1 ? "was" : "were");
    }
    System.out.println();
    ComparisonTable.print(result, System.out);
    System.out.println();
    return result;
  }
}
