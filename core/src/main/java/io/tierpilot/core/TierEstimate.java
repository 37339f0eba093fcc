package io.tierpilot.core;

/**
 * What the engine believes about one (model, tier) during one slice: the time-to-first-token
 * distribution, the time per output token, the throttle and error probabilities and the time a
 * throttled attempt takes. Built at the end of each slice; immutable except for the lazily built
 * per-class latency tables.
 *
 * <h2>Latency model</h2>
 *
 * A call that is not throttled takes {@code L = TTFT + O · τ}, with {@code TTFT} the time to first
 * token (queueing and prefill), {@code O} the output length and {@code τ} the time per output
 * token, taken as independent. Its distribution function is
 *
 * <pre>
 *   F(d) = P(L ≤ d) = Σ_j Σ_k  w_j · v_k · F_TTFT(d − o_j · τ_k)
 * </pre>
 *
 * over the strata {@code (o_j, w_j)} of the output length ({@link OutputEstimate}) and {@code (τ_k,
 * v_k)} of the time per token. For a request whose {@code maxTokens} caps the output length below
 * the largest stratum, {@code o_j} is replaced by {@code min(o_j, maxTokens)}; for a request with
 * an output-length hint {@code h}, the sum over {@code j} is the single point {@code h}.
 *
 * <p>Evaluating the double sum costs {@code J × K} lookups, so the engine precomputes {@code F} per
 * SLO class on a log-spaced grid of {@value #GRID_POINTS} deadlines the first time the class asks
 * in a slice ({@link #table}), with its partial sums over the strata: an uncapped request then
 * costs one lookup per tier and option, a capped one {@code 1 + K} (the strata below the cap from
 * the partial sums, the capped ones at the cap), a hinted one {@code K}.
 */
final class TierEstimate {
  static final double[] PER_TOKEN_EDGES = {0, 0.2, 0.4, 0.6, 0.8, 0.95, 1};
  static final int PER_TOKEN_STRATA = PER_TOKEN_EDGES.length - 1;
  static final int GRID_POINTS = 48;

  final Cdf ttftNanos;
  final double ttftMedianNanos;
  final double ttftMeanNanos;
  final Cdf perTokenNanos;
  final double[] perTokenPoints = new double[PER_TOKEN_STRATA];
  final double[] perTokenWeights = new double[PER_TOKEN_STRATA];
  final double throttleProbability;
  final double errorProbability;
  final double throttleDelayNanos;
  final long samples;
  final long attempts;
  private final OutputEstimate[] outputs;
  private final Table[] tables;

  TierEstimate(
      Cdf ttftNanos,
      Cdf perTokenNanos,
      double throttleProbability,
      double errorProbability,
      double throttleDelayNanos,
      long samples,
      long attempts,
      OutputEstimate[] outputs) {
    this.ttftNanos = ttftNanos;
    this.ttftMedianNanos = ttftNanos.quantile(0.5);
    this.ttftMeanNanos = ttftNanos.mean();
    this.perTokenNanos = perTokenNanos;
    perTokenNanos.stratify(PER_TOKEN_EDGES, perTokenPoints, perTokenWeights);
    this.throttleProbability = throttleProbability;
    this.errorProbability = errorProbability;
    this.throttleDelayNanos = throttleDelayNanos;
    this.samples = samples;
    this.attempts = attempts;
    this.outputs = outputs;
    this.tables = new Table[outputs.length];
  }

  /** Returns the median time per output token in nanoseconds. */
  double medianPerTokenNanos() {
    return perTokenNanos.quantile(0.5);
  }

  /** Returns the output estimate of a class as of this slice. */
  OutputEstimate output(int classIndex) {
    return outputs[classIndex];
  }

  /**
   * Returns P(L ≤ d) for an uncapped request of the class without a hint, from the precomputed
   * table; builds the table on first use in this slice.
   */
  double table(int classIndex, double deadlineNanos) {
    Table t = table(classIndex);
    return Cdf.interpolate(t.xs, t.ps, deadlineNanos);
  }

  private Table table(int classIndex) {
    Table t = tables[classIndex];
    if (t == null) {
      t = buildTable(classIndex);
      // Benign race: two threads may both build the table of a class in the same slice; they
      // compute identical tables and either may win. Table's final fields publish its arrays.
      tables[classIndex] = t;
    }
    return t;
  }

  /**
   * A precomputed latency distribution function, and its partial sums over the output strata
   * ({@code below[m][i]}: the strata {@code 0..m} alone at {@code xs[i]}), which serve the requests
   * whose {@code maxTokens} caps the longer strata; final fields make it safe to publish racily.
   */
  private static final class Table {
    final double[] xs;
    final double[] ps;
    final double[][] below;

