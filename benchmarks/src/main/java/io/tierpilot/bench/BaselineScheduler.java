package io.tierpilot.bench;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.ReasonCode;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Ticker;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.HdrHistogram.Histogram;

/**
 * The baseline of the core benchmarks: the same decision as {@code TierScheduler}, written the
 * straightforward way, to be measured beside it in the same run.
 *
 * <p>What is the same: per supported tier, the probability {@code P_t} of meeting the deadline from
 * the tier's time-to-first-token and time-per-output-token distributions over a sliding window (5
 * minutes in 10 slices) blended with the same priors ({@link LatencyPrior#defaultFor}, weight 10
 * observations), the predicted output length of the request's class (ten strata), the window's
 * throttle and error shares, the time a throttled attempt burns and one level of retry (on the same
 * tier at {@code max(θ, 0.5)}, or escalated to the next dearer tier), the recent
 * time-to-first-token offset; then the cheapest tier whose {@code P_t} reaches the class target,
 * else the best {@code P_t − c_t / (20 · c_0)}.
 *
 * <p>What is straightforward: models in a {@link Collections#synchronizedMap synchronized map};
 * latency, per-token and output-length observations recorded into HdrHistogram {@link
 * org.HdrHistogram.ConcurrentHistogram}s, one per slice; counters, the recent average and spend
 * behind {@code synchronized}; each tier's distributions read out of its histograms ({@code
 * getValueAtPercentile}) by the first decision after a slice ends, under the tier's lock; every
 * decision evaluates the double sum {@code Σ_j Σ_k w_j v_k F_TTFT(d − o_j τ_k)} (60 lookups) for
 * each option it weighs, and allocates its result; dispatch through an {@link ArrayBlockingQueue}
 * per (model, tier) with fixed in-flight limits held in {@code synchronized} counters.
 *
 * <p>What it leaves out, all of which would make it slower: budget pacing, the error budget,
 * exploration, deferral, hedging, adaptive (AIMD) limits, the listener and the fading of a
 * throttle's memory (a tier that throttled the request counts as {@code max(θ, 0.5)}, as the
 * scheduler does right after the throttle). The output-length predictor of a class is blended with
 * the configured prior directly rather than through the model's pooled lengths.
 *
 * <p>Thread-safe.
 */
public final class BaselineScheduler {
  static final double[] OUTPUT_EDGES = {0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.96, 0.99, 1};
  static final double[] PER_TOKEN_EDGES = {0, 0.2, 0.4, 0.6, 0.8, 0.95, 1};

  private static final long NONE = Long.MIN_VALUE;
  private static final long HIGHEST_MILLIS = 4L * 3600 * 1000;
  private static final long HIGHEST_PER_TOKEN_MICROS = 10_000_000L;
  private static final long HIGHEST_TOKENS = 10_000_000L;
  private static final int SLICES = 10;
  private static final long SLICE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final double PRIOR_WEIGHT = 10;
  private static final double RETRY_THROTTLE_PROBABILITY = 0.5;
  private static final double BEST_EFFORT_VALUE = 20;
  private static final int MAX_ATTEMPTS = 4;
  private static final long DEFAULT_MAX_TOKENS = 4096;
  private static final long RECENCY_NANOS = Duration.ofSeconds(15).toNanos();
  private static final int MAX_WAITING_PER_LANE = 100_000;
  private static final BaselineDistribution OUTPUT_PRIOR =
      BaselineDistribution.fromPercentiles(200, 700, 2000);
  private static final Tier[] DRAIN_ORDER = {
    Tier.PRIORITY, Tier.RESERVED, Tier.STANDARD, Tier.FLEX
  };

  private final Ticker ticker;
  private final List<SloClass> classes;
  private final Map<String, Integer> classIndex = new HashMap<>();
  private final int defaultClass;
  private final Map<String, Model> models = Collections.synchronizedMap(new HashMap<>());
  private final ThreadLocal<boolean[]> draining = ThreadLocal.withInitial(() -> new boolean[1]);

  // guarded by this
  private double spentUsd;
  private final Map<String, Double> spendByTag = new HashMap<>();
  private long submitted;
  private long succeeded;
  private long failed;

