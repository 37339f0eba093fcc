package io.tierpilot.sim.engine;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.provider.ProviderSpec;

/**
 * Other customers' requests on one model's fleet: a Poisson process whose rate follows a daily
 * cycle and Markov bursts. Each arrival draws its tier, its sizes, its service-time noise and its
 * throttle draw from one generator in a fixed order, so a {@link #copy()} replays the same future
 * (the oracle's projections rely on it). Single-threaded.
 */
final class Background {
  private static final double NANOS = 1e9;
  private final ProviderSpec.BackgroundSpec spec;
  private final double[] tierCumulative = new double[3]; // priority, standard, flex
  private final double inputMu;
  private final double inputSigma;
  private final double outputMu;
  private final double outputSigma;
  private Rng rng;
  private Rng bursts;
  private long nextArrivalNanos;
  private long burstStartNanos;
  private long burstEndNanos;

  // the last arrival's draws
  Tier tier;
  int inputTokens;
  int outputTokens;
  double noiseGaussian;
  double throttleUniform;

  Background(ProviderSpec.BackgroundSpec spec, long seed) {
    this.spec = spec;
    double p = spec.tierMix.getOrDefault("priority", 0.0);
    double s =
        spec.tierMix.getOrDefault("standard", 0.0) + spec.tierMix.getOrDefault("default", 0.0);
    tierCumulative[0] = p;
    tierCumulative[1] = p + s;
    tierCumulative[2] = 1;
    this.inputMu = StrictMath.log(spec.inputTokensMedian);
    this.inputSigma = StrictMath.log(spec.inputTokensP99 / spec.inputTokensMedian) / 2.3263479;
    this.outputMu = StrictMath.log(spec.outputTokensMedian);
    this.outputSigma = StrictMath.log(spec.outputTokensP99 / spec.outputTokensMedian) / 2.3263479;
    this.rng = new Rng(seed);
    this.bursts = new Rng(seed ^ 0x5DEECE66DL);
    scheduleBurst(0);
    this.nextArrivalNanos = spec.ratePerSecond > 0 ? next(0) : Long.MAX_VALUE;
  }

  private Background(Background o) {
    this.spec = o.spec;
    System.arraycopy(o.tierCumulative, 0, tierCumulative, 0, 3);
    this.inputMu = o.inputMu;
    this.inputSigma = o.inputSigma;
    this.outputMu = o.outputMu;
    this.outputSigma = o.outputSigma;
    this.rng = o.rng.copy();
    this.bursts = o.bursts.copy();
    this.nextArrivalNanos = o.nextArrivalNanos;
    this.burstStartNanos = o.burstStartNanos;
    this.burstEndNanos = o.burstEndNanos;
  }

  /** Returns a copy that will produce the same future arrivals. */
  Background copy() {
    return new Background(this);
  }

  /** Returns the time of the next arrival, or {@code Long.MAX_VALUE} without background. */
  long nextArrivalNanos() {
    return nextArrivalNanos;
  }

  /**
   * Draws the arrival due at {@link #nextArrivalNanos()} into the fields and schedules the next.
   */
  void arrive() {
    double u = rng.nextDouble();
    tier =
        u < tierCumulative[0] ? Tier.PRIORITY : u < tierCumulative[1] ? Tier.STANDARD : Tier.FLEX;
    inputTokens = (int) Math.min(1e7, StrictMath.exp(inputMu + inputSigma * rng.nextGaussian()));
    outputTokens =
        (int)
            Math.min(1e6, Math.max(1, StrictMath.exp(outputMu + outputSigma * rng.nextGaussian())));
    noiseGaussian = rng.nextGaussian();
    throttleUniform = rng.nextDouble();
    nextArrivalNanos = next(nextArrivalNanos);
  }

  /** Returns the arrival rate per second at a time. */
  double rate(long nanos) {
    double hours = spec.startHourUtc + nanos / 3600e9;
    double daily =
        1 + spec.dailyAmplitude * StrictMath.cos(2 * Math.PI * (hours - spec.peakHourUtc) / 24);
    while (nanos >= burstEndNanos) {
      scheduleBurst(burstEndNanos);
    }
    boolean burst = nanos >= burstStartNanos;
    return spec.ratePerSecond * daily * (burst ? spec.burstMultiplier : 1);
  }

  private long next(long from) {
    // the rate at the current time holds until the next arrival: exact between rate changes,
    // and the changes (hours, bursts of minutes) are slow next to inter-arrival gaps of ms
    double gap = rng.nextExponential(1.0 / rate(from));
    return from + Math.max(1, (long) (gap * NANOS));
  }

  private void scheduleBurst(long after) {
    if (spec.burstsPerHour <= 0 || spec.burstSeconds <= 0) {
      burstStartNanos = Long.MAX_VALUE;
      burstEndNanos = Long.MAX_VALUE;
      return;
    }
    burstStartNanos = after + (long) (bursts.nextExponential(3600.0 / spec.burstsPerHour) * NANOS);
    burstEndNanos = burstStartNanos + (long) (spec.burstSeconds * NANOS);
  }
}
