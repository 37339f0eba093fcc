package io.tierpilot.core;

import java.time.Duration;
import java.util.Locale;

/**
 * What the scheduler assumes about one tier before it has seen enough of its own traffic: the
 * time-to-first-token distribution, the time per output token, how often the tier throttles and how
 * long a throttled attempt takes. Immutable.
 *
 * <p>The prior counts as {@code priorWeight} observations (a scheduler setting) blended with the
 * observations of the sliding window, so it matters at a cold start and fades as traffic arrives.
 * Distributions are given as percentiles (p50, p90, p99) and extended into both tails as a
 * log-normal with the same spread would be. A {@code probe} of the real endpoint gives the best
 * prior.
 *
 * <p>The defaults of {@link #defaultFor(Tier)} are <b>assumptions</b>, not measurements: AWS
 * publishes no per-tier latency figures. They encode only what AWS states qualitatively (Priority
 * is served first and produces output tokens up to 25% faster; Flex is served last and may be
 * throttled when busy):
 *
 * <table>
 *   <caption>Default priors</caption>
 *   <tr><th>tier</th><th>TTFT p50 / p90 / p99</th><th>output tokens/s (median)</th>
 *       <th>throttle probability</th><th>throttled attempt takes</th></tr>
 *   <tr><td>priority</td><td>0.3 / 0.6 / 1.2 s</td><td>125</td><td>0.002</td><td>100 ms</td></tr>
 *   <tr><td>standard</td><td>0.4 / 0.9 / 2.0 s</td><td>100</td><td>0.005</td><td>100 ms</td></tr>
 *   <tr><td>flex</td><td>1 / 4 / 15 s</td><td>100</td><td>0.05</td><td>200 ms</td></tr>
 *   <tr><td>reserved</td><td>as standard</td><td>100</td><td>0.005</td><td>100 ms</td></tr>
 * </table>
 *
 * <p>The time per output token is spread as p90 = 1.25 × p50 and p99 = 1.6 × p50 when given as a
 * single rate.
 */
public final class LatencyPrior {
  private final long ttftP50Nanos;
  private final long ttftP90Nanos;
  private final long ttftP99Nanos;
  private final long tpotP50Nanos;
  private final long tpotP90Nanos;
  private final long tpotP99Nanos;
  private final double throttleProbability;
  private final long throttleDelayNanos;

  private LatencyPrior(
      long ttftP50Nanos,
      long ttftP90Nanos,
      long ttftP99Nanos,
      long tpotP50Nanos,
      long tpotP90Nanos,
      long tpotP99Nanos,
      double throttleProbability,
      long throttleDelayNanos) {
    this.ttftP50Nanos = ttftP50Nanos;
    this.ttftP90Nanos = ttftP90Nanos;
    this.ttftP99Nanos = ttftP99Nanos;
    this.tpotP50Nanos = tpotP50Nanos;
    this.tpotP90Nanos = tpotP90Nanos;
    this.tpotP99Nanos = tpotP99Nanos;
    this.throttleProbability = throttleProbability;
    this.throttleDelayNanos = throttleDelayNanos;
  }

