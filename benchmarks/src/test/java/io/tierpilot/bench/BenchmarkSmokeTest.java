package io.tierpilot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a few benchmarks in this JVM with one short measurement each, so that a benchmark that no
 * longer sets up or runs fails the build, and checks that the result table pairs each with its
 * baseline.
 */
class BenchmarkSmokeTest {

  private static Collection<RunResult> run(String include, Mode mode, String param, String value)
      throws Exception {
    OptionsBuilder o = new OptionsBuilder();
    o.include("io\\.tierpilot\\.bench\\." + include)
        .mode(mode)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .verbosity(VerboseMode.SILENT)
        .shouldFailOnError(true);
    if (param != null) {
      o.param(param, value);
    }
    return new Runner(o.build()).run();
  }

  @Test
  void decideRunsAndPairsWithItsBaseline() throws Exception {
    Collection<RunResult> results =
        run("DecideBench\\.(engine|baseline)_t1$", Mode.Throughput, "models", "1");
    assertEquals(2, results.size());
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
    }
    List<ResultTable.Row> rows = ResultTable.rows(results);
    assertEquals(1, rows.size(), rows.toString());
    ResultTable.Row row = rows.get(0);
    assertEquals("DecideBench.engine_t1[models=1]", row.key());
    assertTrue(row.value() > 0 && row.baseline() > 0, row.toString());
    assertTrue(row.ratio() > 0, row.toString());
    assertTrue(
        ResultTable.render(rows).contains("| DecideBench.engine_t1[models=1] | thrpt |"),
        ResultTable.render(rows));
  }

  @Test
  void simulatorsRun() throws Exception {
    List<RunResult> results = new ArrayList<>();
    results.addAll(run("MmcBench\\.(engine|baseline)$", Mode.Throughput, null, null));
    results.addAll(run("AzureBench\\.adaptive$", Mode.Throughput, "background", "off"));
    assertEquals(3, results.size());
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
    }
    List<ResultTable.Row> rows = ResultTable.rows(results);
    assertEquals(2, rows.size(), rows.toString());
    assertFalse(Double.isNaN(rows.get(0).ratio()), "M/M/4 is paired with SSJ: " + rows);
    assertTrue(Double.isNaN(rows.get(1).ratio()), "the Azure replay has no baseline: " + rows);
  }

  @Test
  void footprintMeasuresBothSchedulers() {
    long[] bytes = Footprint.measure(2, 40);
    assertTrue(bytes[0] > 100_000, "the scheduler holds its windows: " + bytes[0]);
    assertTrue(bytes[1] > 100_000, "the baseline holds its windows: " + bytes[1]);
  }
}
