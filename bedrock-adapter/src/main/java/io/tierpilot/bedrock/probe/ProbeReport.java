package io.tierpilot.bedrock.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierpilot.bedrock.TieredResponse;
import io.tierpilot.core.Tier;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a probe measured, per tier, and its JSON form:
 *
 * <pre>
 * {"model": ID, "api": API, "requests_per_tier": N, "max_tokens": M,
 *  "tiers": {"priority" | "standard" | "flex" | "reserved": {
 *     "requests", "ok", "throttled", "unsupported", "failed", "served_tier_mismatch",
 *     "latency_ms": {"p50", "p90", "p99"},     end to end, of successful requests
 *     "ttft_ms": {"p50", "p90", "p99"},        streaming APIs only, else null
 *     "per_token_ms": {"p50", "p90", "p99"},   (latency - ttft) / (output tokens - 1), else null
 *     "output_tokens_mean", "tokens_per_second_p50", "throttle_ms_mean"}}}
 * </pre>
 *
 * Percentile objects are null when there is no sample; percentiles are nearest-rank.
 */
final class ProbeReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final String model;
  final String api;
  final int requestsPerTier;
  final int maxTokens;
  final Map<Tier, TierStats> tiers;

  ProbeReport(
      String model, String api, int requestsPerTier, int maxTokens, Map<Tier, TierStats> tiers) {
    this.model = model;
    this.api = api;
    this.requestsPerTier = requestsPerTier;
    this.maxTokens = maxTokens;
    this.tiers = tiers;
  }

  /** The measurements of one tier. Single-threaded. */
  static final class TierStats {
    final Tier tier;
    int requests;
    int ok;
    int throttled;
    int unsupported;
    int failed;
    int mismatches;
    boolean stopped;
    final List<Double> latencyMs = new ArrayList<>();
    final List<Double> ttftMs = new ArrayList<>();
    final List<Double> perTokenMs = new ArrayList<>();
    final List<Double> tokensPerSecond = new ArrayList<>();
    final List<Double> throttleMs = new ArrayList<>();
    long outputTokens;

    TierStats(Tier tier) {
      this.tier = tier;
    }

    void ok(TieredResponse<?> r) {
      ok++;
      if (r.servedTierMismatch()) {
        mismatches++;
      }
      double latency = r.latencyNanos() / 1e6;
      latencyMs.add(latency);
      outputTokens += r.outputTokens();
      double generating = latency;
      if (r.ttftNanos() >= 0) {
        double ttft = r.ttftNanos() / 1e6;
        ttftMs.add(ttft);
        generating = latency - ttft;
        if (r.outputTokens() > 1) {
          perTokenMs.add(Math.max(0, generating) / (r.outputTokens() - 1));
        }
      }
      if (r.outputTokens() > 0 && generating > 0) {
        tokensPerSecond.add(r.outputTokens() / (generating / 1e3));
      }
    }

    void throttled(double ms) {
      throttled++;
      throttleMs.add(ms);
    }
  }

  boolean anySuccess() {
    for (TierStats s : tiers.values()) {
      if (s.ok > 0) {
        return true;
      }
    }
    return false;
  }

  static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("api", api);
    root.put("requests_per_tier", requestsPerTier);
    root.put("max_tokens", maxTokens);
    ObjectNode byTier = root.putObject("tiers");
    for (TierStats s : tiers.values()) {
      ObjectNode t = byTier.putObject(s.tier.reportName());
      t.put("requests", s.requests);
      t.put("ok", s.ok);
      t.put("throttled", s.throttled);
      t.put("unsupported", s.unsupported);
      t.put("failed", s.failed);
      t.put("served_tier_mismatch", s.mismatches);
      percentiles(t, "latency_ms", s.latencyMs);
      percentiles(t, "ttft_ms", s.ttftMs);
      percentiles(t, "per_token_ms", s.perTokenMs);
      if (s.ok > 0) {
        t.put("output_tokens_mean", (double) s.outputTokens / s.ok);
      } else {
        t.putNull("output_tokens_mean");
      }
      if (s.tokensPerSecond.isEmpty()) {
        t.putNull("tokens_per_second_p50");
      } else {
        t.put("tokens_per_second_p50", round(percentile(s.tokensPerSecond, 0.5)));
      }
      if (s.throttleMs.isEmpty()) {
        t.putNull("throttle_ms_mean");
      } else {
        t.put("throttle_ms_mean", round(mean(s.throttleMs)));
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void percentiles(ObjectNode parent, String name, List<Double> values) {
    if (values.isEmpty()) {
      parent.putNull(name);
      return;
    }
    parent
        .putObject(name)
        .put("p50", round(percentile(values, 0.5)))
        .put("p90", round(percentile(values, 0.9)))
        .put("p99", round(percentile(values, 0.99)));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-9s %5s %5s %6s %8s  %-22s  %-22s  %9s%n",
        "tier",
        "reqs",
        "ok",
        "thrott",
        "mismatch",
        "ttft p50/p90/p99 ms",
        "latency p50/p90/p99 ms",
        "tok/s p50");
    for (TierStats s : tiers.values()) {
      out.printf(
          Locale.ROOT,
          "%-9s %5d %5d %6d %8d  %-22s  %-22s  %9s%s%n",
          s.tier.reportName(),
          s.requests,
          s.ok,
          s.throttled,
          s.mismatches,
          triple(s.ttftMs),
          triple(s.latencyMs),
          s.tokensPerSecond.isEmpty()
              ? "-"
              : String.format(Locale.ROOT, "%.1f", percentile(s.tokensPerSecond, 0.5)),
          s.unsupported > 0
              ? "  (unsupported)"
              : s.failed > 0 ? "  (" + s.failed + " failed)" : "");
    }
  }

  private static String triple(List<Double> values) {
    if (values.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%.0f/%.0f/%.0f",
        percentile(values, 0.5),
        percentile(values, 0.9),
        percentile(values, 0.99));
  }
}
