package io.tierpilot.core;

/**
 * The predicted output length of one (model, SLO class), built at the end of a slice from the
 * window's observed lengths blended with the prior. Immutable.
 *
 * <p>It is represented by ten strata of the distribution (one point and weight each), denser in the
 * upper tail where long outputs decide whether a deadline is met.
 */
final class OutputEstimate {
  static final double[] EDGES = {0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.96, 0.99, 1};
  static final int STRATA = EDGES.length - 1;

  final Cdf tokens;
  final double[] points = new double[STRATA];
  final double[] weights = new double[STRATA];
  final double mean;
  final long samples;

  OutputEstimate(Cdf tokens, long samples) {
    this.tokens = tokens;
    this.samples = samples;
    tokens.stratify(EDGES, points, weights);
    this.mean = tokens.mean();
  }

  /** Returns the largest stratum point: a request whose maxTokens is at least this is uncapped. */
  double largestPoint() {
    return points[STRATA - 1];
  }

  /** Returns the expected output length when capped at {@code maxTokens}. */
  double meanCapped(long maxTokens) {
    if (maxTokens >= largestPoint()) {
      return mean;
    }
    double m = 0;
    for (int j = 0; j < STRATA; j++) {
      m += weights[j] * Math.min(points[j], maxTokens);
    }
    return m;
  }
}
