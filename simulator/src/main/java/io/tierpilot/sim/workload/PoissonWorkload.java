package io.tierpilot.sim.workload;

import java.util.SplittableRandom;

/**
 * Generates a Poisson arrival process: exactly {@code requests} requests with exponential
 * inter-arrival times of mean {@code 1 / rate}, the first at time 0, and token counts drawn
 * independently from the input and output distributions. Arrivals, input and output lengths use
 * three independent streams split from one {@link SplittableRandom} seeded with the options' seed,
 * so a seed always gives the same sequence. Single-threaded.
 */
final class PoissonWorkload implements Workload {
  /** The default input length: median 1,000 tokens, 99th percentile 8,000. */
  static final String DEFAULT_INPUT = "lognormal:1000:8000";

  /** The default output length: median 200 tokens, 99th percentile 1,500. */
  static final String DEFAULT_OUTPUT = "lognormal:200:1500";

  private static final double NANOS_PER_SECOND = 1e9;

  private final String description;
  private final long requests;
  private final double meanGapNanos;
  private final TokenDistribution input;
  private final TokenDistribution output;
  private final String model;
  private final SplittableRandom arrivals;
  private final SplittableRandom inputs;
  private final SplittableRandom outputs;

  private long produced;
  private long timeNanos;

  /**
   * Creates the generator.
   *
   * @param description the description for reports
   * @param ratePerSecond mean arrivals per second, {@code > 0}
   * @param requests how many requests, {@code >= 0}
   * @param input input length distribution
   * @param output output length distribution
   * @param model the requests' model, or null for the simulation's default
   * @param seed the seed
   */
  PoissonWorkload(
      String description,
      double ratePerSecond,
      long requests,
      TokenDistribution input,
      TokenDistribution output,
      String model,
      long seed) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond) || requests < 0) {
      throw new IllegalArgumentException(
          "invalid Poisson workload: rate=" + ratePerSecond + ", requests=" + requests);
    }
    this.description = description;
    this.requests = requests;
    this.meanGapNanos = NANOS_PER_SECOND / ratePerSecond;
    this.input = input;
    this.output = output;
    this.model = model;
    SplittableRandom root = new SplittableRandom(seed);
    this.arrivals = root.split();
    this.inputs = root.split();
    this.outputs = root.split();
  }

  @Override
  public TraceRequest next() {
    if (produced == requests) {
      return null;
    }
    if (produced > 0) {
      long gap = Math.round(RandomVariates.exponential(arrivals, meanGapNanos));
      timeNanos = gap > Long.MAX_VALUE - timeNanos ? Long.MAX_VALUE : timeNanos + gap;
    }
    produced++;
    return new TraceRequest(
        timeNanos, model, input.sample(inputs), output.sample(outputs), null, -1, "", null, -1);
  }

  @Override
  public long skipped() {
    return 0;
  }

  @Override
  public long failedCalls() {
    return 0;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {}
}
