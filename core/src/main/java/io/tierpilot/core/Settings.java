package io.tierpilot.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The scheduler's immutable configuration, as the builder validated it. */
final class Settings {
  final Ticker ticker;
  final List<SloClass> classes;
  final int defaultClass;
  final Map<String, ModelConfig> models;
  final TierPrices defaultPrices;
  final EnumMap<Tier, LatencyPrior> priors;
  final long outputP50;
  final long outputP90;
  final long outputP99;
  final long windowNanos;
  final int slices;
  final double priorWeight;
  final double exploration;
  final int minFreshSamples;
  final long seed;
  final double retryThrottleProbability;
  final int maxAttempts;
  final long[] deferralDelaysNanos;
  final long throttleMemoryNanos;
  final long recencyNanos;
  final double recentWeight;
  final double errorBudgetGain;
  final double errorBudgetMargin;
  final double errorBudgetMax;
  final double hedgeMaxShare;
  final double bestEffortValue;
  final long defaultMaxTokens;
  final Budget budget;
  final double pacingGain;
  final double maxPacingMultiplier;
  final double maxShedShare;
  final double pacingMargin;
  final int initialTierLimit;
  final int maxTierLimit;
  final int initialAccountLimit;
  final int maxAccountLimit;
  final double limitIncrease;
  final double limitBackoff;
  final int maxWaiting;
  final double[] throttleTolerance;
  final SchedulerListener listener;

  Settings(TierScheduler.Builder b) {
    this.ticker = b.ticker;
    this.classes = List.copyOf(b.classes.values());
    int d = 0;
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i).name().equals(b.defaultClass)) {
        d = i;
      }
    }
    this.defaultClass = d;
    this.models = Map.copyOf(b.models);
    this.defaultPrices = b.defaultPrices;
    this.priors = new EnumMap<>(b.priors);
    this.outputP50 = b.outputP50;
    this.outputP90 = b.outputP90;
    this.outputP99 = b.outputP99;
    this.windowNanos = b.windowNanos;
    this.slices = b.slices;
    this.priorWeight = b.priorWeight;
    this.exploration = b.exploration;
    this.minFreshSamples = b.minFreshSamples;
    this.seed = b.seed;
    this.retryThrottleProbability = b.retryThrottleProbability;
    this.maxAttempts = b.maxAttempts;
    this.deferralDelaysNanos = b.deferralDelaysNanos.clone();
    this.throttleMemoryNanos = b.throttleMemoryNanos;
    this.recencyNanos = b.recencyNanos;
    this.recentWeight = b.recentWeight;
    this.errorBudgetGain = b.errorBudgetGain;
    this.errorBudgetMargin = b.errorBudgetMargin;
    this.errorBudgetMax = b.errorBudgetMax;
    this.hedgeMaxShare = b.hedgeMaxShare;
    this.bestEffortValue = b.bestEffortValue;
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.budget = b.budget;
    this.pacingGain = b.pacingGain;
    this.maxPacingMultiplier = b.maxPacingMultiplier;
    this.maxShedShare = b.maxShedShare;
    this.pacingMargin = b.pacingMargin;
    this.initialTierLimit = b.initialTierLimit;
    this.maxTierLimit = b.maxTierLimit;
    this.initialAccountLimit = b.initialAccountLimit;
    this.maxAccountLimit = b.maxAccountLimit;
    this.limitIncrease = b.limitIncrease;
    this.limitBackoff = b.limitBackoff;
    this.maxWaiting = b.maxWaiting;
    this.throttleTolerance = b.throttleTolerance.clone();
    this.listener = b.listener;
  }

  long sliceNanos() {
    return windowNanos / slices;
  }

  LatencyPrior prior(ModelConfig model, Tier tier) {
    LatencyPrior p = model.priors().get(tier);
    if (p == null) {
      p = priors.get(tier);
    }
    return p != null ? p : LatencyPrior.defaultFor(tier);
  }
}
