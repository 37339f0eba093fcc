package io.tierpilot.bedrock;

import io.tierpilot.core.Decision;
import io.tierpilot.core.Tier;

/**
 * The SDK's response to a tiered call, with what the scheduler decided and what the call cost.
 * Immutable.
 *
 * <p>Times are nanoseconds on the scheduler's ticker, counted from the call's arrival (when the
 * tiered client was called), so they include throttled attempts and any wait for capacity.
 *
 * @param <R> the SDK response type: {@code ConverseResponse}, {@code InvokeModelResponse}, or for
 *     the streaming operations the initial {@code ConverseStreamResponse} / {@code
 *     InvokeModelWithResponseStreamResponse} (the events went to your handler)
 */
public final class TieredResponse<R> {
  private final R response;
  private final Decision decision;
  private final Tier requestedTier;
  private final Tier servedTier;
  private final int attempts;
  private final double costUsd;
  private final long latencyNanos;
  private final long ttftNanos;
  private final long inputTokens;
  private final long outputTokens;
  private final boolean tokensEstimated;

  TieredResponse(
      R response,
      Decision decision,
      Tier requestedTier,
      Tier servedTier,
      int attempts,
      double costUsd,
      long latencyNanos,
      long ttftNanos,
      long inputTokens,
      long outputTokens,
      boolean tokensEstimated) {
    this.response = response;
    this.decision = decision;
    this.requestedTier = requestedTier;
    this.servedTier = servedTier;
    this.attempts = attempts;
    this.costUsd = costUsd;
    this.latencyNanos = latencyNanos;
    this.ttftNanos = ttftNanos;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.tokensEstimated = tokensEstimated;
  }

  /**
   * Returns the SDK's response to the successful attempt, unchanged; for the streaming operations
   * the initial response (null only if the stream ended without one).
   */
  public R response() {
    return response;
  }

  /** Returns the scheduler's decision for the successful attempt, with its reason and estimates. */
  public Decision decision() {
    return decision;
  }

  /** Returns the tier the first attempt asked for. */
  public Tier requestedTier() {
    return requestedTier;
  }

  /** Returns the tier the successful attempt asked for. */
  public Tier finalRequestedTier() {
    return decision.tier();
  }

  /**
   * Returns the tier that served the call as the response reported it (the requested tier when the
   * response does not say); the call was billed at this tier's price.
   */
  public Tier servedTier() {
    return servedTier;
  }

  /** Returns whether the provider served the call on another tier than the one asked for. */
  public boolean servedTierMismatch() {
    return servedTier != decision.tier();
  }

  /** Returns the attempts made, {@code >= 1}: more than one after throttles or rejected tiers. */
  public int attempts() {
    return attempts;
  }

  /** Returns the cost in US dollars, at the served tier's price for the billed tokens. */
  public double costUsd() {
    return costUsd;
  }

  /** Returns the time from the call to its last token, in nanoseconds. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /**
   * Returns the time from the call to the first content of the successful attempt, in nanoseconds,
   * or -1 for the non-streaming operations (which cannot measure it).
   */
  public long ttftNanos() {
    return ttftNanos;
  }

  /** Returns the input tokens billed, {@code >= 0}. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Returns the output tokens billed, {@code >= 0}. */
  public long outputTokens() {
    return outputTokens;
  }

  /**
   * Returns whether the token counts (and so the cost) are estimates: the response reported no
   * usage that the client could read, so the text's characters / 4 were used.
   */
  public boolean tokensEstimated() {
    return tokensEstimated;
  }

  @Override
  public String toString() {
    return "TieredResponse{requested="
        + requestedTier
        + ", served="
        + servedTier
        + ", attempts="
        + attempts
        + ", latencyNanos="
        + latencyNanos
        + ", ttftNanos="
        + ttftNanos
        + ", tokens="
        + inputTokens
        + "/"
        + outputTokens
        + (tokensEstimated ? " (estimated)" : "")
        + ", costUsd="
        + costUsd
        + "}";
  }
}
