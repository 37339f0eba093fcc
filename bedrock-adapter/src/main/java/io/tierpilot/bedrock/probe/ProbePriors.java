package io.tierpilot.bedrock.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.Tier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns a probe's JSON ({@code ./tierpilot probe ... --out FILE}) into latency priors for the
 * scheduler, so that a cold scheduler starts from measurements instead of the documented
 * assumptions of {@link LatencyPrior#defaultFor}.
 *
 * <pre>{@code
 * ModelConfig.Builder model = ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
 *     .prices(TierPrices.fromStandard(0.15, 0.60));
 * ProbePriors.load(Path.of("probe-gpt-oss.json")).forEach(model::prior);
 * }</pre>
 *
 * <h2>How a prior is derived, per tier with at least one successful request</h2>
 *
 * <ul>
 *   <li>TTFT p50/p90/p99: the probe's {@code ttft_ms} (streaming APIs). After a non-streaming
 *       probe, which cannot measure it: {@code latency_ms} minus {@code output_tokens_mean} times
 *       the tier's default median time per token, at least 1 ms.
 *   <li>Time per output token p50/p90/p99: the probe's {@code per_token_ms}, each request's {@code
 *       (latency - ttft) / (output tokens - 1)}; if absent but TTFT was measured, {@code
 *       (latency_ms - ttft_ms) / (output_tokens_mean - 1)} per percentile; else the tier's default.
 *   <li>Throttle probability: {@code throttled / (ok + throttled + failed)}, at most 0.99.
 *   <li>Time a throttled attempt takes: {@code throttle_ms_mean}, else the tier's default.
 * </ul>
 *
 * Percentiles are made non-decreasing (p90 at least p50, p99 at least p90). Tiers without a
 * successful request (all throttled, unsupported or failed) are left out: the scheduler keeps its
 * defaults for them.
 */
public final class ProbePriors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIN_TTFT_NANOS = 1_000_000L;
  private static final long MIN_PER_TOKEN_NANOS = 1_000L;

  private ProbePriors() {}

  /**
   * Reads a probe file.
   *
   * @param probeFile the JSON a probe wrote; not null
   * @return a prior per tier that had a successful request, in tier order; unmodifiable
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a probe's JSON (the message names the file and
   *     the field)
   */
  public static Map<Tier, LatencyPrior> load(Path probeFile) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(probeFile.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(probeFile + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("tiers").isObject()) {
      throw new IllegalArgumentException(probeFile + ": field 'tiers': missing or not an object");
    }
    Map<Tier, LatencyPrior> priors = new EnumMap<>(Tier.class);
    for (Map.Entry<String, JsonNode> e : root.get("tiers").properties()) {
      Tier tier;
      try {
        tier = Tier.fromWireValue(e.getKey());
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(
            probeFile + ": field 'tiers." + e.getKey() + "': not a tier", bad);
      }
      LatencyPrior p = prior(probeFile, tier, e.getValue());
      if (p != null) {
        priors.put(tier, p);
      }
    }
    return Collections.unmodifiableMap(priors);
  }

  private static LatencyPrior prior(Path file, Tier tier, JsonNode t) {
    String at = "tiers." + tier.reportName();
    long ok = count(file, at + ".ok", t.get("ok"));
    if (ok == 0) {
      return null;
    }
    long throttled = count(file, at + ".throttled", t.get("throttled"));
    long failed = t.has("failed") ? count(file, at + ".failed", t.get("failed")) : 0;
    LatencyPrior d = LatencyPrior.defaultFor(tier);
    double[] latency = triple(file, at + ".latency_ms", t.get("latency_ms"));
    if (latency == null) {
      throw new IllegalArgumentException(file + ": field '" + at + ".latency_ms': missing");
    }
    double[] ttft = triple(file, at + ".ttft_ms", t.get("ttft_ms"));
    double[] perToken = triple(file, at + ".per_token_ms", t.get("per_token_ms"));
    JsonNode meanNode = t.get("output_tokens_mean");
    double outMean = meanNode != null && meanNode.isNumber() ? meanNode.asDouble() : 0;
    if (ttft == null) {
      double defaultPerTokenMs = d.perTokenP50().toNanos() / 1e6;
      ttft = new double[3];
      for (int i = 0; i < 3; i++) {
        ttft[i] = latency[i] - outMean * defaultPerTokenMs;
      }
    } else if (perToken == null && outMean > 1) {
      perToken = new double[3];
      for (int i = 0; i < 3; i++) {
        perToken[i] = (latency[i] - ttft[i]) / (outMean - 1);
      }
    }
    long[] ttftNanos = nanos(ttft, MIN_TTFT_NANOS);
    long[] perTokenNanos =
        perToken == null
            ? new long[] {
              d.perTokenP50().toNanos(), d.perTokenP90().toNanos(), d.perTokenP99().toNanos()
            }
            : nanos(perToken, MIN_PER_TOKEN_NANOS);
    double throttleProbability = Math.min(0.99, (double) throttled / (ok + throttled + failed));
    JsonNode throttleMs = t.get("throttle_ms_mean");
    Duration throttleDelay =
        throttleMs != null && throttleMs.isNumber() && throttleMs.asDouble() >= 0
            ? Duration.ofNanos(Math.round(throttleMs.asDouble() * 1e6))
            : d.throttleDelay();
    return LatencyPrior.of(
        Duration.ofNanos(ttftNanos[0]),
        Duration.ofNanos(ttftNanos[1]),
        Duration.ofNanos(ttftNanos[2]),
        Duration.ofNanos(perTokenNanos[0]),
        Duration.ofNanos(perTokenNanos[1]),
        Duration.ofNanos(perTokenNanos[2]),
        throttleProbability,
        throttleDelay);
  }

  /** Milliseconds to nanoseconds, at least {@code min}, non-decreasing. */
  private static long[] nanos(double[] millis, long min) {
    long[] n = new long[3];
    for (int i = 0; i < 3; i++) {
      n[i] = Math.max(min, Math.round(millis[i] * 1e6));
      if (i > 0) {
        n[i] = Math.max(n[i], n[i - 1]);
      }
    }
    return n;
  }

  private static long count(Path file, String field, JsonNode n) {
    if (n == null || !n.isIntegralNumber() || n.asLong() < 0) {
      throw new IllegalArgumentException(
          file + ": field '" + field + "': not a non-negative integer: " + n);
    }
    return n.asLong();
  }

  private static double[] triple(Path file, String field, JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    double[] v = new double[3];
    String[] names = {"p50", "p90", "p99"};
    for (int i = 0; i < 3; i++) {
      JsonNode x = n.get(names[i]);
      if (x == null || !x.isNumber() || x.asDouble() < 0) {
        throw new IllegalArgumentException(
            file + ": field '" + field + "." + names[i] + "': not a non-negative number: " + x);
      }
      v[i] = x.asDouble();
    }
    return v;
  }
}
