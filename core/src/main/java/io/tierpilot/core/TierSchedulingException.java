package io.tierpilot.core;

/**
 * Why a submitted request did not produce a result. The future returned by {@link
 * TierScheduler#submit} completes exceptionally with this exception (or its subclass {@link
 * DeadlineExceededException}); a call's own error is its {@linkplain #getCause() cause}.
 */
public class TierSchedulingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reason a request did not produce a result. */
  public enum Reason {
    /** The deadline passed before a call could finish. */
    DEADLINE_EXCEEDED,
    /** The budget's hard cap is reached and the request's class rejects. */
    BUDGET_CAP_REJECTED,
    /**
     * Budget pacing refused the request: spend runs ahead of the budget with every class that gives
     * way already on its cheapest tier ({@link ReasonCode#BUDGET_SHED}).
     */
    BUDGET_SHED,
    /** The model supports none of the tiers the scheduler may choose. */
    NO_SUPPORTED_TIER,
    /** Every allowed attempt was throttled or rejected; the cause is the last error. */
    ATTEMPTS_EXHAUSTED,
    /** Too many requests are waiting for capacity. */
    QUEUE_FULL,
    /** The scheduler was shut down. */
    SHUT_DOWN,
    /** The call failed; the cause is its error. */
    CALL_FAILED
  }

  private final Reason reason;
  private final transient TierRequest request;

  TierSchedulingException(Reason reason, TierRequest request, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.request = request;
  }

  /** Returns the reason. */
  public Reason reason() {
    return reason;
  }

  /** Returns the request that failed; null after deserialization. */
  public TierRequest request() {
    return request;
  }
}
