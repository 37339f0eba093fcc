package io.tierpilot.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * The concurrent shell around the engine: per-(model, tier) waiting queues and in-flight limits, an
 * in-flight limit per model for the account quota that all tiers share, the executor callback,
 * re-decisions after throttles, and completion of every submitted request exactly once.
 *
 * <h2>Flow</h2>
 *
 * {@code submit} asks the engine, puts the request in the chosen lane's queue (a JCTools lock-free
 * MPMC queue) and drains the model's lanes. Draining takes a permit of the lane and of the model's
 * account, polls a request and starts its call on the draining thread. When the call's stage
 * completes, the completing thread returns the permits, feeds the outcome to the engine and the
 * limits, re-decides after a throttle or an unsupported tier, and drains again. Submitters offer
 * before they drain and completers release before they drain, so no request waits while a permit is
 * free. A thread already draining does not drain again recursively (executors that complete at once
 * would otherwise recurse without bound): its own loop picks the work up.
 *
 * <h2>Limits</h2>
 *
 * Each lane and each model's account has an {@link AimdLimit}. A throttle lowers the lane's limit;
 * a throttle on Standard or Priority also lowers the account's (on those tiers a throttle signals
 * the shared quota, while Flex is also throttled for the provider's own contention). Successes
 * raise both.
 *
 * <h2>Local waiting</h2>
 *
 * The engine does not see these queues, so the dispatcher tells it: each decision and re-decision
 * counts, per tier, the estimated time a request would wait here before its call starts ({@link
 * #localWaits}). A saturated lane therefore loses the requests whose deadline cannot absorb the
 * wait to a tier with room, while requests with time to spare keep waiting for the cheap tier.
 *
 * <h2>Exactly once</h2>
 *
 * A request is at any moment in exactly one place: a queue, one call, or done. Every path ends in
 * {@link #succeed} or {@link #fail}, and any exception thrown while handling an outcome fails the
 * request instead of losing it.
 */
final class Dispatcher {
  private final Engine engine;
  private final Ticker ticker;
  private final Settings settings;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong deadlineExceeded = new AtomicLong();
  private volatile boolean shutdown;
  private final ThreadLocal<DrainState> drainState = ThreadLocal.withInitial(DrainState::new);

  Dispatcher(Engine engine) {
    this.engine = engine;
    this.ticker = engine.ticker();
    this.settings = engine.settings();
  }

  /** Lanes are drained most urgent first, so that a shared account limit serves Priority first. */
  private static final Tier[] DRAIN_ORDER = {
    Tier.PRIORITY, Tier.RESERVED, Tier.STANDARD, Tier.FLEX
  };

  /** The dispatcher's state of one model: a lane per tier and the account limit. */
  static final class ModelLanes {
    final ModelState model;
    final Lane[] lanes = new Lane[Tier.values().length];
    final Lane[] drainOrder = new Lane[DRAIN_ORDER.length];
    final AtomicInteger accountInFlight = new AtomicInteger();
    final AimdLimit accountLimit;
    volatile int accountLimitNow;

    ModelLanes(ModelState model, Settings s) {
      this.model = model;
      for (Tier t : Tier.values()) {
        lanes[t.ordinal()] = new Lane(t, s);
      }
      for (int i = 0; i < DRAIN_ORDER.length; i++) {
        drainOrder[i] = lanes[DRAIN_ORDER[i].ordinal()];
      }
      this.accountLimit =
          new AimdLimit(
              s.initialAccountLimit, 1, s.maxAccountLimit, s.limitIncrease, s.limitBackoff, 0);
      this.accountLimitNow = accountLimit.current();
    }
  }

  /** One (model, tier): its waiting requests and its in-flight limit. */
  static final class Lane {
    final Tier tier;
    final MpmcUnboundedXaddArrayQueue<Submission<?>> queue = new MpmcUnboundedXaddArrayQueue<>(256);
    final AtomicInteger inFlight = new AtomicInteger();
    // requests waiting in the queue, without those cancelled there (which stay until polled)
    final AtomicInteger waiting = new AtomicInteger();
    final AimdLimit limit;
    volatile int limitNow;

    /** Moving average of successful call durations, nanoseconds; 0 until the first. */
    volatile double meanCallNanos;

    Lane(Tier tier, Settings s) {
      this.tier = tier;
      this.limit =
          new AimdLimit(
              s.initialTierLimit,
              1,
              s.maxTierLimit,
              s.limitIncrease,
              s.limitBackoff,
              s.throttleTolerance[tier.ordinal()]);
      this.limitNow = limit.current();
    }
  }

  /** A submitted request on its way to exactly one completion. */
  static final class Submission<R> {
    final TierRequest request;
    final TierExecutor<R> executor;
    final Result<R> future;
    final long submittedNanos;
    Attempts attempts = Attempts.none();
    Decision decision;
    Throwable lastCause;

    Submission(
        Dispatcher owner, TierRequest request, TierExecutor<R> executor, long submittedNanos) {
      this.future = new Result<>(owner);
      this.request = request;
      this.executor = executor;
      this.submittedNanos = submittedNanos;
    }
  }

  /**
   * The future {@code submit} returns: cancelling it also cancels the attempt in flight, if its
   * executor returned a {@link CompletableFuture} (or a stage that converts to one), so that the
   * call is aborted rather than left running for nobody. Its dependent futures are plain ones.
   */
  static final class Result<R> extends CompletableFuture<TierResult<R>> {
    private static final java.lang.invoke.VarHandle QUEUE;

    static {
      try {
        QUEUE =
            java.lang.invoke.MethodHandles.lookup().findVarHandle(Result.class, "queue", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private static final int QUEUED = 1;
    private static final int WITHDRAWN = 2;
    private final Dispatcher owner;
    private volatile CompletionStage<?> inFlight;
    // 0: not in a lane's queue; QUEUED; WITHDRAWN: cancelled while queued, already uncounted
    private volatile int queue;
    private volatile Lane lane;

    Result(Dispatcher owner) {
      this.owner = owner;
    }

    /** Marks the submission as waiting in {@code lane}'s queue, which it is about to join. */
    void enqueued(Lane lane) {
      this.lane = lane;
      lane.waiting.incrementAndGet();
      queue = QUEUED;
    }

    /**
     * Takes the submission out of its lane's waiting count as it leaves the queue; false if a
     * cancel took it out already (then it is counted as cancelled, and must not be started).
     */
    boolean dequeued() {
      if ((boolean) QUEUE.compareAndSet(this, QUEUED, 0)) {
        lane.waiting.decrementAndGet();
        return true;
      }
      return false;
    }

    void attempting(CompletionStage<?> stage) {
      inFlight = stage;
      if (isCancelled()) {
        abort(stage); // cancelled while the attempt was being started
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      // out of the counts before the completion, so that whatever it wakes finds them current
      withdraw();
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      CompletionStage<?> stage = inFlight;
      if (cancelled && stage != null) {
        abort(stage);
      }
      return cancelled;
    }

    // The dispatcher completes a request only once it has left its queue, so a completion that
    // finds it still queued is its caller's: withdrawn as a cancel would, before the future
    // completes (a queued request is not done, so that completion succeeds, or a concurrent
    // cancel's does, and the withdrawal is counted once either way).
    @Override
    public boolean complete(TierResult<R> value) {
      withdraw();
      return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      withdraw();
      return super.completeExceptionally(ex);
    }

    /** Takes a request completed by its caller out of its queue's counts, if it still waits. */
    private void withdraw() {
      if ((boolean) QUEUE.compareAndSet(this, QUEUED, WITHDRAWN)) {
        // out of the waiting count at once, so that it holds no place a live request needs; the
        // entry itself leaves its queue when next polled
        owner.waiting.decrementAndGet();
        lane.waiting.decrementAndGet();
        owner.cancelled.incrementAndGet();
      }
    }

    private static void abort(CompletionStage<?> stage) {
      try {
        stage.toCompletableFuture().cancel(true);
      } catch (UnsupportedOperationException e) {
        // a stage that cannot be cancelled: the attempt runs to its end, its result is dropped
      }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }

  ModelLanes lanes(ModelState m) {
    Object l = m.lanes;
    if (l == null) {
      synchronized (m) {
        l = m.lanes;
        if (l == null) {
          l = new ModelLanes(m, settings);
          m.lanes = l;
        }
      }
    }
    return (ModelLanes) l;
  }

  <R> CompletableFuture<TierResult<R>> submit(TierRequest request, TierExecutor<R> executor) {
    Checks.notNull(request, "request");
    Checks.notNull(executor, "executor");
    Submission<R> s = new Submission<>(this, request, executor, ticker.read());
    submitted.incrementAndGet();
    if (shutdown) {
      fail(s, TierSchedulingException.Reason.SHUT_DOWN, "the scheduler is shut down", null);
      return s.future;
    }
    Decision d;
    try {
      ModelLanes ml = lanes(engine.model(request.modelId()));
      d = engine.decide(request, Attempts.none(), new Decision(), localWaits(ml), false);
    } catch (RuntimeException e) {
      // a bad request (unknown model or class) fails its future, as every other path does
      failed.incrementAndGet();
      s.future.completeExceptionally(e);
      return s.future;
    }
    if (d.isCall() && waiting.get() >= settings.maxWaiting) {
      fail(
          s,
          TierSchedulingException.Reason.QUEUE_FULL,
          settings.maxWaiting + " requests are already waiting",
          null);
      return s.future;
    }
    route(s, d);
    return s.future;
  }

  /**
   * Estimates, per tier, how long a request would queue here before its call starts: zero while the
   * lane and the account have permits; else the requests ahead of it (in its lane, and in the lanes
   * drained before it when the account limit is full) times the lane's mean call duration divided
   * by the limit and by the share of calls that are not throttled (Little's law). Null when nothing
   * is saturated, the common case.
   */
  private long[] localWaits(ModelLanes ml) {
    long[] waits = null;
    boolean accountFull = ml.accountInFlight.get() >= ml.accountLimitNow;
    int ahead = 0;
    for (Lane lane : ml.drainOrder) {
      int queued = Math.max(0, lane.waiting.get());
      ahead += queued;
      boolean laneFull = lane.inFlight.get() >= lane.limitNow;
      if (!laneFull && !accountFull) {
        continue;
      }
      // a throttled call frees its permit but its request queues again: successes leave at
      // (1 - θ) of the call rate
      TierState state = ml.model.tiers[lane.tier.ordinal()];
      double throttle = state == null ? 0 : Math.min(0.9, state.estimate.throttleProbability);
      double perCall = (lane.meanCallNanos > 0 ? lane.meanCallNanos : 1e9) / (1 - throttle);
      double laneWait = laneFull ? (queued + 1) * perCall / Math.max(1, lane.limitNow) : 0;
      double accountWait =
          accountFull ? (ahead + 1) * perCall / Math.max(1, ml.accountLimitNow) : 0;
      if (waits == null) {
        waits = new long[Tier.values().length];
      }
      waits[lane.tier.ordinal()] = (long) Math.max(laneWait, accountWait);
    }
    return waits;
  }

  /** Sends a submission to the lane of its decision, or fails it if the decision makes no call. */
  private void route(Submission<?> s, Decision d) {
    s.decision = d;
    if (!d.isCall()) {
      failFor(s, d);
      return;
    }
    if (s.future.isDone()) {
      cancelled.incrementAndGet(); // cancelled by its caller during the decision
      return;
    }
    ModelLanes ml = lanes(d.model);
    Lane lane = ml.lanes[d.tier.ordinal()];
    s.future.enqueued(lane);
    waiting.incrementAndGet();
    lane.queue.offer(s);
    drain(ml);
  }

  private void failFor(Submission<?> s, Decision d) {
    switch (d.reason) {
      case DEADLINE_EXCEEDED:
        fail(s, TierSchedulingException.Reason.DEADLINE_EXCEEDED, "deadline passed", s.lastCause);
        break;
      case BUDGET_CAP_REJECTED:
        fail(s, TierSchedulingException.Reason.BUDGET_CAP_REJECTED, d.toString(), null);
        break;
      case BUDGET_SHED:
        fail(s, TierSchedulingException.Reason.BUDGET_SHED, d.toString(), null);
        break;
      case NO_SUPPORTED_TIER:
        fail(
            s,
            TierSchedulingException.Reason.NO_SUPPORTED_TIER,
            "model " + d.model.id + " supports no tier",
            s.lastCause);
        break;
      case ATTEMPTS_EXHAUSTED:
      default:
        fail(
            s,
            TierSchedulingException.Reason.ATTEMPTS_EXHAUSTED,
            s.attempts.count() + " attempts failed",
            s.lastCause);
        break;
    }
  }

  /**
   * Starts waiting calls of a model while its lanes and account have permits. Any thread.
   *
   * <p>A call that completes inline, inside the executor, drains again from within this loop (its
   * dependents may submit too); that nested drain only notes its model, and the outermost drain on
   * the thread drains every model noted before it returns, so that no stack grows with the number
   * of completions and no noted model is left waiting.
   */
  void drain(ModelLanes ml) {
    DrainState state = drainState.get();
    if (state.depth > 0) {
      if (!state.pending.contains(ml)) {
        state.pending.add(ml); // the enclosing drain loop on this thread picks the work up
      }
      return;
    }
    state.depth++;
    try {
      drainLoop(ml);
      ModelLanes next;
      while ((next = state.pending.poll()) != null) {
        drainLoop(next);
      }
    } finally {
      state.depth--;
    }
  }

  /** What the drains on one thread share: how deep they nest, and the models noted meanwhile. */
  private static final class DrainState {
    int depth;
    final java.util.ArrayDeque<ModelLanes> pending = new java.util.ArrayDeque<>();
  }

  private void drainLoop(ModelLanes ml) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Lane lane : ml.drainOrder) {
        while (!lane.queue.isEmpty()) {
          if (!acquire(ml, lane)) {
            break;
          }
          Submission<?> s = lane.queue.poll();
          if (s == null) {
            release(ml, lane);
            break;
          }
          if (!s.future.dequeued()) {
            release(ml, lane); // cancelled while it waited, and counted then
            continue;
          }
          waiting.decrementAndGet();
          start(ml, lane, s);
          progress = true;
        }
      }
    }
  }

  private static boolean acquire(ModelLanes ml, Lane lane) {
    while (true) {
      int n = lane.inFlight.get();
      if (n >= lane.limitNow) {
        return false;
      }
      if (lane.inFlight.compareAndSet(n, n + 1)) {
        break;
      }
    }
    while (true) {
      int n = ml.accountInFlight.get();
      if (n >= ml.accountLimitNow) {
        lane.inFlight.decrementAndGet();
        return false;
      }
      if (ml.accountInFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private static void release(ModelLanes ml, Lane lane) {
    lane.inFlight.decrementAndGet();
    ml.accountInFlight.decrementAndGet();
  }

  private <R> void start(ModelLanes ml, Lane lane, Submission<R> s) {
    if (s.future.isDone()) {
      // cancelled by its caller while it waited: no call
      release(ml, lane);
      cancelled.incrementAndGet();
      return;
    }
    long now = ticker.read();
    Decision d = s.decision;
    if (now >= d.deadlineNanos) {
      release(ml, lane);
      engine.expiredWaiting(d);
      fail(
          s,
          TierSchedulingException.Reason.DEADLINE_EXCEEDED,
          "deadline passed while waiting",
          s.lastCause);
      return;
    }
    if (shutdown) {
      release(ml, lane);
      fail(s, TierSchedulingException.Reason.SHUT_DOWN, "the scheduler is shut down", null);
      return;
    }
    Attempt attempt = new Attempt(d, now);
    CompletionStage<CallOutcome<R>> stage;
    try {
      stage = s.executor.execute(attempt);
      if (stage == null) {
        throw new NullPointerException("TierExecutor.execute returned null");
      }
      s.future.attempting(stage);
    } catch (RuntimeException | Error e) {
      completeAttempt(ml, lane, s, now, CallOutcome.failed(e));
      return;
    }
    stage.whenComplete(
        (outcome, error) -> {
          CallOutcome<R> o;
          if (error != null) {
            o = CallOutcome.failed(unwrap(error));
          } else if (outcome == null) {
            o = CallOutcome.failed(new NullPointerException("TierExecutor completed with null"));
          } else {
            o = outcome;
          }
          completeAttempt(ml, lane, s, now, o);
        });
  }

  private static Throwable unwrap(Throwable t) {
    if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      return t.getCause();
    }
    return t;
  }

  private <R> void completeAttempt(
      ModelLanes ml, Lane lane, Submission<R> s, long startNanos, CallOutcome<R> o) {
    long now = ticker.read();
    long elapsed = Math.max(0, now - startNanos);
    release(ml, lane);
    Decision d = s.decision;
    try {
      switch (o.kind()) {
        case SUCCESS:
          double mean = lane.meanCallNanos;
          // benign race: concurrent completions may lose an update of a moving average
          lane.meanCallNanos = mean == 0 ? elapsed : mean + 0.05 * (elapsed - mean);
          synchronized (lane.limit) {
            lane.limitNow = lane.limit.onSuccess(lane.inFlight.get() + 1);
          }
          synchronized (ml.accountLimit) {
            ml.accountLimitNow = ml.accountLimit.onSuccess(ml.accountInFlight.get() + 1);
          }
          // the executor's first-token time is on its own clock (or replayed, or cached): it
          // cannot exceed the call as this scheduler timed it
          long ttft = o.ttftNanos() < 0 ? -1 : Math.min(o.ttftNanos(), elapsed);
          engine.recordSuccess(d, o.servedTier(), elapsed, ttft, o.inputTokens(), o.outputTokens());
          double cost = d.model.prices.costUsd(o.servedTier(), o.inputTokens(), o.outputTokens());
          succeed(
              s,
              new TierResult<>(
                  o.value(),
                  d,
                  o.servedTier(),
                  d.attempt,
                  Math.max(0, now - s.submittedNanos),
                  cost));
          break;
        case THROTTLED:
          synchronized (lane.limit) {
            lane.limitNow = lane.limit.onThrottle(startNanos, now);
          }
          if (d.tier != Tier.FLEX) {
            synchronized (ml.accountLimit) {
              ml.accountLimitNow = ml.accountLimit.onThrottle(startNanos, now);
            }
          }
          engine.recordThrottle(d, elapsed);
          s.lastCause = o.cause();
          s.attempts = s.attempts.afterThrottle(d.tier, now);
          redecide(s);
          break;
        case UNSUPPORTED:
          engine.recordUnsupported(d);
          s.lastCause = o.cause();
          s.attempts = s.attempts.afterAttempt();
          redecide(s);
          break;
        case TIMED_OUT:
          if (s.future.isDone()) {
            cancelled.incrementAndGet(); // the caller cancelled: says nothing about the tier
            break;
          }
          engine.recordTimeout(d, elapsed);
          fail(s, TierSchedulingException.Reason.DEADLINE_EXCEEDED, "call timed out", o.cause());
          break;
        case FAILED:
        default:
          if (s.future.isDone()) {
            cancelled
                .incrementAndGet(); // the caller cancelled: its abort is not the tier's failure
            break;
          }
          engine.recordFailure(d, elapsed);
          fail(
              s,
              TierSchedulingException.Reason.CALL_FAILED,
              "call on " + d.tier + " failed",
              o.cause());
          break;
      }
    } catch (RuntimeException | Error e) {
      fail(s, TierSchedulingException.Reason.CALL_FAILED, "handling the outcome failed", e);
    }
    drain(ml);
  }

  private void redecide(Submission<?> s) {
    if (s.future.isDone()) {
      cancelled.incrementAndGet(); // cancelled by its caller: no further attempt
      return;
    }
    if (shutdown) {
      fail(s, TierSchedulingException.Reason.SHUT_DOWN, "the scheduler is shut down", s.lastCause);
      return;
    }
    ModelLanes ml = lanes(s.decision.model);
    route(s, engine.decide(s.request, s.attempts, new Decision(), localWaits(ml), false));
  }

  // Counters go up before the future completes, so that whoever the completion wakes (a
  // dependent action runs inside complete()) already finds the request counted; if the future was
  // completed already (cancelled by its caller), the count is taken back.
  private <R> void succeed(Submission<R> s, TierResult<R> result) {
    succeeded.incrementAndGet();
    if (!s.future.complete(result)) {
      succeeded.decrementAndGet();
      cancelled.incrementAndGet();
    }
  }

  private void fail(
      Submission<?> s, TierSchedulingException.Reason reason, String message, Throwable cause) {
    TierSchedulingException e =
        reason == TierSchedulingException.Reason.DEADLINE_EXCEEDED
            ? new DeadlineExceededException(s.request, message, cause)
            : new TierSchedulingException(reason, s.request, message, cause);
    boolean late = reason == TierSchedulingException.Reason.DEADLINE_EXCEEDED;
    failed.incrementAndGet();
    if (late) {
      deadlineExceeded.incrementAndGet();
    }
    if (!s.future.completeExceptionally(e)) {
      failed.decrementAndGet();
      if (late) {
        deadlineExceeded.decrementAndGet();
      }
      cancelled.incrementAndGet();
    }
  }

  /**
   * Fails every waiting request whose deadline has passed and starts waiting calls that have
   * capacity. Any thread; call it periodically if your executor can stall for long.
   *
   * @return the number of requests failed
   */
  int expireOverdue() {
    long now = ticker.read();
    int expired = 0;
    for (ModelState m : engine.models()) {
      Object l = m.lanes;
      if (l == null) {
        continue;
      }
      ModelLanes ml = (ModelLanes) l;
      for (Lane lane : ml.lanes) {
        int n = lane.queue.size();
        for (int i = 0; i < n; i++) {
          Submission<?> s = lane.queue.poll();
          if (s == null) {
            break;
          }
          if (!s.future.dequeued()) {
            continue; // cancelled while it waited, and counted then
          }
          if (s.future.isDone()) {
            waiting.decrementAndGet();
            cancelled.incrementAndGet(); // cancelled by its caller while it waited
          } else if (now >= s.decision.deadlineNanos) {
            waiting.decrementAndGet();
            engine.expiredWaiting(s.decision);
            fail(
                s,
                TierSchedulingException.Reason.DEADLINE_EXCEEDED,
                "deadline passed while waiting",
                s.lastCause);
            expired++;
          } else {
            s.future.enqueued(lane);
            lane.queue.offer(s);
          }
        }
      }
      drain(ml);
    }
    return expired;
  }

  /** Rejects new submissions and fails every waiting request; calls in flight finish. */
  int shutdown() {
    shutdown = true;
    int n = 0;
    for (ModelState m : engine.models()) {
      Object l = m.lanes;
      if (l == null) {
        continue;
      }
      for (Lane lane : ((ModelLanes) l).lanes) {
        Submission<?> s;
        while ((s = lane.queue.poll()) != null) {
          if (!s.future.dequeued()) {
            continue; // cancelled while it waited, and counted then
          }
          waiting.decrementAndGet();
          fail(s, TierSchedulingException.Reason.SHUT_DOWN, "the scheduler is shut down", null);
          n++;
        }
      }
    }
    return n;
  }

  boolean isShutdown() {
    return shutdown;
  }

  int waiting() {
    return waiting.get();
  }

  long submitted() {
    return submitted.get();
  }

  long cancelled() {
    return cancelled.get();
  }

  long succeeded() {
    return succeeded.get();
  }

  long failed() {
    return failed.get();
  }

  long deadlineExceeded() {
    return deadlineExceeded.get();
  }
}
