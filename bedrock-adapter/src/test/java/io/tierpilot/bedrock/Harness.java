package io.tierpilot.bedrock;

import io.tierpilot.bedrock.local.LocalBedrockServer;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.Outcome;
import io.tierpilot.core.SchedulerListener;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A local Bedrock endpoint with real SDK clients pointed at it, and schedulers whose priors make
 * decisions predictable: Flex first when the deadline allows, Standard after a Flex throttle when
 * the deadline is tight (the "interactive" class, 1 s).
 */
final class Harness {
  static final String GPT_OSS = "openai.gpt-oss-120b-1:0";
  static final String NOVA = "amazon.nova-pro-v1:0";

  /** A model configured with Standard and Priority only: decisions go to Standard. */
  static final String STANDARD_FIRST = "us.amazon.nova-pro-v1:0";

  static final TierPrices PRICES = TierPrices.fromStandard(0.15, 0.60);

  final LocalBedrockServer server;
  final BedrockRuntimeClient sync;
  final BedrockRuntimeAsyncClient async;

  private static Harness shared;

  private Harness() {
    server = LocalBedrockServer.start();
    sync = server.newClient();
    async = server.newAsyncClient();
  }

  /**
   * Returns the endpoint and clients all test classes share, reset: starting them costs about a
   * second and closing the asynchronous client two (its HTTP client's quiet period), so they live
   * as long as the test JVM (every thread involved is a daemon).
   */
  static synchronized Harness shared() {
    if (shared == null) {
      shared = new Harness();
    }
    shared.server.reset();
    return shared;
  }

  /** A listener that keeps every outcome. */
  static final class Outcomes implements SchedulerListener {
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void onOutcome(Outcome outcome) {
      outcomes.add(outcome);
    }
  }

  static TierScheduler scheduler(SchedulerListener listener) {
    return scheduler(listener, b -> {});
  }

  static TierScheduler scheduler(SchedulerListener listener, Consumer<TierScheduler.Builder> more) {
    TierScheduler.Builder b =
        TierScheduler.newBuilder()
            .model(ModelConfig.newBuilder(GPT_OSS).prices(PRICES).build())
            .model(ModelConfig.newBuilder(NOVA).prices(TierPrices.fromStandard(0.8, 3.2)).build())
            .model(
                ModelConfig.newBuilder(STANDARD_FIRST)
                    .prices(TierPrices.fromStandard(0.8, 3.2))
                    .tiers(Tier.STANDARD, Tier.PRIORITY)
                    .build())
            .defaultPrices(TierPrices.fromStandard(1.0, 4.0))
            .prior(Tier.FLEX, prior(10, 0.005, 980))
            .prior(Tier.STANDARD, prior(10, 0.001, 50))
            .prior(Tier.PRIORITY, prior(5, 0.001, 50))
            .outputTokensPrior(12, 16, 20)
            .explorationShare(0)
            .sloClass(
                SloClass.newBuilder("interactive")
                    .target(0.99)
                    .deadline(Duration.ofSeconds(1))
                    .budgetSensitivity(0)
                    .build())
            .sloClass(
                SloClass.newBuilder("batch").target(0.95).deadline(Duration.ofSeconds(20)).build())
            .defaultClass("interactive")
            .listener(listener);
    more.accept(b);
    return b.build();
  }

  private static LatencyPrior prior(long ttftP50Millis, double throttle, long throttleDelayMillis) {
    return LatencyPrior.of(
        Duration.ofMillis(ttftP50Millis),
        Duration.ofMillis(ttftP50Millis * 2),
        Duration.ofMillis(ttftP50Millis * 4),
        1000,
        throttle,
        Duration.ofMillis(throttleDelayMillis));
  }

  TieredBedrockClient syncClient(TierScheduler scheduler, TraceRecorder recorder) {
    TieredBedrockClient.Builder b =
        TieredBedrockClient.newBuilder().scheduler(scheduler).client(sync);
    if (recorder != null) {
      b.recorder(recorder);
    }
    return b.build();
  }

  TieredBedrockAsyncClient asyncClient(TierScheduler scheduler, TraceRecorder recorder) {
    TieredBedrockAsyncClient.Builder b =
        TieredBedrockAsyncClient.newBuilder().scheduler(scheduler).client(async);
    if (recorder != null) {
      b.recorder(recorder);
    }
    return b.build();
  }
}
