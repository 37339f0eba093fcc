package io.tierpilot.core;

/**
 * The request's deadline passed before a call could finish: it had passed when the scheduler was
 * asked, or while the request waited for capacity, or during a call that was abandoned at its
 * timeout.
 */
public final class DeadlineExceededException extends TierSchedulingException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException(TierRequest request, String message, Throwable cause) {
    super(Reason.DEADLINE_EXCEEDED, request, message, cause);
  }
}