  /**
   * Creates a baseline scheduler.
   *
   * @param ticker the time source; not null
   * @param classes the SLO classes; not empty; business-standard is the default class if present,
   *     else the first
   * @param models the models; not empty, distinct ids
   * @param tierLimit in-flight calls per (model, tier) for {@link #submit}, {@code >= 1}
   * @param accountLimit in-flight calls per model for {@link #submit}, {@code >= 1}
   * @throws IllegalArgumentException if a list is empty, an id repeats or a limit is below 1
   */
  public BaselineScheduler(
      Ticker ticker,
      List<SloClass> classes,
      List<ModelConfig> models,
      int tierLimit,
      int accountLimit) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    if (classes.isEmpty() || models.isEmpty()) {
      throw new IllegalArgumentException("the baseline needs at least one class and one model");
    }
    if (tierLimit < 1 || accountLimit < 1) {
      throw new IllegalArgumentException(
          "limits must be >= 1, were " + tierLimit + ", " + accountLimit);
    }
    this.classes = List.copyOf(classes);
    for (int i = 0; i < classes.size(); i++) {
      classIndex.put(classes.get(i).name(), i);
    }
    this.defaultClass = classIndex.getOrDefault("business-standard", 0);
    long now = ticker.read();
    for (ModelConfig m : models) {
      if (this.models.put(m.id(), new Model(m, classes.size(), now, tierLimit, accountLimit))
          != null) {
        throw new IllegalArgumentException("model " + m.id() + " appears twice");
      }
    }
  }

  // ------------------------------------------------------------------ decisions

  /**
   * Decides an attempt of a request.
   *
   * @param request not null
   * @param attempts what happened so far; not null
   * @return a new decision
   * @throws IllegalArgumentException if the request names an unknown model or class
   */
  public BaselineDecision decide(TierRequest request, Attempts attempts) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(attempts, "attempts");
    long now = ticker.read();
    Model m = models.get(request.modelId());
    if (m == null) {
      throw new IllegalArgumentException("unknown model '" + request.modelId() + "'");
    }
    int c = classIndex(request.sloClass());
    SloClass cls = classes.get(c);
    long deadline =
        request.hasDeadline()
            ? request.deadlineNanos()
            : request.arrivalNanos() + cls.deadline().toNanos();
    long ttftDeadline = NONE;
    if (request.hasTtftDeadline()) {
      ttftDeadline = request.ttftDeadlineNanos();
    } else if (cls.ttftDeadline() != null && request.hasArrival()) {
      ttftDeadline = request.arrivalNanos() + cls.ttftDeadline().toNanos();
    }
    BaselineDecision d =
        new BaselineDecision(request, m, c, now, deadline, attempts.count() + 1, cls.target());
    long remaining = deadline - now;
    long ttftRemaining = ttftDeadline == NONE ? NONE : ttftDeadline - now;
    if (attempts.count() >= MAX_ATTEMPTS) {
      return d.finish(null, ReasonCode.ATTEMPTS_EXHAUSTED);
    }
    if (remaining <= 0 || (ttftRemaining != NONE && ttftRemaining <= 0)) {
      return d.finish(null, ReasonCode.DEADLINE_EXCEEDED);
    }
    List<Tier> tiers;
    synchronized (m.supported) {
      tiers = new ArrayList<>(m.supported);
    }
    if (tiers.isEmpty()) {
      return d.finish(null, ReasonCode.NO_SUPPORTED_TIER);
    }
    long maxTokens = request.maxTokens() > 0 ? request.maxTokens() : DEFAULT_MAX_TOKENS;
    long hint = request.outputTokensHint();
    OutputSummary out = m.output(c, now);
    double expectedOutput = hint >= 0 ? Math.min(hint, maxTokens) : out.meanCapped(maxTokens);
    TierSummary[] summaries = new TierSummary[Tier.values().length];
    long[] offsets = new long[Tier.values().length];
    double[] cost = new double[Tier.values().length];
    for (Tier t : tiers) {
      TierStats stats = m.tiers[t.ordinal()];
      summaries[t.ordinal()] = stats.summary(now);
      offsets[t.ordinal()] = stats.queueingOffsetNanos(now);
      cost[t.ordinal()] = costUsd(m.prices, t, request.inputTokens(), expectedOutput);
    }
    tiers.sort(Comparator.comparingDouble(t -> cost[t.ordinal()]));
    boolean retryAllowed = attempts.count() + 2 <= MAX_ATTEMPTS;
    for (int k = 0; k < tiers.size(); k++) {
      Tier t = tiers.get(k);
      Tier up = k + 1 < tiers.size() ? tiers.get(k + 1) : null;
      boolean throttledBefore = attempts.throttled(t);
      TierSummary s = summaries[t.ordinal()];
      double theta =
          throttledBefore
              ? Math.max(s.throttleProbability, RETRY_THROTTLE_PROBABILITY)
              : s.throttleProbability;
      long wait = offsets[t.ordinal()];
      double first =
          attempt(s, theta, out, maxTokens, hint, remaining - wait, minus(ttftRemaining, wait));
      double retry = 0;
      Tier retryTier = t;
      if (retryAllowed && !throttledBefore) {
        long burnt = wait + (long) s.throttleDelayNanos;
        retry =
            attempt(
                s,
                Math.max(s.throttleProbability, RETRY_THROTTLE_PROBABILITY),
                out,
                maxTokens,
                hint,
                remaining - burnt - wait,
                minus(ttftRemaining, burnt + wait));
        if (up != null) {
          TierSummary su = summaries[up.ordinal()];
          long waitUp = offsets[up.ordinal()];
          double thetaUp =
              attempts.throttled(up)
                  ? Math.max(su.throttleProbability, RETRY_THROTTLE_PROBABILITY)
                  : su.throttleProbability;
          double escalated =
              attempt(
                  su,
                  thetaUp,
                  out,
                  maxTokens,
                  hint,
                  remaining - burnt - waitUp,
                  minus(ttftRemaining, burnt + waitUp));
          if (escalated > retry) {
            retry = escalated;
            retryTier = up;
          }
        }
      }
      d.probability[t.ordinal()] = Math.max(0, Math.min(1, first + theta * retry));
      d.expectedCostUsd[t.ordinal()] =
          (1 - theta) * cost[t.ordinal()] + theta * cost[retryTier.ordinal()];
    }
    Tier chosen = null;
    for (Tier t : tiers) {
      if (d.probability[t.ordinal()] >= d.target) {
        chosen = t;
        break;
      }
    }
    ReasonCode reason = ReasonCode.CHEAPEST_MEETING_TARGET;
    if (chosen == null) {
      Tier cheapest = tiers.get(0);
      double unit = Math.max(cost[cheapest.ordinal()], 1e-12) * BEST_EFFORT_VALUE;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (Tier t : tiers) {
        double score = d.probability[t.ordinal()] - cost[t.ordinal()] / unit;
        if (score > bestScore) {
          bestScore = score;
          chosen = t;
        }
      }
      reason = ReasonCode.BEST_PROBABILITY;
    }
    m.tiers[chosen.ordinal()].countDecision();
    return d.finish(chosen, reason);
  }

  private static long minus(long ttftRemaining, long nanos) {
    return ttftRemaining == NONE ? NONE : ttftRemaining - nanos;
  }

  /** Returns the probability that one attempt on a tier succeeds in time. */
  private static double attempt(
      TierSummary s,
      double theta,
      OutputSummary out,
      long maxTokens,
      long hint,
      long remaining,
      long ttftRemaining) {
    if (remaining <= 0) {
      return 0;
    }
    double ok = 1 - theta - s.errorProbability;
    if (ok <= 0) {
      return 0;
    }
    double p = ok * latencyCdf(s, out, maxTokens, hint, remaining);
    if (ttftRemaining != NONE) {
      p *= ttftRemaining <= 0 ? 0 : s.ttftNanos.cdf(ttftRemaining);
    }
    return p;
  }

  /** Returns {@code P(TTFT + O·τ <= d)} over the output and per-token strata. */
  private static double latencyCdf(
      TierSummary s, OutputSummary out, long maxTokens, long hint, double deadlineNanos) {
    if (hint >= 0) {
      return givenOutput(s, Math.min(hint, maxTokens), deadlineNanos);
    }
    double p = 0;
    for (int j = 0; j < out.points.length; j++) {
      p += out.weights[j] * givenOutput(s, Math.min(out.points[j], maxTokens), deadlineNanos);
    }
    return Math.min(1, p);
  }

  private static double givenOutput(TierSummary s, double outputTokens, double deadlineNanos) {
    double p = 0;
    for (int k = 0; k < s.perTokenPoints.length; k++) {
      p +=
          s.perTokenWeights[k]
              * s.ttftNanos.cdf(deadlineNanos - outputTokens * s.perTokenPoints[k]);
    }
    return p;
  }

  private static double costUsd(
      TierPrices prices, Tier tier, long inputTokens, double outputTokens) {
    return (inputTokens * prices.inputPerMillion(tier)
            + outputTokens * prices.outputPerMillion(tier))
        / 1e6;
  }

  private int classIndex(String name) {
    if (name == null) {
      return defaultClass;
    }
    Integer i = classIndex.get(name);
    if (i == null) {
      throw new IllegalArgumentException("unknown SLO class '" + name + "'");
    }
    return i;
  }

  // ------------------------------------------------------------------ outcomes

  private static TierStats requested(BaselineDecision d) {
    Objects.requireNonNull(d, "decision");
    if (d.tier() == null) {
      throw new IllegalArgumentException("decision made no call (" + d.reason() + "): no outcome");
    }
    return d.model.tiers[d.tier().ordinal()];
  }

  /**
   * Reports a successful call.
   *
   * @param d the decision the call followed; it must have made a call
   * @param served the tier that served the call; not null
   * @param latencyNanos end-to-end latency, {@code >= 0}
   * @param ttftNanos time to first token in {@code [0, latencyNanos]}, or -1 if not measured
   * @param inputTokens {@code >= 0}
   * @param outputTokens {@code >= 0}
   * @throws IllegalArgumentException if a value is out of range or the decision made no call
   */
  public void recordSuccess(
      BaselineDecision d,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      long inputTokens,
      long outputTokens) {
    TierStats requested = requested(d);
    Objects.requireNonNull(served, "served");
    if (latencyNanos < 0 || inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("latency and token counts must be >= 0");
    }
    if (ttftNanos < -1 || ttftNanos > latencyNanos) {
      throw new IllegalArgumentException("ttftNanos must be -1 or in [0, latencyNanos]");
    }
    long now = ticker.read();
    Model m = d.model;
    TierStats servedStats = m.tiers[served.ordinal()];
    if (servedStats == null) {
      servedStats = requested;
    }
    double cost = costUsd(m.prices, served, inputTokens, outputTokens);
    requested.countSuccess();
    servedStats.recordLatency(latencyNanos, ttftNanos, outputTokens, now, cost);
    m.recordOutput(d.classIndex, outputTokens);
    synchronized (this) {
      spentUsd += cost;
      spendByTag.merge(d.request().tag(), cost, Double::sum);
    }
  }

  /**
   * Reports a throttled attempt.
   *
   * @param d the decision the call followed; it must have made a call
   * @param elapsedNanos how long the attempt took, {@code >= 0}
   */
  public void recordThrottle(BaselineDecision d, long elapsedNanos) {
    TierStats requested = requested(d);
    if (elapsedNanos < 0) {
      throw new IllegalArgumentException("elapsedNanos must be >= 0, was " + elapsedNanos);
    }
    requested.countThrottle(elapsedNanos);
  }

  /**
   * Reports an attempt that failed otherwise.
   *
   * @param d the decision the call followed; it must have made a call
   */
  public void recordFailure(BaselineDecision d) {
    requested(d).countError();
  }

  // ------------------------------------------------------------------ dispatch

  /**
   * Performs one call on the tier a decision chose.
   *
   * @param <R> the call's result type
   */
  @FunctionalInterface
  public interface Executor<R> {
    /**
     * Starts the call; must not block.
     *
     * @param decision the decision, with the tier to call
     * @return a stage completed with the outcome
     */
    CompletionStage<CallOutcome<R>> execute(BaselineDecision decision);
  }

  /**
   * A request that succeeded.
   *
   * @param value the call's result
   * @param decision the decision of the successful attempt
   * @param servedTier the tier that served it
   * @param attempts attempts made, {@code >= 1}
   * @param latencyNanos from submission to completion
   * @param costUsd the cost of the successful call
   * @param <R> the result type
   */
  public record Result<R>(
      R value,
      BaselineDecision decision,
      Tier servedTier,
      int attempts,
      long latencyNanos,
      double costUsd) {}

  /**
   * Decides, queues, calls within the in-flight limits and re-decides after a throttle, as {@code
   * TierScheduler.submit} does; the future completes exactly once, exceptionally with the call's
   * cause when it failed, else with an {@link IllegalStateException} naming the reason.
   *
   * @param request not null
   * @param executor not null
   * @param <R> the result type
   * @return the future result
   */
  public <R> CompletableFuture<Result<R>> submit(TierRequest request, Executor<R> executor) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(executor, "executor");
    Submission<R> s = new Submission<>(request, executor, ticker.read());
    synchronized (this) {
      submitted++;
    }
    BaselineDecision d;
    try {
      d = decide(request, Attempts.none());
    } catch (RuntimeException e) {
      fail(s, e);
      return s.future;
    }
    route(s, d);
    return s.future;
  }

  private void route(Submission<?> s, BaselineDecision d) {
    s.decision = d;
    if (!d.isCall()) {
      fail(s, new IllegalStateException(d.reason() + " after " + s.attempts.count() + " attempts"));
      return;
    }
    Model m = d.model;
    if (!m.lanes[d.tier().ordinal()].queue.offer(s)) {
      fail(s, new IllegalStateException("QUEUE_FULL"));
      return;
    }
    drain(m);
  }

  private void drain(Model m) {
    boolean[] busy = draining.get();
    if (busy[0]) {
      return; // the enclosing loop on this thread picks the work up
    }
    busy[0] = true;
    try {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (Lane lane : m.drainOrder) {
          Submission<?> s;
          while ((s = take(m, lane)) != null) {
            start(m, lane, s);
            progress = true;
          }
        }
      }
    } finally {
      busy[0] = false;
    }
  }

  private static Submission<?> take(Model m, Lane lane) {
    synchronized (lane) {
      if (lane.inFlight >= lane.limit) {
        return null;
      }
      synchronized (m.account) {
        if (m.accountInFlight >= m.accountLimit) {
          return null;
        }
        Submission<?> s = lane.queue.poll();
        if (s != null) {
          lane.inFlight++;
          m.accountInFlight++;
        }
        return s;
      }
    }
  }

  private static void release(Model m, Lane lane) {
    synchronized (lane) {
      lane.inFlight--;
    }
    synchronized (m.account) {
      m.accountInFlight--;
    }
  }

  private <R> void start(Model m, Lane lane, Submission<R> s) {
    long now = ticker.read();
    if (now >= s.decision.deadlineNanos()) {
      release(m, lane);
      fail(s, new IllegalStateException("DEADLINE_EXCEEDED while waiting"));
      return;
    }
    CompletionStage<CallOutcome<R>> stage;
    try {
      stage = Objects.requireNonNull(s.executor.execute(s.decision), "executor returned null");
    } catch (RuntimeException e) {
      release(m, lane);
      recordFailure(s.decision);
      fail(s, e);
      return;
    }
    stage.whenComplete((outcome, error) -> complete(m, lane, s, now, outcome, error));
  }

  private <R> void complete(
      Model m, Lane lane, Submission<R> s, long startNanos, CallOutcome<R> o, Throwable error) {
    long now = ticker.read();
    long elapsed = Math.max(0, now - startNanos);
    release(m, lane);
    BaselineDecision d = s.decision;
    try {
      if (error != null || o == null) {
        recordFailure(d);
        fail(s, error != null ? error : new NullPointerException("executor completed with null"));
      } else {
        switch (o.kind()) {
          case SUCCESS:
            recordSuccess(
                d, o.servedTier(), elapsed, o.ttftNanos(), o.inputTokens(), o.outputTokens());
            double cost = costUsd(m.prices, o.servedTier(), o.inputTokens(), o.outputTokens());
            if (s.future.complete(
                new Result<>(
                    o.value(),
                    d,
                    o.servedTier(),
                    d.attempt(),
                    Math.max(0, now - s.submittedNanos),
                    cost))) {
              synchronized (this) {
                succeeded++;
              }
            }
            break;
          case THROTTLED:
            recordThrottle(d, elapsed);
            s.attempts = s.attempts.afterThrottle(d.tier());
            route(s, decide(s.request, s.attempts));
            break;
          case UNSUPPORTED:
            synchronized (m.supported) {
              m.supported.remove(d.tier());
            }
            s.attempts = s.attempts.afterAttempt();
            route(s, decide(s.request, s.attempts));
            break;
          default:
            recordFailure(d);
            fail(
                s,
                o.cause() != null
                    ? o.cause()
                    : new IllegalStateException("call on " + d.tier() + " " + o.kind()));
            break;
        }
      }
    } catch (RuntimeException e) {
      fail(s, e);
    }
    drain(m);
  }

  private void fail(Submission<?> s, Throwable cause) {
    if (s.future.completeExceptionally(cause)) {
      synchronized (this) {
        failed++;
      }
    }
  }

  // ------------------------------------------------------------------ snapshot

  /**
   * One (model, tier) in a {@link Snapshot}.
   *
   * @param model the model id
   * @param tier the tier
   * @param decisions decisions that chose it
   * @param attempts attempts made on it
   * @param successes successful attempts
   * @param throttles throttled attempts
   * @param errors failed attempts
   * @param inFlight calls in flight through {@link #submit}
   * @param queued requests waiting for it
   * @param latencyMillis the window's latency p50, p90 and p99 in milliseconds (NaN if empty)
   * @param ttftMedianMillis the estimated median time to first token
   * @param throttleProbability the estimated throttle probability
   * @param spentUsd spend at this tier's prices
   */
  public record TierRow(
      String model,
      Tier tier,
      long decisions,
      long attempts,
      long successes,
      long throttles,
      long errors,
      int inFlight,
      int queued,
      double[] latencyMillis,
      double ttftMedianMillis,
      double throttleProbability,
      double spentUsd) {}

  /**
   * A point-in-time view of the baseline.
   *
   * @param takenAtNanos when, on the ticker
   * @param spentUsd total spend
   * @param spendByTagUsd spend per tag
   * @param submitted requests submitted
   * @param succeeded requests that succeeded
   * @param failed requests that failed
   * @param tiers one row per (model, tier), by model id then tier
   */
  public record Snapshot(
      long takenAtNanos,
      double spentUsd,
      Map<String, Double> spendByTagUsd,
      long submitted,
      long succeeded,
      long failed,
      List<TierRow> tiers) {}

  /** Returns a snapshot of every (model, tier), the spend and the dispatch counters. */
  public Snapshot snapshot() {
    long now = ticker.read();
    List<Model> all;
    synchronized (models) {
      all = new ArrayList<>(models.values());
    }
    all.sort(Comparator.comparing(x -> x.id));
    List<TierRow> rows = new ArrayList<>();
    for (Model m : all) {
      for (TierStats t : m.tiers) {
        if (t != null) {
          Lane lane = m.lanes[t.tier.ordinal()];
          int inFlight;
          synchronized (lane) {
            inFlight = lane.inFlight;
          }
          rows.add(t.row(m.id, now, inFlight, lane.queue.size()));
        }
      }
    }
    synchronized (this) {
      return new Snapshot(
          now,
          spentUsd,
          new TreeMap<>(spendByTag),
          submitted,
          succeeded,
          failed,
          Collections.unmodifiableList(rows));
    }
  }

  // ------------------------------------------------------------------ state

  /** A submitted request on its way to exactly one completion. */
  private static final class Submission<R> {
    final TierRequest request;
    final Executor<R> executor;
    final long submittedNanos;
    final CompletableFuture<Result<R>> future = new CompletableFuture<>();
    Attempts attempts = Attempts.none();
    BaselineDecision decision;

    Submission(TierRequest request, Executor<R> executor, long submittedNanos) {
      this.request = request;
      this.executor = executor;
      this.submittedNanos = submittedNanos;
    }
  }

  /** One (model, tier)'s waiting requests and in-flight count. */
  private static final class Lane {
    final ArrayBlockingQueue<Submission<?>> queue = new ArrayBlockingQueue<>(MAX_WAITING_PER_LANE);
    final int limit;
    int inFlight; // guarded by this

    Lane(int limit) {
      this.limit = limit;
    }
  }

  /** A model's state: its tiers, output-length windows and lanes. */
  static final class Model {
    final String id;
    final TierPrices prices;
    final List<Tier> supported; // guarded by itself
    final TierStats[] tiers = new TierStats[Tier.values().length];
    final Lane[] lanes = new Lane[Tier.values().length];
    final Lane[] drainOrder = new Lane[DRAIN_ORDER.length];
    final Object account = new Object();
    final int accountLimit;
    int accountInFlight; // guarded by account

    // guarded by this
    private final BaselineWindow[] outputs;
    private final OutputSummary[] outputSummaries;
    private long sliceEndNanos;

    Model(ModelConfig config, int classes, long now, int tierLimit, int accountLimit) {
      this.id = config.id();
      this.prices = config.prices();
      this.supported = new ArrayList<>(config.tiers());
      Collections.sort(supported);
      for (Tier t : config.tiers()) {
        tiers[t.ordinal()] = new TierStats(t, now);
      }
      for (Tier t : Tier.values()) {
        lanes[t.ordinal()] = new Lane(tierLimit);
      }
      for (int i = 0; i < DRAIN_ORDER.length; i++) {
        drainOrder[i] = lanes[DRAIN_ORDER[i].ordinal()];
      }
      this.accountLimit = accountLimit;
      this.outputs = new BaselineWindow[classes];
      this.outputSummaries = new OutputSummary[classes];
      for (int i = 0; i < classes; i++) {
        outputs[i] = new BaselineWindow(HIGHEST_TOKENS, SLICES);
      }
      this.sliceEndNanos = now + SLICE_NANOS;
    }

    void recordOutput(int classIndex, long outputTokens) {
      outputs[classIndex].record(outputTokens);
    }

    /** Returns the output-length strata of a class, read from its histograms once per slice. */
    synchronized OutputSummary output(int classIndex, long now) {
      if (now >= sliceEndNanos) {
        long behind = (now - sliceEndNanos) / SLICE_NANOS + 1;
        for (BaselineWindow w : outputs) {
          for (long i = 0; i < Math.min(behind, SLICES + 1); i++) {
            w.rotate();
          }
        }
        sliceEndNanos += behind * SLICE_NANOS;
        Arrays.fill(outputSummaries, null);
      }
      OutputSummary s = outputSummaries[classIndex];
      if (s == null) {
        Histogram w = outputs[classIndex].window();
        s =
            new OutputSummary(
                BaselineDistribution.mix(
                    BaselineDistribution.fromHistogram(w, 1),
                    w.getTotalCount(),
                    OUTPUT_PRIOR,
                    PRIOR_WEIGHT));
        outputSummaries[classIndex] = s;
      }
      return s;
    }
  }

  /** A class's predicted output length as ten strata, built once per slice. Immutable. */
  static final class OutputSummary {
    final double[] points = new double[OUTPUT_EDGES.length - 1];
    final double[] weights = new double[OUTPUT_EDGES.length - 1];
    final double mean;

    OutputSummary(BaselineDistribution tokens) {
      tokens.stratify(OUTPUT_EDGES, points, weights);
      this.mean = tokens.mean();
    }

    /** Returns the expected output length when capped at {@code maxTokens}. */
    double meanCapped(long maxTokens) {
      if (maxTokens >= points[points.length - 1]) {
        return mean;
      }
      double m = 0;
      for (int j = 0; j < points.length; j++) {
        m += weights[j] * Math.min(points[j], maxTokens);
      }
      return m;
    }
  }

  /** What the baseline believes about one (model, tier) during one slice. Immutable. */
  static final class TierSummary {
    final BaselineDistribution ttftNanos;
    final double ttftMedianNanos;
    final double[] perTokenPoints = new double[PER_TOKEN_EDGES.length - 1];
    final double[] perTokenWeights = new double[PER_TOKEN_EDGES.length - 1];
    final double medianPerTokenNanos;
    final double throttleProbability;
    final double errorProbability;
    final double throttleDelayNanos;

    TierSummary(
        BaselineDistribution ttftNanos,
        BaselineDistribution perTokenNanos,
        double throttleProbability,
        double errorProbability,
        double throttleDelayNanos) {
      this.ttftNanos = ttftNanos;
      this.ttftMedianNanos = ttftNanos.quantile(0.5);
      perTokenNanos.stratify(PER_TOKEN_EDGES, perTokenPoints, perTokenWeights);
      this.medianPerTokenNanos = perTokenNanos.quantile(0.5);
      this.throttleProbability = throttleProbability;
      this.errorProbability = errorProbability;
      this.throttleDelayNanos = throttleDelayNanos;
    }
  }

  /**
   * Everything the baseline knows about one (model, tier): windows of time to first token, time per
   * output token and latency, counters per slice and for life, the recent average and the summary
   * of the current slice. Guarded by its own lock, except the windows' recording.
   */
  static final class TierStats {
    private static final int ATTEMPTS = 0;
    private static final int THROTTLES = 1;
    private static final int ERRORS = 2;
    private static final int THROTTLE_NANOS = 3;

    final Tier tier;
    private final LatencyPrior prior;
    private final BaselineDistribution priorTtftNanos;
    private final BaselineDistribution priorPerTokenNanos;
    private final BaselineWindow ttftMillis = new BaselineWindow(HIGHEST_MILLIS, SLICES);
    private final BaselineWindow perTokenMicros =
        new BaselineWindow(HIGHEST_PER_TOKEN_MICROS, SLICES);
    private final BaselineWindow latencyMillis = new BaselineWindow(HIGHEST_MILLIS, SLICES);

    // guarded by this
    private final long[][] ring = new long[SLICES + 1][4];
    private int head;
    private long decisions;
    private long attempts;
    private long successes;
    private long throttles;
    private long errors;
    private double spentUsd;
    private double recentTtftNanos = Double.NaN;
    private long recentAtNanos;
    private long sliceEndNanos;
    private TierSummary summary;

    TierStats(Tier tier, long now) {
      this.tier = tier;
      this.prior = LatencyPrior.defaultFor(tier);
      this.priorTtftNanos =
          BaselineDistribution.fromPercentiles(
              prior.ttftP50().toNanos(), prior.ttftP90().toNanos(), prior.ttftP99().toNanos());
      this.priorPerTokenNanos =
          BaselineDistribution.fromPercentiles(
              prior.perTokenP50().toNanos(),
              prior.perTokenP90().toNanos(),
              prior.perTokenP99().toNanos());
      this.sliceEndNanos = now + SLICE_NANOS;
      this.summary = build();
    }

    /** Returns the summary of the slice holding {@code now}, ending slices that are due. */
    synchronized TierSummary summary(long now) {
      if (now >= sliceEndNanos) {
        long behind = (now - sliceEndNanos) / SLICE_NANOS + 1;
        for (long i = 0; i < Math.min(behind, SLICES + 1); i++) {
          ttftMillis.rotate();
          perTokenMicros.rotate();
          latencyMillis.rotate();
          head = head + 1 == ring.length ? 0 : head + 1;
          Arrays.fill(ring[head], 0);
        }
        sliceEndNanos += behind * SLICE_NANOS;
        summary = build();
      }
      return summary;
    }

    private TierSummary build() {
      long[] window = new long[4];
      for (int i = 0; i < ring.length; i++) {
        if (i != head) {
          for (int k = 0; k < 4; k++) {
            window[k] += ring[i][k];
          }
        }
      }
      Histogram ttft = ttftMillis.window();
      Histogram perToken = perTokenMicros.window();
      double theta =
          (window[THROTTLES] + PRIOR_WEIGHT * prior.throttleProbability())
              / (window[ATTEMPTS] + PRIOR_WEIGHT);
      double error = window[ERRORS] / (window[ATTEMPTS] + PRIOR_WEIGHT);
      double delay =
          window[THROTTLES] > 0
              ? (double) window[THROTTLE_NANOS] / window[THROTTLES]
              : prior.throttleDelay().toNanos();
      return new TierSummary(
          BaselineDistribution.mix(
              BaselineDistribution.fromHistogram(ttft, 1e6),
              ttft.getTotalCount(),
              priorTtftNanos,
              PRIOR_WEIGHT),
          BaselineDistribution.mix(
              BaselineDistribution.fromHistogram(perToken, 1e3),
              perToken.getTotalCount(),
              priorPerTokenNanos,
              PRIOR_WEIGHT),
          theta,
          error,
          delay);
    }

    /**
     * Returns how much longer than the window's median calls wait for their first token now: the
     * recent average minus the median, faded as it ages, never below minus the median.
     */
    synchronized long queueingOffsetNanos(long now) {
      if (Double.isNaN(recentTtftNanos)) {
        return 0;
      }
      double median = summary.ttftMedianNanos;
      double age = Math.max(0, now - recentAtNanos);
      double weight = RECENCY_NANOS / (RECENCY_NANOS + age);
      return (long) (weight * Math.max(-median, recentTtftNanos - median));
    }

    synchronized void countDecision() {
      decisions++;
    }

    synchronized void countSuccess() {
      attempts++;
      successes++;
      ring[head][ATTEMPTS]++;
    }

    synchronized void countThrottle(long elapsedNanos) {
      attempts++;
      throttles++;
      ring[head][ATTEMPTS]++;
      ring[head][THROTTLES]++;
      ring[head][THROTTLE_NANOS] += elapsedNanos;
    }

    synchronized void countError() {
      attempts++;
      errors++;
      ring[head][ATTEMPTS]++;
      ring[head][ERRORS]++;
    }

    /** Records a successful call served by this tier. Any thread. */
    void recordLatency(
        long latencyNanos, long ttftNanos, long outputTokens, long nowNanos, double costUsd) {
      latencyMillis.record(latencyNanos / 1_000_000L);
      long ttft = ttftNanos;
      if (ttftNanos >= 0) {
        if (outputTokens > 0) {
          perTokenMicros.record((latencyNanos - ttftNanos) / 1000L / outputTokens);
        }
      } else {
        double perToken;
        synchronized (this) {
          perToken = summary.medianPerTokenNanos;
        }
        ttft = (long) Math.max(0, latencyNanos - outputTokens * perToken);
      }
      ttftMillis.record(ttft / 1_000_000L);
      synchronized (this) {
        if (Double.isNaN(recentTtftNanos)) {
          recentTtftNanos = ttft;
        } else {
          double alpha =
              1 - Math.exp(-(double) Math.max(0, nowNanos - recentAtNanos) / RECENCY_NANOS);
          recentTtftNanos += Math.max(alpha, 0.02) * (ttft - recentTtftNanos);
        }
        recentAtNanos = nowNanos;
        spentUsd += costUsd;
      }
    }

    synchronized TierRow row(String model, long now, int inFlight, int queued) {
      TierSummary s = summary(now);
      Histogram latency = latencyMillis.window();
      double[] lat = {Double.NaN, Double.NaN, Double.NaN};
      if (latency.getTotalCount() > 0) {
        lat[0] = latency.getValueAtPercentile(50);
        lat[1] = latency.getValueAtPercentile(90);
        lat[2] = latency.getValueAtPercentile(99);
      }
      return new TierRow(
          model,
          tier,
          decisions,
          attempts,
          successes,
          throttles,
          errors,
          inFlight,
          queued,
          lat,
          s.ttftMedianNanos / 1e6,
          s.throttleProbability,
          spentUsd);
    }
  }
}
