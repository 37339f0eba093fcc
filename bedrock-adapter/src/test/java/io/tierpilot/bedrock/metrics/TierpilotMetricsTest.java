package io.tierpilot.bedrock.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierpilot.bedrock.Slo;
import io.tierpilot.bedrock.TieredBedrockAsyncClient;
import io.tierpilot.bedrock.TieredBedrockClient;
import io.tierpilot.bedrock.TieredResponse;
import io.tierpilot.bedrock.local.LocalBedrockServer;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** The binder publishes decisions and outcomes with the right tags and values. */
class TierpilotMetricsTest {
  private static final String MODEL = "openai.gpt-oss-120b-1:0";
  private static final TierPrices PRICES = TierPrices.fromStandard(0.15, 0.60);

  private static LatencyPrior fast(double throttle) {
    return LatencyPrior.of(
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofMillis(40),
        1000,
        throttle,
        Duration.ofMillis(50));
  }

  private static Message hello() {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText("hello metrics"))
        .build();
  }

  @Test
  void metersFollowTheCalls() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TierpilotMetrics metrics = new TierpilotMetrics(Tags.of("service", "checkout"));
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(ModelConfig.newBuilder(MODEL).prices(PRICES).build())
            .prior(
                Tier.FLEX,
                LatencyPrior.of(
                    Duration.ofMillis(10),
                    Duration.ofMillis(20),
                    Duration.ofMillis(40),
                    1000,
                    0.005,
                    Duration.ofMillis(980)))
            .prior(Tier.STANDARD, fast(0.001))
            .prior(Tier.PRIORITY, fast(0.001))
            .outputTokensPrior(12, 16, 20)
            .explorationShare(0)
            .listener(metrics)
            .build();
    metrics.monitor(scheduler).bindTo(registry);

    try (LocalBedrockServer server = LocalBedrockServer.start();
        BedrockRuntimeClient sdk = server.newClient();
        BedrockRuntimeAsyncClient sdkAsync = server.newAsyncClient()) {
      TieredBedrockClient client =
          TieredBedrockClient.newBuilder().scheduler(scheduler).client(sdk).build();
      TieredBedrockAsyncClient async =
          TieredBedrockAsyncClient.newBuilder().scheduler(scheduler).client(sdkAsync).build();
      ConverseRequest request =
          ConverseRequest.builder()
              .modelId(MODEL)
              .messages(hello())
              .inferenceConfig(c -> c.maxTokens(16))
              .build();
      Slo tight = Slo.within(Duration.ofSeconds(1));
      // warm the SDK up (the first call of a JVM is slow); counted like any other call
      TieredResponse<?> warm = client.converse(request, Slo.within(Duration.ofSeconds(30)));
      assertEquals(Tier.FLEX, warm.servedTier());
      // 1: Flex throttled, escalated to Standard
      server.tier(Tier.FLEX).throttleNext(1);
      TieredResponse<?> escalated = client.converse(request, tight);
      assertEquals(Tier.STANDARD, escalated.servedTier());
      // 2: Flex asked, served by Standard (a mismatch)
      server.tier(Tier.FLEX).servedAs(Tier.STANDARD);
      TieredResponse<?> upgraded = client.converse(request, tight);
      assertEquals(Tier.STANDARD, upgraded.servedTier());
      server.tier(Tier.FLEX).servedAs(null);
      // 3: a stream on Flex, for TTFT
      server.tier(Tier.FLEX).ttft(Duration.ofMillis(30));
      TieredResponse<?> streamed =
          async
              .converseStream(
                  ConverseStreamRequest.builder()
                      .modelId(MODEL)
                      .messages(hello())
                      .inferenceConfig(c -> c.maxTokens(16))
                      .build(),
                  new ConverseStreamResponseHandler() {
                    @Override
                    public void responseReceived(ConverseStreamResponse response) {}

                    @Override
                    public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
                      publisher.subscribe(e -> {});
                    }

                    @Override
                    public void exceptionOccurred(Throwable throwable) {}

                    @Override
                    public void complete() {}
                  },
                  tight)
              .get(10, TimeUnit.SECONDS);
      assertEquals(Tier.FLEX, streamed.servedTier());

      Tags flex = Tags.of("service", "checkout", "model", MODEL, "tier", "flex");
      Tags standard = Tags.of("service", "checkout", "model", MODEL, "tier", "standard");

      assertEquals(1, registry.get("tierpilot.throttles").tags(flex).counter().count());
      assertEquals(
          1,
          registry
              .get("tierpilot.attempts")
              .tags(flex)
              .tag("outcome", "throttled")
              .counter()
              .count());
      assertEquals(
          3,
          registry
              .get("tierpilot.attempts")
              .tags(flex)
              .tag("outcome", "success")
              .counter()
              .count());
      assertEquals(
          1,
          registry
              .get("tierpilot.attempts")
              .tags(standard)
              .tag("outcome", "success")
              .counter()
              .count());
      assertEquals(
          4,
          registry
              .get("tierpilot.decisions")
              .tags(flex)
              .tag("class", "business-standard")
              .counters()
              .stream()
              .mapToDouble(c -> c.count())
              .sum());
      assertEquals(
          1,
          registry
              .get("tierpilot.served.tier.mismatches")
              .tags(flex)
              .tag("served", "standard")
              .counter()
              .count());

      Timer latencyStandard = registry.get("tierpilot.latency").tags(standard).timer();
      assertEquals(
          2, latencyStandard.count(), "served by Standard: the escalation and the upgrade");
      Timer ttftFlex = registry.get("tierpilot.ttft").tags(flex).timer();
      assertEquals(1, ttftFlex.count());
      assertTrue(ttftFlex.totalTime(TimeUnit.MILLISECONDS) >= 30);
      assertEquals(0, registry.get("tierpilot.ttft").tags(standard).timer().count());

      FunctionCounter spendStandard =
          registry.get("tierpilot.spend").tags(standard).functionCounter();
      FunctionCounter spendFlex = registry.get("tierpilot.spend").tags(flex).functionCounter();
      assertEquals(escalated.costUsd() + upgraded.costUsd(), spendStandard.count(), 1e-12);
      assertEquals(warm.costUsd() + streamed.costUsd(), spendFlex.count(), 1e-12);
      assertEquals("usd", registry.get("tierpilot.spend").tags(flex).meter().getId().getBaseUnit());
      assertEquals(
          escalated.outputTokens() + upgraded.outputTokens(),
          registry
              .get("tierpilot.tokens")
              .tags(standard)
              .tag("direction", "output")
              .counter()
              .count());

      Gauge pacing = registry.get("tierpilot.pacing.multiplier").gauge();
      assertEquals(1.0, pacing.value());
      assertEquals(1.0, registry.get("tierpilot.pacing.admission").gauge().value());
      Gauge inFlight = registry.get("tierpilot.inflight").tags(flex).gauge();
      assertEquals(0.0, inFlight.value());
      assertNotNull(registry.get("tierpilot.budget.spent.window").gauge());
    }
  }

  @Test
  void aSecondRegistryBoundLaterSeesTheSameMeters() {
    TierpilotMetrics metrics = new TierpilotMetrics();
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(ModelConfig.newBuilder(MODEL).prices(PRICES).build())
            .explorationShare(0)
            .listener(metrics)
            .build();
    SimpleMeterRegistry first = new SimpleMeterRegistry();
    metrics.monitor(scheduler).bindTo(first);
    scheduler.recordThrottle(scheduler.decide(scheduler.newRequest(MODEL).build()), 1_000_000);
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    metrics.bindTo(second);
    scheduler.recordThrottle(scheduler.decide(scheduler.newRequest(MODEL).build()), 1_000_000);
    Tier chosen = scheduler.decide(scheduler.newRequest(MODEL).build()).tier();
    Tags tags = Tags.of("model", MODEL, "tier", chosen.reportName());
    assertEquals(2, first.get("tierpilot.throttles").tags(tags).counter().count());
    assertTrue(second.get("tierpilot.throttles").tags(tags).counter().count() >= 1);
    assertThrows(IllegalStateException.class, () -> metrics.monitor(scheduler));
  }
}
