package io.tierpilot.core;

/**
 * The output-length predictor of one (model, SLO class): the realized output lengths of the class's
 * finished calls over the sliding window, blended with a prior, published as an {@link
 * OutputEstimate} at the end of each slice. The scheduler never sees a request's own output length
 * before the call ends; it learns only from finished calls.
 *
 * <p>The prior of a class is the model's pooled predictor (all classes together), whose own prior
 * is the configured output-length prior: a class without history borrows the model's.
 *
 * <p>Threads: {@link #record} from any thread; {@link #endSlice} from the maintenance thread.
 */
final class OutputState {
  /** Largest output length kept, in tokens. */
  static final long HIGHEST_TOKENS = 10_000_000L;

  private final double priorWeight;
  private final WindowedHistogram tokens;
  private Cdf lastObserved;
  private long lastCount;
  volatile OutputEstimate estimate;

  OutputState(Cdf prior, double priorWeight, int slices) {
    this.priorWeight = priorWeight;
    this.tokens = new WindowedHistogram(HIGHEST_TOKENS, slices);
    this.estimate = new OutputEstimate(prior, 0);
  }

  void record(long outputTokens) {
    tokens.record(outputTokens);
  }

  /** Ends a slice; {@code prior} is blended in with the prior weight. Maintenance thread only. */
  OutputEstimate endSlice(boolean empty, Cdf prior) {
    if (empty) {
      tokens.endEmptySlice();
    } else {
      tokens.endSlice();
    }
    long n = tokens.count();
    if (n > 0) {
      lastObserved = tokens.cdf(1.0);
      lastCount = n;
    }
    estimate = new OutputEstimate(Cdf.mix(lastObserved, lastCount, prior, priorWeight), n);
    return estimate;
  }
}
