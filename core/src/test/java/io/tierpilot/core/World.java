package io.tierpilot.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny, seeded stand-in for a provider, for unit tests: per tier a log-normal time to first
 * token, a time per output token, and a throttle probability; outcomes are reported at once.
 */
final class World {
  static final class TierBehaviour {
    double ttftMedianMillis;
    double ttftSigma = 0.3;
    double perTokenMillis;
    double throttle;

    TierBehaviour(double ttftMedianMillis, double perTokenMillis, double throttle) {
      this.ttftMedianMillis = ttftMedianMillis;
      this.perTokenMillis = perTokenMillis;
      this.throttle = throttle;
    }
  }

  final Map<Tier, TierBehaviour> tiers = new EnumMap<>(Tier.class);
  final Random random;
  final FakeTicker ticker;
  final TierScheduler scheduler;
  int outputTokens = 200;
  long throttleDelayNanos = 100_000_000L;

  World(FakeTicker ticker, TierScheduler scheduler, long seed) {
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.random = new Random(seed);
    tiers.put(Tier.PRIORITY, new TierBehaviour(300, 8, 0));
    tiers.put(Tier.STANDARD, new TierBehaviour(400, 10, 0));
    tiers.put(Tier.FLEX, new TierBehaviour(600, 10, 0));
  }

  /** Returns priors that match this world's default behaviour, as a probe would measure it. */
  static TierScheduler.Builder withMatchingPriors(TierScheduler.Builder b, Duration throttleDelay) {
    return b.prior(Tier.PRIORITY, prior(300, 8, throttleDelay))
        .prior(Tier.STANDARD, prior(400, 10, throttleDelay))
        .prior(Tier.FLEX, prior(600, 10, throttleDelay));
  }

  private static LatencyPrior prior(
      double ttftMedianMillis, double perTokenMillis, Duration throttleDelay) {
    // log-normal with sigma 0.3: p90 = median * e^(0.3 * 1.2816), p99 = median * e^(0.3 * 2.3263)
    return LatencyPrior.of(
        Duration.ofMillis((long) ttftMedianMillis),
        Duration.ofMillis((long) (ttftMedianMillis * 1.469)),
        Duration.ofMillis((long) (ttftMedianMillis * 2.010)),
        Duration.ofNanos((long) (perTokenMillis * 1e6)),
        Duration.ofNanos((long) (perTokenMillis * 1.01e6)),
        Duration.ofNanos((long) (perTokenMillis * 1.02e6)),
        0.0,
        throttleDelay);
  }

  /** Makes one request of the class, one attempt, reports its outcome; returns the decision. */
  Decision step(String sloClass, Duration gap) {
    ticker.advance(gap);
    TierRequest r =
        scheduler
            .newRequest(Fixtures.MODEL)
            .inputTokens(1000)
            .maxTokens(4096)
            .sloClass(sloClass)
            .build();
    Decision d = scheduler.decide(r);
    if (d.isCall()) {
      report(d);
    }
    return d;
  }

  /** Reports an outcome for a decision as this world would produce it. */
  void report(Decision d) {
    TierBehaviour b = tiers.get(d.tier());
    if (random.nextDouble() < b.throttle) {
      scheduler.recordThrottle(d, throttleDelayNanos);
      return;
    }
    long ttft = (long) (b.ttftMedianMillis * Math.exp(b.ttftSigma * random.nextGaussian()) * 1e6);
    int out = Math.max(1, (int) (outputTokens * (0.5 + random.nextDouble())));
    long latency = ttft + (long) (out * b.perTokenMillis * 1e6);
    scheduler.recordSuccess(d, d.tier(), latency, ttft, 1000, out);
  }

  /** Runs n requests of a class and returns how many went to each tier. */
  Map<Tier, Integer> run(String sloClass, int n, Duration gap) {
    Map<Tier, Integer> counts = new EnumMap<>(Tier.class);
    for (int i = 0; i < n; i++) {
      Decision d = step(sloClass, gap);
      if (d.tier() != null) {
        counts.merge(d.tier(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
