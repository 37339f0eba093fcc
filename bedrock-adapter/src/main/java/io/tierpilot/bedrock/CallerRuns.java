package io.tierpilot.bedrock;

import io.tierpilot.core.TierScheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs every attempt of one synchronous call on the calling thread, while the scheduler's dispatch
 * ({@link TierScheduler#submit}) decides, queues, re-decides and completes it.
 *
 * <p>{@code submit} starts an attempt on whichever thread frees capacity. An attempt started on the
 * caller's own thread (the common case: inside {@code submit}, or after a throttle while that
 * thread drains) runs there at once and blocks only the caller, who waits for it anyway. An attempt
 * started on another thread is handed to the caller through a mailbox and that thread returns at
 * once, so no thread ever blocks on another caller's call. The caller waits on the mailbox until
 * the request completes.
 *
 * <p>If the caller is interrupted, while waiting or during a call on its thread (the SDK then
 * aborts the call), it gives up: the request's future is cancelled first, so that the scheduler
 * counts the request as cancelled and blames no tier; attempts already handed over, and any started
 * later, complete at once with the {@code abandoned} outcome (no call is made, the scheduler's
 * permits are returned); and the caller gets a {@link CancellationException} with its interrupt
 * flag set. An attempt interrupted on the caller's thread must leave the flag set (the SDK clears
 * it when it aborts: the attempt sets it again). A call that was served all the same (the interrupt
 * came after the response) is reported and returned as usual: Bedrock billed it.
 *
 * <p>Stages are always completed outside this object's lock: completing one runs the dispatcher's
 * continuation on the completing thread.
 *
 * @param <O> the attempt's outcome type
 */
final class CallerRuns<O> {
  private static final long GRACE_NANOS = 1_000_000_000L;

  private final Thread owner = Thread.currentThread();
  // whether an outcome is a served call, which is delivered even to a caller interrupted meanwhile
  private final Predicate<O> served;
  private final ArrayDeque<Handover<O>> mailbox = new ArrayDeque<>(); // guarded by this
  // attempts interrupted on the caller's thread, whose outcome waits for the request's cancel
  private final List<Handover<O>> interrupted = new ArrayList<>(); // guarded by this
  private boolean abandoned; // guarded by this

  /**
   * @param served whether an attempt's outcome is a served call: Bedrock billed it, so it is
   *     reported and returned even if the caller was interrupted meanwhile
   */
  CallerRuns(Predicate<O> served) {
    this.served = served;
  }

  /** One attempt waiting for the caller's thread. */
  private static final class Handover<O> {
    final Supplier<O> attempt;
    final Supplier<O> abandoned;
    final CompletableFuture<O> stage = new CompletableFuture<>();

    Handover(Supplier<O> attempt, Supplier<O> abandoned) {
      this.attempt = attempt;
      this.abandoned = abandoned;
    }
  }

  /**
   * Runs or hands over one attempt. Called by the scheduler's dispatch, on any thread.
   *
   * @param attempt the blocking attempt; must not throw
   * @param abandoned the outcome if the caller gave up; must not throw
   * @return a stage completed with the attempt's outcome
   */
  CompletionStage<O> run(Supplier<O> attempt, Supplier<O> abandoned) {
    boolean gaveUp;
    Handover<O> h = null;
    synchronized (this) {
      gaveUp = this.abandoned;
      if (!gaveUp && Thread.currentThread() != owner) {
        h = new Handover<>(attempt, abandoned);
        mailbox.add(h);
        notifyAll();
      }
    }
    if (gaveUp) {
      return CompletableFuture.completedFuture(abandoned.get());
    }
    if (h == null) {
      O outcome = attempt.get();
      if (heldBack(outcome)) {
        Handover<O> held = new Handover<>(attempt, abandoned);
        hold(held);
        return held.stage;
      }
      return CompletableFuture.completedFuture(outcome);
    }
    return h.stage;
  }

  /**
   * Waits on the caller's thread until {@code result} completes, running the attempts handed over.
   *
   * @param result the request's future
   * @param scheduler asked to fail overdue waiting requests if nothing happens until past the
   *     deadline
   * @param deadlineNanos the request's deadline on the scheduler's ticker
   * @param <T> the result type
   * @return the result
   * @throws RuntimeException the request's failure, unwrapped from the future
   * @throws CancellationException if the caller was interrupted
   */
  <T> T await(CompletableFuture<T> result, TierScheduler scheduler, long deadlineNanos) {
    result.whenComplete(
        (v, e) -> {
          synchronized (this) {
            notifyAll();
          }
        });
    while (true) {
      Handover<O> next;
      boolean gaveUp = false;
      synchronized (this) {
        gaveUp = abandoned;
        while (mailbox.isEmpty() && !result.isDone() && !gaveUp) {
          long left = deadlineNanos - scheduler.ticker().read() + GRACE_NANOS;
          if (left <= 0) {
            // nothing freed capacity until well past the deadline: fail the waiting request
            scheduler.expireOverdue();
            if (result.isDone()) {
              break;
            }
            left = GRACE_NANOS;
          }
          try {
            wait(Math.max(1, Math.min(left / 1_000_000, 60_000)));
          } catch (InterruptedException e) {
            abandoned = true;
            gaveUp = true;
          }
        }
        next = gaveUp ? null : mailbox.poll();
      }
      if (gaveUp) {
        throw giveUp(result);
      }
      if (next != null) {
        O outcome = next.attempt.get();
        if (heldBack(outcome)) {
          hold(next);
          throw giveUp(result);
        }
        next.stage.complete(outcome);
        continue;
      }
      return join(result);
    }
  }

  /**
   * Whether an attempt that ran on the caller's thread was interrupted and not served: its outcome
   * is then held back until the request is cancelled, so that the scheduler does not take the
   * aborted call for the tier's failure.
   */
  private boolean heldBack(O outcome) {
    return Thread.currentThread().isInterrupted() && !served.test(outcome);
  }

  /** Holds an interrupted attempt back; {@link #giveUp} ends it. */
  private synchronized void hold(Handover<O> h) {
    abandoned = true;
    interrupted.add(h);
  }

  /**
   * Gives the request up: cancels it (the scheduler withdraws it, counts it cancelled and blames no
   * tier for the attempts that end now), then ends every attempt waiting for this thread.
   */
  private CancellationException giveUp(CompletableFuture<?> result) {
    result.cancel(true);
    List<Handover<O>> ending;
    synchronized (this) {
      abandoned = true;
      ending = new ArrayList<>(mailbox);
      ending.addAll(interrupted);
      mailbox.clear();
      interrupted.clear();
    }
    for (Handover<O> h : ending) {
      h.stage.complete(h.abandoned.get());
    }
    Thread.currentThread().interrupt();
    return new CancellationException("interrupted while waiting for a Bedrock call");
  }

  private static <T> T join(CompletableFuture<T> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a Bedrock call");
    }
  }
}
