package io.tierpilot.sim.engine;

import io.tierpilot.core.Budget;
import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds scenarios for tests. */
final class Scenarios {
  private Scenarios() {}

  static Scenario of(
      String workload, String classes, String provider, List<String> policies, Budget budget) {
    return new Scenario(
        List.of(WorkloadSpec.parse(workload)),
        new WorkloadOptions(false, 42),
        SloClassSpec.parse(classes),
        ProviderSpec.load(provider),
        provider,
        42,
        budget,
        Scenario.DEFAULT_MODEL,
        Scenario.DEFAULT_MAX_TOKENS,
        TierPrices.fromStandard(0.15, 0.60),
        null,
        0.99,
        policies);
  }

  /**
   * Writes a provider with one stream, no background and no noise: a call's service time is its
   * output tokens / 100 seconds, exactly.
   */
  static Path deterministicProvider(Path dir, String extra) throws Exception {
    return deterministicProvider(dir, 100, 200, 1000, extra);
  }

  /** As above, with Flex's throttling rule. */
  static Path deterministicProvider(
      Path dir, int throttleStart, int throttleFull, double maxWaitSeconds, String extra)
      throws Exception {
    String json =
        "{\"name\": \"test\", \"defaults\": {\"servers\": 1, \"ttft_base_ms\": 0,"
            + " \"prefill_tokens_per_second\": 1e15, \"output_tokens_per_second\": 100,"
            + " \"priority_rate_factor\": 1.0, \"service_noise_sigma\": 0,"
            + " \"background\": {\"rate_per_second\": 0},"
            + " \"flex\": {\"throttle_queue_start\": "
            + throttleStart
            + ", \"throttle_queue_full\": "
            + throttleFull
            + ", \"max_wait_seconds\": "
            + maxWaitSeconds
            + ", \"throttle_delay_ms\": 100}"
            + extra
            + "}}";
    Path f = dir.resolve("provider.json");
    Files.writeString(f, json);
    return f;
  }

  /** Writes a native trace: rows of {arrival seconds, output tokens, class}. */
  static Path nativeTrace(Path dir, Object[][] rows) throws Exception {
    StringBuilder s = new StringBuilder();
    for (Object[] r : rows) {
      s.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"arrival_ms\": %d, \"model\": \"%s\", \"input_tokens\": 10, \"output_tokens\": %d,"
                  + " \"class\": \"%s\"}%n",
              1_700_000_000_000L + Math.round(((Number) r[0]).doubleValue() * 1000),
              Scenario.DEFAULT_MODEL,
              ((Number) r[1]).intValue(),
              r[2]));
    }
    Path f = dir.resolve("trace.jsonl");
    Files.writeString(f, s.toString());
    return f;
  }
}
