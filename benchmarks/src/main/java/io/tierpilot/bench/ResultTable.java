package io.tierpilot.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoublePredicate;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH results into the table of {@code BENCHMARKS.md}: each tierpilot benchmark beside its
 * baseline from the same run, the ratio, the allocation per operation and the issue's target.
 *
 * <p>Pairing: in each benchmark class, {@code engine…_tN} (or {@code engine…}) is measured against
 * {@code baseline_tN} (or {@code baseline}) with the same mode and parameters. A ratio above 1
 * always means tierpilot is better: throughput divided by the baseline's, or the baseline's time
 * divided by tierpilot's.
 */
final class ResultTable {
  private static final String ALLOC = "gc.alloc.rate.norm";

  private ResultTable() {}

  /**
   * A metric of one benchmark, normalized: operations per second, or nanoseconds per operation;
   * {@code target} lists each target checked on the row with its verdict, {@code met} whether all
   * were met (null if none applies).
   */
  record Row(
      String key,
      String benchmark,
      String params,
      String metric,
      int threads,
      double value,
      double baseline,
      double allocBytes,
      double baselineAllocBytes,
      String target,
      Boolean met) {

    boolean throughput() {
      return metric.equals("thrpt");
    }

    /** Returns tierpilot's advantage over the baseline, or NaN without a baseline. */
    double ratio() {
      if (Double.isNaN(baseline)) {
        return Double.NaN;
      }
      return throughput() ? value / baseline : baseline / value;
    }
  }

