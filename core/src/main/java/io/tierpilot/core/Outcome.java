package io.tierpilot.core;

/**
 * The outcome of one attempt, as reported to a {@link SchedulerListener}. Immutable; created only
 * when a listener other than the no-op default is installed.
 */
public final class Outcome {

  /** What happened to the attempt. */
  public enum Kind {
    /** The call returned a result. */
    SUCCESS,
    /** The tier had no capacity (throttling, service unavailable, model not ready). */
    THROTTLED,
    /** The call failed for another reason. */
    FAILED,
    /** The call was abandoned at its timeout before it finished. */
    TIMED_OUT,
    /** The provider rejected the tier as unsupported for the model. */
    UNSUPPORTED
  }

  private final Decision decision;
  private final Kind kind;
  private final Tier servedTier;
  private final long latencyNanos;
  private final long ttftNanos;
  private final long inputTokens;
  private final long outputTokens;
  private final double costUsd;

  Outcome(
      Decision decision,
      Kind kind,
      Tier servedTier,
      long latencyNanos,
      long ttftNanos,
      long inputTokens,
      long outputTokens,
      double costUsd) {
    this.decision = decision;
    this.kind = kind;
    this.servedTier = servedTier;
    this.latencyNanos = latencyNanos;
    this.ttftNanos = ttftNanos;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.costUsd = costUsd;
  }

  /** Returns the decision the attempt followed. */
  public Decision decision() {
    return decision;
  }

  /** Returns what happened. */
  public Kind kind() {
    return kind;
  }

  /** Returns the tier that was asked for. */
  public Tier requestedTier() {
    return decision.tier();
  }

  /** Returns the tier that served the call (SUCCESS only), else the requested tier. */
  public Tier servedTier() {
    return servedTier;
  }

  /** Returns whether the provider served the call on another tier than the one asked for. */
  public boolean servedTierMismatch() {
    return kind == Kind.SUCCESS && servedTier != decision.tier();
  }

  /** Returns how long the attempt took in nanoseconds, {@code >= 0}. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** Returns the time to first token in nanoseconds, or -1 if not measured. */
  public long ttftNanos() {
    return ttftNanos;
  }

  /** Returns the input tokens billed (SUCCESS only, else 0). */
  public long inputTokens() {
    return inputTokens;
  }

  /** Returns the output tokens billed (SUCCESS only, else 0). */
  public long outputTokens() {
    return outputTokens;
  }

  /** Returns the cost charged in US dollars, at the served tier's price; 0 unless SUCCESS. */
  public double costUsd() {
    return costUsd;
  }

  @Override
  public String toString() {
    return "Outcome{"
        + kind
        + ", requested="
        + decision.tier()
        + ", served="
        + servedTier
        + ", latencyNanos="
        + latencyNanos
        + ", ttftNanos="
        + ttftNanos
        + ", tokens="
        + inputTokens
        + "/"
        + outputTokens
        + ", costUsd="
        + costUsd
        + "}";
  }
}
