package io.tierpilot.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's state for one model: its configuration, the tiers still believed supported, the
 * per-tier knowledge and the per-class output-length predictors. Threads: see the fields.
 */
final class ModelState {
  final String id;
  final ModelConfig config;
  final TierPrices prices;

  /** Indexed by {@link Tier#ordinal()}; null for tiers the model is not configured with. */
  final TierState[] tiers;

  /** Indexed by SLO class index. */
  final OutputState[] outputs;

  /** All classes together: the prior of each class's predictor. */
  final OutputState pooledOutput;

  /** The configured tiers minus those learned to be unsupported; shrinks only. */
  private final AtomicInteger supported;

  /** The dispatcher's per-model lanes, created on first submit. */
  volatile Object lanes;

  ModelState(
      ModelConfig config, TierState[] tiers, OutputState[] outputs, OutputState pooledOutput) {
    this.pooledOutput = pooledOutput;
    this.id = config.id();
    this.config = config;
    this.prices = config.prices();
    this.tiers = tiers;
    this.outputs = outputs;
    this.supported = new AtomicInteger(config.tierMask());
  }

  int supportedMask() {
    return supported.get();
  }

  /** Removes a tier from the supported set; returns whether it was still there. Any thread. */
  boolean markUnsupported(Tier tier) {
    int bit = tier.bit();
    while (true) {
      int current = supported.get();
      if ((current & bit) == 0) {
        return false;
      }
      if (supported.compareAndSet(current, current & ~bit)) {
        return true;
      }
    }
  }

  /** What a call with these tokens costs on the cheapest tier the model supports. Any thread. */
  double floorCost(long inputTokens, long outputTokens) {
    int mask = supported.get();
    double min = Double.MAX_VALUE;
    for (int t = 0; t < tiers.length; t++) {
      if ((mask & (1 << t)) != 0) {
        min = Math.min(min, prices.cost(t, inputTokens, outputTokens));
      }
    }
    return min == Double.MAX_VALUE ? 0 : min;
  }

  /** Records a realized output length for a class and for the model's pool. Any thread. */
  void recordOutput(int classIndex, long outputTokens) {
    outputs[classIndex].record(outputTokens);
    pooledOutput.record(outputTokens);
  }

  /** Ends a slice of the output predictors and returns the new per-class estimates. */
  OutputEstimate[] endOutputSlice(boolean empty, Cdf globalPrior) {
    Cdf pooled = pooledOutput.endSlice(empty, globalPrior).tokens;
    OutputEstimate[] e = new OutputEstimate[outputs.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = outputs[i].endSlice(empty, pooled);
    }
    return e;
  }
}
