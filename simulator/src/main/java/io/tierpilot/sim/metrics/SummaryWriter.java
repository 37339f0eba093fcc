package io.tierpilot.sim.metrics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code summary.json} and {@code timeseries.csv}. Output depends only on the result, never
 * on wall-clock time or thread scheduling, so the same scenario and seed give byte-identical files.
 * Numbers that are undefined (a percentile of no latencies) are written as JSON null.
 */
public final class SummaryWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private SummaryWriter() {}

  /** Writes the summary as JSON. */
  public static void writeSummary(SimulationResult r, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      writeSummary(r, g);
    }
  }

  /** Returns the summary as a JSON string. */
  public static String summaryJson(SimulationResult r) throws IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      writeSummary(r, g);
    }
    return w.toString();
  }

  private static void writeSummary(SimulationResult r, JsonGenerator g) throws IOException {
    PolicyResult base = r.policy("static-standard");
    g.writeStartObject();
    g.writeNumberField("requests", r.requests());
    g.writeStringField("workload", r.workload());
    g.writeStringField("provider", r.provider());
    g.writeNumberField("seed", r.seed());
    g.writeNumberField("skipped_rows", r.skippedRows());
    if (!r.skippedExamples().isEmpty()) {
      g.writeArrayFieldStart("skipped_examples");
      for (String e : r.skippedExamples()) {
        g.writeString(e);
      }
      g.writeEndArray();
    }
    g.writeNumberField("failed_calls_in_trace", r.failedCallsInTrace());
    g.writeNumberField("capped_rows", r.cappedRows());
    number(g, "duration_s", r.durationSeconds());
    g.writeArrayFieldStart("classes");
    for (SimulationResult.ClassSpec c : r.classes()) {
      g.writeStartObject();
      g.writeStringField("name", c.name);
      g.writeNumberField("share", c.share);
      number(g, "deadline_ms", c.deadlineNanos / 1e6);
      g.writeStringField("recommended_tier", c.recommendedTier);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("policies");
    for (PolicyResult p : r.policies()) {
      g.writeStartObject();
      g.writeStringField("policy", p.name());
      g.writeStringField("description", p.description());
      g.writeNumberField("requests", p.requests());
      number(g, "cost_usd", p.costUsd());
      number(g, "cost_per_1k_requests_usd", p.costPerThousandUsd());
      number(
          g,
          "cost_vs_static_standard",
          base == null || base.costUsd() == 0 ? Double.NaN : p.costUsd() / base.costUsd());
      number(g, "slo_attainment", p.sloAttainment());
      g.writeNumberField("throttled", p.throttled());
      g.writeNumberField("retries", p.retries());
      g.writeNumberField("deadline_exceeded", p.deadlineExceeded());
      g.writeNumberField("failed", p.failed());
      g.writeNumberField("budget_refused", p.budgetRefused());
      g.writeNumberField("hedges", p.hedges());
      g.writeNumberField("hedges_won", p.hedgesWon());
      number(g, "hedge_cost_usd", p.hedgeCostUsd());
      g.writeObjectFieldStart("classes");
      for (ClassResult c : p.classes().values()) {
        g.writeObjectFieldStart(c.name());
        g.writeNumberField("requests", c.requests());
        g.writeNumberField("met", c.met());
        number(g, "slo_attainment", c.sloAttainment());
        latency(g, c.latency());
        g.writeObjectFieldStart("tiers");
        for (int t = 0; t < TimeBucket.TIERS.length; t++) {
          g.writeObjectFieldStart(TimeBucket.TIERS[t]);
          g.writeNumberField("calls", c.tierCalls(t));
          number(g, "cost_usd", c.tierCostUsd(t));
          g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("tiers");
      long calls = 0;
      for (TierUsage t : p.tiers().values()) {
        calls += t.calls();
      }
      for (Map.Entry<String, TierUsage> e : p.tiers().entrySet()) {
        TierUsage t = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("requests", t.calls());
        number(g, "share", calls == 0 ? 0 : (double) t.calls() / calls);
        number(g, "cost_usd", t.costUsd());
        latency(g, t.latency());
        g.writeEndObject();
      }
      g.writeEndObject();
      if (!Double.isNaN(p.budgetUsdPerHour())) {
        g.writeObjectFieldStart("budget");
        number(g, "usd_per_hour", p.budgetUsdPerHour());
        double hours = p.arrivalSpanSeconds() / 3600;
        number(g, "arrival_span_s", p.arrivalSpanSeconds());
        number(g, "budget_usd", p.budgetUsdPerHour() * hours);
        number(g, "spent_usd", p.costUsd());
        number(
            g,
            "spent_vs_budget",
            hours == 0 ? Double.NaN : p.costUsd() / (p.budgetUsdPerHour() * hours));
        g.writeEndObject();
      }
      if (p.hasCalibration()) {
        g.writeArrayFieldStart("calibration");
        for (int d = 0; d < 10; d++) {
          g.writeStartObject();
          g.writeStringField(
              "predicted_range",
              String.format(java.util.Locale.ROOT, "%.1f-%.1f", d / 10.0, (d + 1) / 10.0));
          g.writeNumberField("requests", p.calibrationCount(d));
          number(g, "mean_predicted", p.calibrationPredicted(d));
          number(g, "realized", p.calibrationRealized(d));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void latency(JsonGenerator g, LatencyStats s) throws IOException {
    g.writeObjectFieldStart("latency_ms");
    number(g, "mean", s.meanMillis());
    number(g, "p50", s.percentileMillis(50));
    number(g, "p90", s.percentileMillis(90));
    number(g, "p99", s.percentileMillis(99));
    number(g, "max", s.maxMillis());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      g.writeNullField(name);
    } else {
      // rounded to 9 significant digits: stable text, no spurious float noise in diffs
      g.writeNumberField(name, Double.parseDouble(String.format(java.util.Locale.ROOT, "%.9g", v)));
    }
  }

  /**
   * Writes one row per policy and simulated minute: arrivals, finished, met, throttles, calls per
   * tier, cost, cumulative cost, the budget's pace line and the pacing multiplier, and per class
   * finished and met.
   */
  public static void writeTimeseries(SimulationResult r, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "policy,minute_start_s,arrivals,finished,met,throttles,flex_calls,standard_calls,"
              + "priority_calls,cost_usd,cumulative_cost_usd,pace_usd,pacing_multiplier,"
              + "budget_refused");
      for (SimulationResult.ClassSpec c : r.classes()) {
        w.write("," + c.name + "_finished," + c.name + "_met");
      }
      w.write("\n");
      for (PolicyResult p : r.policies()) {
        for (TimeBucket b : p.buckets()) {
          StringBuilder s = new StringBuilder();
          s.append(p.name()).append(',').append(b.startSeconds()).append(',');
          s.append(b.arrivals()).append(',').append(b.finished()).append(',').append(b.met());
          s.append(',').append(b.throttles());
          for (int t = 0; t < TimeBucket.TIERS.length; t++) {
            s.append(',').append(b.served(t));
          }
          s.append(',').append(fmt(b.costUsd())).append(',').append(fmt(b.cumulativeCostUsd()));
          s.append(',').append(Double.isNaN(b.paceUsd()) ? "" : fmt(b.paceUsd()));
          s.append(',').append(fmt(b.pacingMultiplier()));
          s.append(',').append(b.budgetRefused());
          for (SimulationResult.ClassSpec c : r.classes()) {
            long[] v = b.byClass().getOrDefault(c.name, new long[2]);
            s.append(',').append(v[0]).append(',').append(v[1]);
          }
          w.write(s.append('\n').toString());
        }
      }
    }
  }

  private static String fmt(double v) {
    return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.9g", v))
        .stripTrailingZeros()
        .toPlainString();
  }
}
