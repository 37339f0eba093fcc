package io.tierpilot.sim.engine;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.Decision;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierRequest;
import io.tierpilot.sim.workload.TraceRequest;

/**
 * One request of the workload on its way through one policy's simulation: what it is, and the state
 * of its attempts. Fields are read by policies; only the simulation writes them, except the
 * policy-owned ones marked so. Single-threaded.
 */
public final class SimRequest {
  /** Position in the workload, from 0: the key of its reproducible random draws. */
  public final long index;

  /** The request as the trace recorded it. */
  public final TraceRequest trace;

  /** The model id. */
  public final String model;

  /** Index of its SLO class in the scenario. */
  public final int classIndex;

  /** Its SLO class name. */
  public final String sloClass;

  /** Arrival on virtual time, nanoseconds. */
  public final long arrivalNanos;

  /** Absolute deadline on virtual time, nanoseconds. */
  public final long deadlineNanos;

  /** Input tokens. */
  public final int inputTokens;

  /**
   * Realized output tokens (capped at the scenario's maxTokens). Package-private: the provider
   * model reads it; policies, in another package, cannot (the oracle learns what it needs through
   * {@link Clairvoyance}).
   */
  final int outputTokens;

  /** Attempts made so far. */
  int attempts;

  /** The tier of the current or last attempt. */
  Tier tier;

  /** When the current attempt started. */
  long attemptStartNanos;

  /** Whether the request has ended (completed, failed or expired). */
  boolean done;

  /** Calls of the request accepted by the provider and not yet finished (primary and hedge). */
  int calls;

  /** The current attempt's call, once accepted. */
  Job primary;

  /** Whether the request has sent a hedge. */
  boolean hedged;

  /** Whether the primary was throttled while a hedge was in flight: retry if the hedge fails. */
  boolean retryPending;

  /** Policy-owned: the core request (adaptive). */
  public TierRequest coreRequest;

  /** Policy-owned: the core attempt history (adaptive). */
  public Attempts coreAttempts = Attempts.none();

  /** Policy-owned: the decision of the current attempt (adaptive). */
  public Decision decision;

  /** Policy-owned: the decision of the hedge, if one was sent (adaptive). */
  public Decision hedgeDecision;

  /** Policy-owned: the probability the first decision gave its tier, or NaN. */
  public double firstPrediction = Double.NaN;

  /**
   * Policy-owned: set with the tier returned by {@code choose} when the policy wants to wait this
   * many nanoseconds and then choose again; the simulation clears it.
   */
  public long deferNanos;

  /** Policy-owned: set when the policy makes no call because the deadline has passed. */
  public boolean expired;

  /** Policy-owned: set when the policy makes no call because budget pacing refused the request. */
  public boolean refused;

  SimRequest(
      long index,
      TraceRequest trace,
      String model,
      int classIndex,
      String sloClass,
      long arrivalNanos,
      long deadlineNanos,
      int outputTokens) {
    this.index = index;
    this.trace = trace;
    this.model = model;
    this.classIndex = classIndex;
    this.sloClass = sloClass;
    this.arrivalNanos = arrivalNanos;
    this.deadlineNanos = deadlineNanos;
    this.inputTokens = trace.inputTokens;
    this.outputTokens = outputTokens;
  }

  /** Returns the attempts made so far. */
  public int attempts() {
    return attempts;
  }

  /** Returns the tier of the current or last attempt, or null before the first. */
  public Tier tier() {
    return tier;
  }
}
