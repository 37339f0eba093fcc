package io.tierpilot.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a benchmark suite and prints each tierpilot benchmark beside its baseline from the same run,
 * with the ratio and the targets ({@link ResultTable}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tierpilot.bench.BenchMain            # short, ~2 min
 * java -cp benchmarks/target/benchmarks.jar io.tierpilot.bench.BenchMain --full \
 *     --json bench-full.json                                                      # full, ~20 min
 * </pre>
 *
 * <p>The short suite measures one pair per question (decide single-threaded in both modes and at 4
 * threads, recording, dispatch, snapshot, the M/M/4 simulation against SSJ, the Azure replay), each
 * in a fresh JVM with one 1-second warm-up and two 1-second measurements (2 s for the simulators),
 * allocation from JMH's GC profiler. The full suite runs every benchmark in the jar with its
 * annotated modes and parameters: one fork, 3 warm-ups and 5 measurements of 2 s, with the GC
 * profiler; it is what {@code BENCHMARKS.md} reports.
 */
public final class BenchMain {
  private BenchMain() {}

  /** One JMH run of the short suite. */
  private record Step(String include, Mode mode, String param, int seconds) {}

  private static final List<Step> SHORT =
      List.of(
          new Step("DecideBench\\.(engine|baseline)_t1$", Mode.Throughput, "models=1", 1),
          new Step("DecideBench\\.(engine|baseline)_t1$", Mode.SampleTime, "models=1", 1),
          new Step("DecideBench\\.(engine|baseline)_t4$", Mode.Throughput, "models=1", 1),
          new Step("RecordBench\\.(engine|baseline)_t1$", Mode.Throughput, null, 1),
          new Step("DispatchBench\\.(engine|baseline)_t1$", Mode.Throughput, null, 1),
          new Step("SnapshotBench\\.(engine|baseline)$", Mode.AverageTime, "models=1", 1),
          new Step("MmcBench\\.(engine|baseline)$", Mode.Throughput, null, 2),
          new Step("AzureBench\\.adaptive$", Mode.Throughput, "background=on", 3));

  /**
   * Runs the short suite, or with {@code --full} the full suite; {@code --json FILE} also writes
   * JMH's JSON results of the full suite.
   *
   * @param args {@code [--full] [--json FILE]}
   * @throws RunnerException if a benchmark fails
   */
  public static void main(String[] args) throws RunnerException {
    boolean full = false;
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--full")) {
        full = true;
      } else if (args[i].equals("--json") && i + 1 < args.length) {
        json = Path.of(args[++i]);
      } else {
        System.err.println(
            "usage: ./tierpilot bench [--full] [--json FILE]"
                + " (or java -cp benchmarks.jar io.tierpilot.bench.BenchMain [--full] [--json FILE])");
        System.exit(2);
        return;
      }
    }
    List<RunResult> results = new ArrayList<>();
    long start = System.nanoTime();
    if (full) {
      ChainedOptionsBuilder o =
          new OptionsBuilder()
              .include("io\\.tierpilot\\.bench\\..*")
              .forks(1)
              .warmupIterations(3)
              .warmupTime(TimeValue.seconds(2))
              .measurementIterations(5)
              .measurementTime(TimeValue.seconds(2))
              .addProfiler(GCProfiler.class);
      if (json != null) {
        o.result(json.toString()).resultFormat(ResultFormatType.JSON);
      }
      results.addAll(new Runner(o.build()).run());
    } else {
      for (Step step : SHORT) {
        System.err.println("tierpilot bench: " + step.include + " " + step.mode.shortLabel());
        ChainedOptionsBuilder o =
            new OptionsBuilder()
                .include("io\\.tierpilot\\.bench\\." + step.include)
                .mode(step.mode)
                .forks(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.seconds(step.seconds))
                .measurementIterations(2)
                .measurementTime(TimeValue.seconds(step.seconds))
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT);
        if (step.param != null) {
          String[] kv = step.param.split("=");
          o.param(kv[0], kv[1]);
        }
        results.addAll(new Runner(o.build()).run());
      }
    }
    System.out.print(ResultTable.render(ResultTable.rows(results)));
    System.out.printf(
        Locale.ROOT,
        "%s suite: %.0f s. Ratio > 1: tierpilot is better (throughput / baseline's, or baseline's"
            + " time / tierpilot's); baselines: BaselineScheduler for core, SSJ 3.3.2 for M/M/4."
            + " See BENCHMARKS.md.%n",
        full ? "full" : "short",
        (System.nanoTime() - start) / 1e9);
  }
}
