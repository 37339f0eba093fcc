package io.tierpilot.sim.workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates requests from a ServeGen client's data ({@link ServeGenData}): window by window, it
 * draws inter-arrival times from the window's fitted distribution, Gamma(shape = arg1, scale =
 * arg2) or Weibull(c = arg1, scale = arg2), rescaled so that their mean is {@code 1 / (rate ×
 * rate-scale)}; the Gamma mean is {@code arg1 × arg2}, the Weibull mean {@code arg2 × Γ(1 + 1 /
 * arg1)}. The arrivals of a window start from its beginning and stop at its end; idle windows
 * produce none. Each request's input and output lengths are drawn from the PMFs of the 6-hour
 * dataset window covering its arrival.
 *
 * <p>Bounds: arrivals before {@code start} are dropped and {@code start} becomes time 0; generation
 * stops at {@code start + duration} (default: the end of the last window) or after {@code requests}
 * requests, whichever comes first.
 *
 * <p>Determinism: each window draws from its own {@link SplittableRandom}, seeded from the options'
 * seed and the window's start, so a window yields the same arrivals whatever {@code start} and the
 * bounds are. Single-threaded.
 */
final class ServeGenWorkload implements Workload {
  private static final double NANOS_PER_SECOND = 1e9;

  private final String description;
  private final ServeGenData data;
  private final List<ServeGenData.Window> windows;
  private final long startNanos;
  private final long endNanos;
  private final long maxRequests;
  private final double rateScale;
  private final String model;
  private final long seed;

  private int windowIndex = -1;
  private ServeGenData.Window window;
  private SplittableRandom random;
  private double gapScaleSeconds;
  private double offsetSeconds;
  private long produced;
  private boolean finished;

  /**
   * Creates the generator.
   *
   * @param description the description for reports
   * @param data the client's data
   * @param startNanos the offset into the data that becomes time 0, {@code >= 0} and before the end
   *     of the last window
   * @param durationNanos how much time to generate from {@code start}, or -1 for all the rest
   * @param maxRequests the most requests to generate, or -1 for no limit
   * @param rateScale the factor applied to every window's rate, {@code > 0}
   * @param model the requests' model, or null for the simulation's default
   * @param seed the seed
   * @throws IllegalArgumentException if a parameter is out of range; the message says which
   */
  ServeGenWorkload(
      String description,
      ServeGenData data,
      long startNanos,
      long durationNanos,
      long maxRequests,
      double rateScale,
      String model,
      long seed) {
    if (startNanos < 0 || startNanos >= data.endNanos()) {
      throw new IllegalArgumentException(
          description
              + ": start "
              + Fields.seconds(startNanos)
              + " is not within the trace, which ends at "
              + Fields.seconds(data.endNanos()));
    }
    if (durationNanos < -1 || durationNanos == 0 || maxRequests < -1 || !(rateScale > 0)) {
      throw new IllegalArgumentException(
          description
              + ": invalid bounds: durationNanos="
              + durationNanos
              + ", requests="
              + maxRequests
              + ", rate-scale="
              + rateScale);
    }
    this.description = description;
    this.data = data;
    this.windows = data.windows();
    this.startNanos = startNanos;
    this.endNanos =
        durationNanos < 0 || durationNanos > data.endNanos() - startNanos
            ? data.endNanos()
            : startNanos + durationNanos;
    this.maxRequests = maxRequests;
    this.rateScale = rateScale;
    this.model = model;
    this.seed = seed;
  }

  @Override
  public TraceRequest next() {
    while (!finished) {
      if (produced == maxRequests) {
        finished = true;
        break;
      }
      if (window == null && !nextActiveWindow()) {
        finished = true;
        break;
      }
      offsetSeconds += gapSeconds();
      long offsetNanos = Math.round(offsetSeconds * NANOS_PER_SECOND);
      if (offsetNanos >= window.lengthNanos) {
        window = null;
        continue;
      }
      long timeNanos = window.startNanos + offsetNanos;
      if (timeNanos >= endNanos) {
        finished = true;
        break;
      }
      // lengths are drawn for dropped arrivals too, so that the draws do not depend on start
      ServeGenData.Lengths lengths = data.lengthsAt(timeNanos);
      int input = lengths.input.sample(random);
      int output = lengths.output.sample(random);
      if (timeNanos < startNanos) {
        continue;
      }
      produced++;
      return new TraceRequest(timeNanos - startNanos, model, input, output, null, -1, "", null, -1);
    }
    return null;
  }

  /** Moves to the next window that is not idle and overlaps [start, end); false if none is left. */
  private boolean nextActiveWindow() {
    while (++windowIndex < windows.size()) {
      ServeGenData.Window w = windows.get(windowIndex);
      if (w.startNanos >= endNanos) {
        return false;
      }
      if (w.startNanos + w.lengthNanos <= startNanos || w.pattern == ServeGenData.Pattern.IDLE) {
        continue;
      }
      window = w;
      random = new SplittableRandom(RandomVariates.mix(seed, w.startNanos));
      double meanGapSeconds = 1 / (w.ratePerSecond * rateScale);
      double distributionMean =
          w.pattern == ServeGenData.Pattern.GAMMA
              ? w.arg1 * w.arg2
              : RandomVariates.weibullMean(w.arg1, w.arg2);
      gapScaleSeconds = meanGapSeconds / distributionMean;
      offsetSeconds = 0;
      return true;
    }
    return false;
  }

  private double gapSeconds() {
    double x =
        window.pattern == ServeGenData.Pattern.GAMMA
            ? RandomVariates.gamma(random, window.arg1, window.arg2)
            : RandomVariates.weibull(random, window.arg1, window.arg2);
    return x * gapScaleSeconds;
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
