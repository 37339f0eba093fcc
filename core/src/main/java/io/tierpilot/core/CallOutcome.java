package io.tierpilot.core;

/**
 * What a {@link TierExecutor}'s call produced: a result with the served tier and token usage, or
 * one of the failures the scheduler treats differently. Immutable.
 *
 * @param <R> the call's result type
 */
public final class CallOutcome<R> {
  private final Outcome.Kind kind;
  private final R value;
  private final Tier servedTier;
  private final long inputTokens;
  private final long outputTokens;
  private final long ttftNanos;
  private final Throwable cause;

  private CallOutcome(
      Outcome.Kind kind,
      R value,
      Tier servedTier,
      long inputTokens,
      long outputTokens,
      long ttftNanos,
      Throwable cause) {
    this.kind = kind;
    this.value = value;
    this.servedTier = servedTier;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.ttftNanos = ttftNanos;
    this.cause = cause;
  }

  /**
   * A successful call whose time to first token was not measured (non-streaming).
   *
   * @param value the result; may be null
   * @param servedTier the tier that served the call, as the response says; not null
   * @param inputTokens input tokens billed, {@code >= 0}
   * @param outputTokens output tokens billed, {@code >= 0}
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> success(
      R value, Tier servedTier, long inputTokens, long outputTokens) {
    return success(value, servedTier, inputTokens, outputTokens, -1);
  }

  /**
   * A successful call.
   *
   * @param value the result; may be null
   * @param servedTier the tier that served the call, as the response says; not null
   * @param inputTokens input tokens billed, {@code >= 0}
   * @param outputTokens output tokens billed, {@code >= 0}
   * @param ttftNanos measured time to first token, or -1 if not measured; the dispatcher caps it at
   *     the call's duration as it timed the call (an executor timing on another clock, or replaying
   *     a cached response, may report more)
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> success(
      R value, Tier servedTier, long inputTokens, long outputTokens, long ttftNanos) {
    Checks.notNull(servedTier, "servedTier");
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    if (ttftNanos < -1) {
      throw new IllegalArgumentException("ttftNanos must be -1 or >= 0, was " + ttftNanos);
    }
    return new CallOutcome<>(
        Outcome.Kind.SUCCESS, value, servedTier, inputTokens, outputTokens, ttftNanos, null);
  }

  /**
   * The tier had no capacity (throttling, service unavailable, model not ready): the scheduler
   * decides again with the remaining deadline.
   *
   * @param cause the provider's error; may be null
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> throttled(Throwable cause) {
    return new CallOutcome<>(Outcome.Kind.THROTTLED, null, null, 0, 0, -1, cause);
  }

  /**
   * The provider rejected the tier as unsupported for the model: the tier is not chosen again for
   * it and the scheduler decides again.
   *
   * @param cause the provider's error; may be null
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> unsupported(Throwable cause) {
    return new CallOutcome<>(Outcome.Kind.UNSUPPORTED, null, null, 0, 0, -1, cause);
  }

  /**
   * The call was abandoned at its timeout: the request fails with a deadline-exceeded error.
   *
   * @param cause the timeout error; may be null
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> timedOut(Throwable cause) {
    return new CallOutcome<>(Outcome.Kind.TIMED_OUT, null, null, 0, 0, -1, cause);
  }

  /**
   * The call failed for another reason: the request fails at once with this cause.
   *
   * @param cause the error; not null
   * @param <R> the result type
   * @return the outcome
   */
  public static <R> CallOutcome<R> failed(Throwable cause) {
    return new CallOutcome<>(
        Outcome.Kind.FAILED, null, null, 0, 0, -1, Checks.notNull(cause, "cause"));
  }

  /** Returns what happened. */
  public Outcome.Kind kind() {
    return kind;
  }

  /** Returns the result (SUCCESS only; else null). */
  public R value() {
    return value;
  }

  /** Returns the tier that served the call (SUCCESS only; else null). */
  public Tier servedTier() {
    return servedTier;
  }

  /** Returns the input tokens billed (SUCCESS only). */
  public long inputTokens() {
    return inputTokens;
  }

  /** Returns the output tokens billed (SUCCESS only). */
  public long outputTokens() {
    return outputTokens;
  }

  /** Returns the measured time to first token in nanoseconds, or -1. */
  public long ttftNanos() {
    return ttftNanos;
  }

  /** Returns the error behind a failure, or null. */
  public Throwable cause() {
    return cause;
  }

  @Override
  public String toString() {
    return kind == Outcome.Kind.SUCCESS
        ? "CallOutcome{SUCCESS on "
            + servedTier
            + ", tokens="
            + inputTokens
            + "/"
            + outputTokens
            + "}"
        : "CallOutcome{" + kind + (cause == null ? "" : ": " + cause) + "}";
  }
}
