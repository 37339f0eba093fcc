package io.tierpilot.core;

import java.util.concurrent.CompletionStage;

/**
 * Performs one call on the tier the scheduler chose; the one thing a service supplies to {@link
 * TierScheduler#submit}. The Bedrock adapter provides one per Bedrock operation.
 *
 * <p>Called on the thread that submitted the request or on the thread that completed an earlier
 * call (whichever frees capacity), so it must not block: start the call and return a stage that
 * completes when the call ends. The stage must complete in every case (with a {@link CallOutcome},
 * or exceptionally, which counts as {@link CallOutcome#failed}); honour {@link
 * Attempt#timeoutNanos()} so that it does, or the request never completes.
 *
 * @param <R> the call's result type
 */
@FunctionalInterface
public interface TierExecutor<R> {

  /**
   * Starts one call.
   *
   * @param attempt the request, the chosen tier and the time left; never null
   * @return a stage completed with the call's outcome; never null
   */
  CompletionStage<CallOutcome<R>> execute(Attempt attempt);
}
