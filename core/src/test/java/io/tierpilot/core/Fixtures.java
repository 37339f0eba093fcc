package io.tierpilot.core;

import java.time.Duration;

/** Shared test configuration: one model at the gpt-oss-120b example price, three classes. */
final class Fixtures {
  static final String MODEL = "openai.gpt-oss-120b-1:0";

  private Fixtures() {}

  static SloClass interactive() {
    return SloClass.newBuilder("interactive")
        .target(0.99)
        .deadline(Duration.ofSeconds(10))
        .budgetSensitivity(0)
        .recommendedTier(Tier.PRIORITY)
        .build();
  }

  static SloClass standard() {
    return SloClass.newBuilder("standard")
        .target(0.99)
        .deadline(Duration.ofSeconds(60))
        .budgetSensitivity(0.5)
        .recommendedTier(Tier.STANDARD)
        .build();
  }

  static SloClass batch() {
    return SloClass.newBuilder("batch")
        .target(0.99)
        .deadline(Duration.ofMinutes(30))
        .budgetSensitivity(1)
        .recommendedTier(Tier.FLEX)
        .build();
  }

  static ModelConfig model() {
    return ModelConfig.newBuilder(MODEL).prices(TierPrices.fromStandard(0.15, 0.60)).build();
  }

  static TierScheduler.Builder builder(Ticker ticker) {
    return TierScheduler.newBuilder()
        .ticker(ticker)
        .model(model())
        .sloClass(interactive())
        .sloClass(standard())
        .sloClass(batch())
        .explorationShare(0);
  }

  static TierRequest request(TierScheduler s, String cls) {
    return s.newRequest(MODEL).inputTokens(1000).maxTokens(4096).sloClass(cls).build();
  }
}