  /**
   * Returns the documented default prior of a tier (an assumption; see the class comment).
   *
   * @param tier not null
   * @return the prior
   */
  public static LatencyPrior defaultFor(Tier tier) {
    switch (Checks.notNull(tier, "tier")) {
      case PRIORITY:
        return of(ms(300), ms(600), ms(1200), 125, 0.002, ms(100));
      case FLEX:
        return of(ms(1000), ms(4000), ms(15000), 100, 0.05, ms(200));
      case STANDARD:
      case RESERVED:
      default:
        return of(ms(400), ms(900), ms(2000), 100, 0.005, ms(100));
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /**
   * Returns a prior from TTFT percentiles and a median output rate.
   *
   * @param ttftP50 median time to first token; positive
   * @param ttftP90 90th percentile; {@code >= ttftP50}
   * @param ttftP99 99th percentile; {@code >= ttftP90}
   * @param outputTokensPerSecond median output rate once tokens flow; positive
   * @param throttleProbability share of attempts throttled, in [0, 1)
   * @param throttleDelay how long a throttled attempt takes before the next try; not negative
   * @return the prior
   */
  public static LatencyPrior of(
      Duration ttftP50,
      Duration ttftP90,
      Duration ttftP99,
      double outputTokensPerSecond,
      double throttleProbability,
      Duration throttleDelay) {
    Checks.notNull(ttftP50, "ttftP50");
    Checks.notNull(ttftP90, "ttftP90");
    Checks.notNull(ttftP99, "ttftP99");
    Checks.notNull(throttleDelay, "throttleDelay");
    Checks.positive(outputTokensPerSecond, "outputTokensPerSecond");
    long tpot = Math.max(1, Math.round(1e9 / outputTokensPerSecond));
    return of(
        ttftP50,
        ttftP90,
        ttftP99,
        Duration.ofNanos(tpot),
        Duration.ofNanos(Math.round(tpot * 1.25)),
        Duration.ofNanos(Math.round(tpot * 1.6)),
        throttleProbability,
        throttleDelay);
  }

  /**
   * Returns a prior from TTFT and time-per-output-token percentiles, as a probe measures them.
   *
   * @param ttftP50 median time to first token; positive
   * @param ttftP90 90th percentile; {@code >= ttftP50}
   * @param ttftP99 99th percentile; {@code >= ttftP90}
   * @param perTokenP50 median time per output token; positive
   * @param perTokenP90 90th percentile; {@code >= perTokenP50}
   * @param perTokenP99 99th percentile; {@code >= perTokenP90}
   * @param throttleProbability share of attempts throttled, in [0, 1)
   * @param throttleDelay how long a throttled attempt takes before the next try; not negative
   * @return the prior
   */
  public static LatencyPrior of(
      Duration ttftP50,
      Duration ttftP90,
      Duration ttftP99,
      Duration perTokenP50,
      Duration perTokenP90,
      Duration perTokenP99,
      double throttleProbability,
      Duration throttleDelay) {
    Checks.notNull(perTokenP50, "perTokenP50");
    Checks.notNull(perTokenP90, "perTokenP90");
    Checks.notNull(perTokenP99, "perTokenP99");
    Checks.notNull(throttleDelay, "throttleDelay");
    long t50 = Checks.positiveNanos(ttftP50, "ttftP50");
    long t90 = Checks.positiveNanos(ttftP90, "ttftP90");
    long t99 = Checks.positiveNanos(ttftP99, "ttftP99");
    ordered(t50, t90, t99, "ttft");
    long o50 = Checks.positiveNanos(perTokenP50, "perTokenP50");
    long o90 = Checks.positiveNanos(perTokenP90, "perTokenP90");
    long o99 = Checks.positiveNanos(perTokenP99, "perTokenP99");
    ordered(o50, o90, o99, "perToken");
    if (!(throttleProbability >= 0 && throttleProbability < 1)) {
      throw new IllegalArgumentException(
          "throttleProbability must be in [0, 1), was " + throttleProbability);
    }
    Checks.notNull(throttleDelay, "throttleDelay");
    if (throttleDelay.isNegative()) {
      throw new IllegalArgumentException(
          "throttleDelay must not be negative, was " + throttleDelay);
    }
    long delay = throttleDelay.isZero() ? 0 : Checks.positiveNanos(throttleDelay, "throttleDelay");
    return new LatencyPrior(t50, t90, t99, o50, o90, o99, throttleProbability, delay);
  }

  private static void ordered(long p50, long p90, long p99, String what) {
    if (p50 > p90 || p90 > p99) {
      throw new IllegalArgumentException(
          what
              + " percentiles must satisfy p50 <= p90 <= p99, were "
              + p50
              + ", "
              + p90
              + ", "
              + p99
              + " ns");
    }
  }

  /** Returns the assumed median time to first token. */
  public Duration ttftP50() {
    return Duration.ofNanos(ttftP50Nanos);
  }

  /** Returns the assumed 90th percentile of the time to first token. */
  public Duration ttftP90() {
    return Duration.ofNanos(ttftP90Nanos);
  }

  /** Returns the assumed 99th percentile of the time to first token. */
  public Duration ttftP99() {
    return Duration.ofNanos(ttftP99Nanos);
  }

  /** Returns the assumed median time per output token. */
  public Duration perTokenP50() {
    return Duration.ofNanos(tpotP50Nanos);
  }

  /** Returns the assumed 90th percentile of the time per output token. */
  public Duration perTokenP90() {
    return Duration.ofNanos(tpotP90Nanos);
  }

  /** Returns the assumed 99th percentile of the time per output token. */
  public Duration perTokenP99() {
    return Duration.ofNanos(tpotP99Nanos);
  }

  /** Returns the assumed share of attempts that are throttled, in [0, 1). */
  public double throttleProbability() {
    return throttleProbability;
  }

  /** Returns how long a throttled attempt is assumed to take before the next try. */
  public Duration throttleDelay() {
    return Duration.ofNanos(throttleDelayNanos);
  }

  long throttleDelayNanos() {
    return throttleDelayNanos;
  }

  Cdf ttftNanos() {
    return Cdf.fromPercentiles(ttftP50Nanos, ttftP90Nanos, ttftP99Nanos);
  }

  Cdf perTokenNanos() {
    return Cdf.fromPercentiles(tpotP50Nanos, tpotP90Nanos, tpotP99Nanos);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LatencyPrior)) {
      return false;
    }
    LatencyPrior p = (LatencyPrior) o;
    return ttftP50Nanos == p.ttftP50Nanos
        && ttftP90Nanos == p.ttftP90Nanos
        && ttftP99Nanos == p.ttftP99Nanos
        && tpotP50Nanos == p.tpotP50Nanos
        && tpotP90Nanos == p.tpotP90Nanos
        && tpotP99Nanos == p.tpotP99Nanos
        && throttleProbability == p.throttleProbability
        && throttleDelayNanos == p.throttleDelayNanos;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        ttftP50Nanos, ttftP90Nanos, ttftP99Nanos, tpotP50Nanos, throttleProbability);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "LatencyPrior{ttft p50/p90/p99 = %.0f/%.0f/%.0f ms, per token p50/p90/p99 = %.2f/%.2f/%.2f"
            + " ms, throttle %.4f, throttled attempt %.0f ms}",
        ttftP50Nanos / 1e6,
        ttftP90Nanos / 1e6,
        ttftP99Nanos / 1e6,
        tpotP50Nanos / 1e6,
        tpotP90Nanos / 1e6,
        tpotP99Nanos / 1e6,
        throttleProbability,
        throttleDelayNanos / 1e6);
  }
}