    Table(double[] xs, double[] ps, double[][] below) {
      this.xs = xs;
      this.ps = ps;
      this.below = below;
    }
  }

  private Table buildTable(int classIndex) {
    OutputEstimate out = outputs[classIndex];
    double lo = ttftNanos.min() + out.points[0] * perTokenPoints[0];
    double hi =
        ttftNanos.max()
            + out.points[OutputEstimate.STRATA - 1] * perTokenPoints[PER_TOKEN_STRATA - 1];
    lo = Math.max(lo, 1e5);
    hi = Math.max(hi, lo * 1.01);
    double[] xs = new double[GRID_POINTS];
    double[] ps = new double[GRID_POINTS];
    double[][] below = new double[OutputEstimate.STRATA][GRID_POINTS];
    double ratio = StrictMath.pow(hi / lo, 1.0 / (GRID_POINTS - 1));
    double x = lo;
    // each (output stratum, per-token stratum) pair looks the TTFT up at ascending arguments along
    // the grid: one cursor per pair walks forward instead of searching
    int[] cursors = new int[OutputEstimate.STRATA * PER_TOKEN_STRATA];
    for (int i = 0; i < GRID_POINTS; i++) {
      xs[i] = x;
      double p = 0;
      for (int j = 0; j < OutputEstimate.STRATA; j++) {
        double o = out.points[j];
        double g = 0;
        for (int k = 0; k < PER_TOKEN_STRATA; k++) {
          g +=
              perTokenWeights[k]
                  * ttftNanos.atAscending(
                      x - o * perTokenPoints[k], cursors, j * PER_TOKEN_STRATA + k);
        }
        p += out.weights[j] * g;
        below[j][i] = p;
      }
      ps[i] = Math.min(1, p);
      x *= ratio;
    }
    xs[GRID_POINTS - 1] = hi;
    // the ends as the model has them (nothing below the grid, every stratum done at its top), and
    // monotone in between against rounding
    double weight = 0;
    for (int j = 0; j < OutputEstimate.STRATA; j++) {
      weight += out.weights[j];
      double[] b = below[j];
      b[0] = 0;
      b[GRID_POINTS - 1] = Math.min(1, weight);
      for (int i = 1; i < GRID_POINTS; i++) {
        b[i] = Math.max(b[i], b[i - 1]);
      }
    }
    ps[0] = 0;
    ps[GRID_POINTS - 1] = 1;
    for (int i = 1; i < GRID_POINTS; i++) {
      ps[i] = Math.max(ps[i], ps[i - 1]);
    }
    return new Table(xs, ps, below);
  }

  /** Returns P(TTFT + o · τ ≤ d) for a known output length {@code o}. */
  double givenOutput(double outputTokens, double deadlineNanos) {
    double p = 0;
    for (int k = 0; k < PER_TOKEN_STRATA; k++) {
      p += perTokenWeights[k] * ttftNanos.at(deadlineNanos - outputTokens * perTokenPoints[k]);
    }
    return p;
  }

  /**
   * Returns P(L ≤ d) for a request of the class: from the table when uncapped and unhinted; for a
   * request whose {@code maxTokens} caps the longer strata, the table's partial sum over the strata
   * below the cap plus the capped strata's weight at the cap itself ({@code K} lookups instead of
   * {@code J × K}); with a hint, at the hinted length.
   *
   * @param maxTokens the request's cap on output tokens, {@code > 0}
   * @param hint the request's output-length hint, or -1
   */
  double latencyCdf(int classIndex, long maxTokens, long hint, double deadlineNanos) {
    if (hint >= 0) {
      return givenOutput(Math.min(hint, maxTokens), deadlineNanos);
    }
    OutputEstimate out = outputs[classIndex];
    if (maxTokens >= out.largestPoint()) {
      return table(classIndex, deadlineNanos);
    }
    int m = 0; // strata wholly below the cap (points ascend)
    double capped = 0;
    for (int j = 0; j < OutputEstimate.STRATA; j++) {
      if (out.points[j] < maxTokens) {
        m = j + 1;
      } else {
        capped += out.weights[j];
      }
    }
    double p = capped * givenOutput(maxTokens, deadlineNanos);
    if (m > 0) {
      Table t = table(classIndex);
      double[] b = t.below[m - 1];
      p += Cdf.interpolate(t.xs, b, deadlineNanos, b[GRID_POINTS - 1]);
    }
    return Math.min(1, p);
  }
}