  /** A target of the issue, checked on one row. */
  private record Target(
      String benchmark, String metric, String text, boolean onRatio, DoublePredicate check) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("DecideBench.engine_t1", "p50", "p50 <= 150 ns", false, v -> v <= 150),
          new Target("DecideBench.engine_t1", "p99", "p99 <= 1 us", false, v -> v <= 1000),
          new Target("DecideBench.engine_t4", "thrpt", ">= 10x baseline", true, r -> r >= 10),
          new Target("DecideBench.engine_t1", "alloc", "<= 32 B/op (aim 0)", false, v -> v <= 32),
          new Target("RecordBench.engine_t1", "ns/op", "<= 60 ns/op", false, v -> v <= 60),
          new Target("RecordBench.engine_t1", "alloc", "0 B/op", false, v -> v < 1),
          new Target("DispatchBench.engine_t1", "thrpt", ">= 2 M/s", false, v -> v >= 2e6),
          new Target("MmcBench.engine", "thrpt", ">= 1x SSJ (aim 2x)", true, r -> r >= 1),
          new Target(
              "AzureBench.adaptive[background=on]", "thrpt", ">= 1 M/s", false, v -> v >= 1e6));

  /**
   * Builds the rows of a set of results, tierpilot's with their baselines; baseline results appear
   * only beside them.
   *
   * @param results JMH results
   * @return rows in benchmark order
   */
  static List<Row> rows(Collection<RunResult> results) {
    Map<String, RunResult> baselines = new LinkedHashMap<>();
    List<RunResult> mains = new ArrayList<>();
    for (RunResult r : results) {
      if (method(r.getParams()).startsWith("baseline")) {
        baselines.put(pairKey(r.getParams()), r);
      } else {
        mains.add(r);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (RunResult r : mains) {
      BenchmarkParams p = r.getParams();
      RunResult b = baselines.get(pairKey(p));
      String name = simpleName(p);
      String params = params(p);
      double alloc = alloc(r);
      double baseAlloc = b == null ? Double.NaN : alloc(b);
      int threads = p.getThreads();
      if (p.getMode().shortLabel().equals("sample")) {
        for (double pct : new double[] {50, 99, 99.9}) {
          String metric = pct == 50 ? "p50" : pct == 99 ? "p99" : "p99.9";
          rows.add(
              row(
                  name,
                  params,
                  metric,
                  threads,
                  nanos(r.getPrimaryResult(), pct),
                  b == null ? Double.NaN : nanos(b.getPrimaryResult(), pct),
                  pct == 50 ? alloc : Double.NaN,
                  pct == 50 ? baseAlloc : Double.NaN));
        }
      } else if (p.getMode().shortLabel().equals("thrpt")) {
        rows.add(
            row(
                name,
                params,
                "thrpt",
                threads,
                perSecond(r.getPrimaryResult()),
                b == null ? Double.NaN : perSecond(b.getPrimaryResult()),
                alloc,
                baseAlloc));
      } else {
        rows.add(
            row(
                name,
                params,
                "avgt",
                threads,
                nanos(r.getPrimaryResult(), -1),
                b == null ? Double.NaN : nanos(b.getPrimaryResult(), -1),
                alloc,
                baseAlloc));
      }
    }
    return rows;
  }

  private static Row row(
      String name,
      String params,
      String metric,
      int threads,
      double value,
      double baseline,
      double alloc,
      double baseAlloc) {
    String target = null;
    Boolean met = null;
    String full = params.isEmpty() ? name : name + "[" + params + "]";
    for (Target t : TARGETS) {
      if (!(t.benchmark.equals(name) || t.benchmark.equals(full))) {
        continue;
      }
      double subject;
      if (t.metric.equals(metric)) {
        subject = t.onRatio ? ratio(metric, value, baseline) : value;
      } else if (t.metric.equals("alloc") && metric.equals("thrpt") && !Double.isNaN(alloc)) {
        subject = alloc;
      } else if (t.metric.equals("ns/op") && metric.equals("thrpt")) {
        subject = threads * 1e9 / value;
      } else {
        continue;
      }
      if (Double.isNaN(subject)) {
        continue;
      }
      boolean ok = t.check.test(subject);
      String verdict = t.text + (ok ? ": met" : ": MISSED");
      target = target == null ? verdict : target + "; " + verdict;
      met = met == null ? ok : met && ok;
    }
    return new Row(
        full, name, params, metric, threads, value, baseline, alloc, baseAlloc, target, met);
  }

  private static double ratio(String metric, double value, double baseline) {
    return metric.equals("thrpt") ? value / baseline : baseline / value;
  }

  /**
   * Renders rows as a Markdown table.
   *
   * @param rows the rows
   * @return the table, one line per row
   */
  static String render(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        "| benchmark | metric | tierpilot | baseline | ratio | B/op | baseline B/op | target |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      s.append("| ")
          .append(r.key())
          .append(" | ")
          .append(r.metric())
          .append(" | ")
          .append(format(r, r.value()))
          .append(" | ")
          .append(Double.isNaN(r.baseline()) ? "-" : format(r, r.baseline()))
          .append(" | ")
          .append(Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()))
          .append(" | ")
          .append(bytes(r.allocBytes()))
          .append(" | ")
          .append(bytes(r.baselineAllocBytes()))
          .append(" | ")
          .append(r.target() == null ? "" : r.target())
          .append(" |\n");
    }
    return s.toString();
  }

  private static String format(Row r, double v) {
    if (r.throughput()) {
      String rate =
          v >= 1e6
              ? String.format(Locale.ROOT, "%.2f M/s", v / 1e6)
              : String.format(Locale.ROOT, "%.1f k/s", v / 1e3);
      double perOp = r.threads() * 1e9 / v;
      return perOp < 1e5 ? rate + " (" + time(perOp) + "/op)" : rate;
    }
    return time(v);
  }

  private static String time(double nanos) {
    if (nanos < 1e3) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1e6) {
      return String.format(Locale.ROOT, "%.2f us", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  private static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "-";
    }
    return String.format(Locale.ROOT, b < 10 ? "%.1f" : "%.0f", b);
  }

  private static double alloc(RunResult r) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith(ALLOC)) {
        return r.getSecondaryResults().get(key).getScore();
      }
    }
    return Double.NaN;
  }

  /** Returns operations per second of a throughput result. */
  private static double perSecond(Result<?> r) {
    String unit = r.getScoreUnit();
    return r.getScore() / seconds(unit.substring(unit.indexOf('/') + 1));
  }

  /** Returns nanoseconds per operation: the mean, or a percentile of a sample-time result. */
  private static double nanos(Result<?> r, double percentile) {
    String unit = r.getScoreUnit();
    double v = percentile < 0 ? r.getScore() : r.getStatistics().getPercentile(percentile);
    return v * seconds(unit.substring(0, unit.indexOf('/'))) * 1e9;
  }

  private static double seconds(String unit) {
    switch (unit) {
      case "ns":
        return 1e-9;
      case "us":
        return 1e-6;
      case "ms":
        return 1e-3;
      case "s":
        return 1;
      case "min":
        return 60;
      default:
        throw new IllegalArgumentException("unknown time unit " + unit);
    }
  }

  private static String method(BenchmarkParams p) {
    String b = p.getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }

  private static String simpleName(BenchmarkParams p) {
    String b = p.getBenchmark();
    int method = b.lastIndexOf('.');
    return b.substring(b.lastIndexOf('.', method - 1) + 1);
  }

  private static String params(BenchmarkParams p) {
    Map<String, String> sorted = new TreeMap<>();
    for (String k : p.getParamsKeys()) {
      sorted.put(k, p.getParam(k));
    }
    StringBuilder s = new StringBuilder();
    sorted.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return s.toString();
  }

  /** The class, the thread suffix, the mode and the parameters: what a pair has in common. */
  private static String pairKey(BenchmarkParams p) {
    String name = simpleName(p);
    String cls = name.substring(0, name.indexOf('.'));
    String method = method(p);
    int underscore = method.indexOf('_');
    String suffix = underscore < 0 ? "" : method.substring(underscore);
    return cls + "#" + suffix + "#" + p.getMode() + "#" + params(p);
  }
}
