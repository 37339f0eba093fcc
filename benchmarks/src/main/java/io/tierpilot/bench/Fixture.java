package io.tierpilot.bench;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.Decision;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierRequest;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A scheduler and its baseline, warmed up identically, with the requests a benchmark cycles
 * through. Built in a benchmark's {@code @Setup}; single-threaded while it builds, read-only after.
 *
 * <h2>Warm-up</h2>
 *
 * Both schedulers share one {@link BenchTicker}. For eleven slices of virtual time (5.5 minutes,
 * one more than the 10-slice window) the fixture sends 40 requests per model and slice (or the
 * number given to {@link #create(int, long, int)}) through each of them, in the benchmark's class
 * mix, and reports for each the outcome a simple world gives on the tier it chose: log-normal times
 * to first token (Flex median 1.5 s, Standard 0.45 s, Priority 0.3 s), about 180 output tokens per
 * second (Priority 25% faster), log-normal output lengths (median 180 tokens) and throttles (Flex
 * 8%, Standard 0.5%, Priority 0.2%). Both draw the same random numbers for a request. Then time
 * moves a third of a slice on and stops: every estimate is published, and no slice ends while a
 * benchmark measures.
 *
 * <h2>Requests</h2>
 *
 * {@link #requests} holds {@link #REQUESTS} requests, cycled by index: model {@code i mod models},
 * class mission-critical (10 s) 30%, business-standard (60 s) 40%, business-noncritical (30 min)
 * 30%, each having used a random 0–50% of its deadline already, input tokens log-normal around
 * 1,000, and the given {@code maxTokens}.
 */
final class Fixture {
  /** Requests per array; a power of two, so that {@code i & (REQUESTS - 1)} cycles. */
  static final int REQUESTS = 1024;

  /** The accounting tag of every request. */
  static final String TAG = "bench";

  private static final long START_NANOS = 1_000_000_000_000L;
  private static final long SLICE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final int WARM_SLICES = 11;

  /** Warm-up requests per model and slice unless a fixture is given another number. */
  static final int WARM_REQUESTS_PER_MODEL_AND_SLICE = 40;

  private static final double[] CLASS_SHARES = {0.3, 0.4, 0.3};

  final BenchTicker ticker;
  final int models;
  final TierScheduler engine;
  final BaselineScheduler baseline;
  final TierRequest[] requests;

  private Fixture(int models, long maxTokens, long seed, int warmPerSlice) {
    if (models < 1) {
      throw new IllegalArgumentException("models must be >= 1, was " + models);
    }
    if (warmPerSlice < 1) {
      throw new IllegalArgumentException(
          "warm-up requests per model and slice must be >= 1, was " + warmPerSlice);
    }
    this.models = models;
    this.ticker = new BenchTicker(START_NANOS);
    List<ModelConfig> configs = modelConfigs(models);
    TierScheduler.Builder b =
        TierScheduler.newBuilder()
            .ticker(ticker)
            .sloClasses(SloClass.awsCategories())
            .tierConcurrency(1024, 1024)
            .accountConcurrency(4096, 4096);
    for (ModelConfig m : configs) {
      b.model(m);
    }
    this.engine = b.build();
    this.baseline = new BaselineScheduler(ticker, SloClass.awsCategories(), configs, 1024, 4096);
    warm(new SplittableRandom(seed), warmPerSlice);
    this.requests = new TierRequest[REQUESTS];
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5EED);
    for (int i = 0; i < REQUESTS; i++) {
      requests[i] = request(rnd, i % models, maxTokens, true);
    }
    // build every lazily built table and summary before anything is measured
    Decision reuse = new Decision();
    for (TierRequest r : requests) {
      engine.decide(r, Attempts.none(), reuse);
      baseline.decide(r, Attempts.none());
    }
  }

  /**
   * Builds a warmed-up fixture.
   *
   * @param models models configured, {@code >= 1}
   * @param maxTokens the output cap of the measured requests, {@code > 0}
   * @return the fixture
   */
  static Fixture create(int models, long maxTokens) {
    return new Fixture(models, maxTokens, 42, WARM_REQUESTS_PER_MODEL_AND_SLICE);
  }

  /**
   * Builds a fixture warmed up with another load than the default's.
   *
   * @param models models configured, {@code >= 1}
   * @param maxTokens the output cap of the measured requests, {@code > 0}
   * @param warmPerSlice warm-up requests per model and slice, {@code >= 1}
   * @return the fixture
   */
  static Fixture create(int models, long maxTokens, int warmPerSlice) {
    return new Fixture(models, maxTokens, 42, warmPerSlice);
  }

  /** Returns the id of model {@code i}. */
  static String modelId(int i) {
    return String.format(Locale.ROOT, "bench.model-%02d", i);
  }

  private static List<ModelConfig> modelConfigs(int n) {
    List<ModelConfig> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          ModelConfig.newBuilder(modelId(i)).prices(TierPrices.fromStandard(0.15, 0.60)).build());
    }
    return out;
  }

  private TierRequest request(SplittableRandom rnd, int model, long maxTokens, boolean used) {
    double u = rnd.nextDouble();
    SloClass cls =
        u < CLASS_SHARES[0]
            ? SloClass.missionCritical()
            : u < CLASS_SHARES[0] + CLASS_SHARES[1]
                ? SloClass.businessStandard()
                : SloClass.businessNoncritical();
    long now = ticker.read();
    long elapsed = used ? (long) (rnd.nextDouble() * 0.5 * cls.deadline().toNanos()) : 0;
    long input =
        Math.min(32_000, Math.max(1, Math.round(1000 * Math.exp(0.9 * rnd.nextGaussian()))));
    return TierRequest.newBuilder(modelId(model))
        .arrivalNanos(now - elapsed)
        .sloClass(cls.name())
        .inputTokens(input)
        .maxTokens(maxTokens)
        .tag(TAG)
        .build();
  }

  /** One call's outcome in the warm-up world, from draws shared by both schedulers. */
  private static final class Draws {
    final double throttle;
    final double ttftGaussian;
    final double perTokenGaussian;
    final long outputTokens;

    Draws(SplittableRandom rnd) {
      this.throttle = rnd.nextDouble();
      this.ttftGaussian = rnd.nextGaussian();
      this.perTokenGaussian = rnd.nextGaussian();
      this.outputTokens = Math.max(1, Math.round(180 * Math.exp(rnd.nextGaussian())));
    }

    boolean throttled(Tier t) {
      switch (t) {
        case FLEX:
          return throttle < 0.08;
        case PRIORITY:
          return throttle < 0.002;
        default:
          return throttle < 0.005;
      }
    }

    long ttftNanos(Tier t) {
      double median;
      double sigma;
      switch (t) {
        case FLEX:
          median = 1.5e9;
          sigma = 0.8;
          break;
        case PRIORITY:
          median = 0.3e9;
          sigma = 0.4;
          break;
        default:
          median = 0.45e9;
          sigma = 0.5;
          break;
      }
      return (long) (median * Math.exp(sigma * ttftGaussian));
    }

    long latencyNanos(Tier t, long outputTokens) {
      double perToken = 1e9 / 180 * (t == Tier.PRIORITY ? 0.8 : 1.0);
      return ttftNanos(t) + (long) (outputTokens * perToken * Math.exp(0.15 * perTokenGaussian));
    }
  }

  private void warm(SplittableRandom rnd, int warmPerSlice) {
    int perSlice = warmPerSlice * models;
    long step = SLICE_NANOS / perSlice;
    for (int s = 0; s < WARM_SLICES; s++) {
      for (int i = 0; i < perSlice; i++) {
        ticker.advance(step);
        TierRequest r = request(rnd, i % models, 4096, false);
        Draws draws = new Draws(rnd);
        Decision d = engine.decide(r);
        if (d.isCall()) {
          Tier t = d.tier();
          if (draws.throttled(t)) {
            engine.recordThrottle(d, 150_000_000L);
          } else {
            long out = Math.min(draws.outputTokens, 4096);
            engine.recordSuccess(
                d, t, draws.latencyNanos(t, out), draws.ttftNanos(t), r.inputTokens(), out);
          }
        }
        BaselineDecision bd = baseline.decide(r, Attempts.none());
        if (bd.isCall()) {
          Tier t = bd.tier();
          if (draws.throttled(t)) {
            baseline.recordThrottle(bd, 150_000_000L);
          } else {
            long out = Math.min(draws.outputTokens, 4096);
            baseline.recordSuccess(
                bd, t, draws.latencyNanos(t, out), draws.ttftNanos(t), r.inputTokens(), out);
          }
        }
      }
    }
    // a third of a slice on, past the end of the warm-up's last slice; then time stands still
    ticker.advance(SLICE_NANOS / 3);
    engine.snapshot();
    baseline.snapshot();
  }
}
