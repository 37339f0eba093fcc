package io.tierpilot.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decision engine: chooses a tier per request from live per-tier latency knowledge, learns from
 * outcomes and accounts spend against the budget. No threads, no clock of its own: every call reads
 * the injected ticker once, so on virtual time it is deterministic.
 *
 * <h2>The decision model</h2>
 *
 * For a request with remaining time {@code D = deadline − now}, class target {@code τ}, and for
 * each tier {@code t} the model supports:
 *
 * <pre>
 *   F_t(d)   P(a call on t that is not throttled finishes within d)      (see TierEstimate)
 *   θ_t      P(t throttles this attempt): the window's throttle share, blended with the prior;
 *            max(θ_t, ρ) if t already throttled this request (ρ = retryThrottleProbability)
 *   ε_t      P(t fails otherwise): the window's error share
 *   δ_t      time a throttled attempt on t takes (window mean, else prior)
 *   G_t(d)   P(TTFT ≤ d), used when the request has a time-to-first-token deadline D'
 *
 *   S_t(d, d')  = (1 − θ_t − ε_t) · F_t(d) · G_t(d')                  one attempt succeeds in time
 *   P_t        = S_t(D, D') + θ_t · max( S'_t(D − δ_t, D' − δ_t), S_u(D − δ_t, D' − δ_t) )
 * </pre>
 *
 * where {@code S'_t} is {@code S_t} with {@code θ_t} replaced by {@code max(θ_t, ρ)} (retrying the
 * same tier right after it throttled) and {@code u} is the next more expensive supported tier (the
 * escalation). One level of retry is counted, and only if the attempt budget allows another attempt
 * ({@code maxAttempts}); a second throttle counts as a miss, which makes {@code P_t} slightly
 * pessimistic for loose deadlines and exact enough for tight ones. On the last allowed attempt
 * {@code P_t = S_t(D, D')}: nothing saves a throttled call, so the last attempt goes to a tier that
 * is unlikely to throttle.
 *
 * <p>Expected cost: {@code C_t = (1 − θ_t) · c_t + θ_t · c_r}, where {@code c_t} is the price of
 * the request's input tokens and its expected output length (capped at {@code maxTokens}, or the
 * hint) on {@code t}, and {@code r} is the tier of the better retry above. Throttles cost nothing.
 *
 * <p>Choice, with the tiers ordered by {@code c_t} (cheapest first):
 *
 * <ol>
 *   <li>no call if the deadline (or TTFT deadline) has passed, the attempts are used up, or no tier
 *       is supported;
 *   <li>budget hard cap reached: the class's rule (cheapest tier, or no call);
 *   <li>the cheapest tier with {@code P_t ≥ τ'}, where {@code τ' = max(0, 1 − (1 − τ) · m^σ)} is
 *       the class target relaxed by the pacing multiplier {@code m} ({@link PacingController});
 *   <li>if none reaches it, the tier with the highest {@code P_t − c_t / (V · c_0)}: a met deadline
 *       is worth {@code V = bestEffortValue} times the request's cost on its cheapest tier {@code
 *       c_0}, so a dearer tier is taken only if its extra probability is worth its extra cost;
 *   <li>exploration: with probability {@code explorationShare} (a deterministic hash of the
 *       request, not a shared random source) a decision of step 3 goes instead to a tier whose
 *       window holds fewer than {@code minFreshSamples} observations, if its {@code P_t ≥ τ'} and
 *       spend is not running ahead of the budget's pace ({@code m < 1.1}).
 * </ol>
 *
 * <h2>Time and threads</h2>
 *
 * Knowledge is kept per slice; at the end of each slice ({@code window / slices}) one thread,
 * whichever first notices the slice boundary, folds the slice into the sliding windows, publishes
 * new estimates and updates pacing. Decisions read published, immutable estimates and never wait.
 * The decision path allocates nothing when the caller passes a {@link Decision} to reuse.
 */
final class Engine {
  private static final long UNSET = TierRequest.UNSET;

  /** Lower bound of a class's error-budget multiplier: a target of 0.99 tightens to 0.9975. */
  static final double ERROR_BUDGET_MIN = 0.25;

  private final Settings settings;
  private final Ticker ticker;
  private final SloClass[] classes;
  private final Map<String, Integer> classIndex;
  private final ConcurrentHashMap<String, ModelState> models = new ConcurrentHashMap<>();
  private final Cdf outputPrior;
  private final SchedulerListener listener;
  private final boolean listening;

  private final long sliceNanos;
  private final AtomicBoolean maintaining = new AtomicBoolean();
  private volatile long nextMaintenanceNanos;
  private long nextSliceEndNanos; // maintenance thread only
  private long nextBudgetEndNanos; // maintenance thread only
  private volatile long budgetWindowStartNanos;

  private final AtomicLong spentWindowNanoUsd = new AtomicLong();
  private final AtomicLong spentTotalNanoUsd = new AtomicLong();
  // weight of the latest slice in the smoothed floor spend rate (a time constant of 5 slices)
  static final double FLOOR_SMOOTHING = 0.2;
  // how much more likely a later call on the same tier must be for the request to wait for it
  static final double SAME_TIER_DEFERRAL_GAIN = 0.02;
  // the lowest budget admission: a class with sensitivity 1 sends one request in ten thousand
  static final double MIN_ADMISSION = 1e-4;
  // what the successful calls would have cost on their model's cheapest tier (only with a budget)
  private final AtomicLong floorTotalNanoUsd = new AtomicLong();
  private long floorAtSliceStart; // maintenance thread
  private double floorRate = -1; // USD per ns, smoothed over slices; maintenance thread
  private final ConcurrentHashMap<String, LongAdder> spendByTag = new ConcurrentHashMap<>();
  private final PacingController pacing;
  private long totalAtSliceStart; // maintenance thread only
  private volatile double pacingMultiplier = 1.0;
  private volatile double admission = 1.0;
  private final double hardCapNanoUsd;
  private final AtomicLong slicesEnded = new AtomicLong();
  private final ErrorBudget[] errorBudgets;
  private final LongAdder[] firstCalls;
  private final LongAdder[] hedges;

  Engine(Settings settings) {
    this.settings = settings;
    this.ticker = settings.ticker;
    this.classes = settings.classes.toArray(new SloClass[0]);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.length; i++) {
      index.put(classes[i].name(), i);
    }
    this.classIndex = index;
    this.outputPrior =
        Cdf.fromPercentiles(settings.outputP50, settings.outputP90, settings.outputP99);
    this.listener = settings.listener;
    this.listening = listener != SchedulerListener.noop();
    this.sliceNanos = settings.sliceNanos();
    long now = ticker.read();
    this.nextSliceEndNanos = now + sliceNanos;
    this.budgetWindowStartNanos = now;
    Budget budget = settings.budget;
    if (budget != null) {
      this.nextBudgetEndNanos = now + budget.windowNanos();
      this.pacing =
          new PacingController(
              budget.amountUsd() * (1 - settings.pacingMargin),
              settings.pacingGain,
              settings.maxPacingMultiplier,
              refusable(settings.classes) ? Math.min(settings.maxShedShare, 1 - MIN_ADMISSION) : 0);
      this.hardCapNanoUsd = budget.hasHardCap() ? budget.hardCapUsd() * 1e9 : Double.MAX_VALUE;
    } else {
      this.nextBudgetEndNanos = Long.MAX_VALUE;
      this.pacing = null;
      this.hardCapNanoUsd = Double.MAX_VALUE;
    }
    this.nextMaintenanceNanos = Math.min(nextSliceEndNanos, nextBudgetEndNanos);
    this.firstCalls = new LongAdder[classes.length];
    this.hedges = new LongAdder[classes.length];
    for (int i = 0; i < classes.length; i++) {
      firstCalls[i] = new LongAdder();
      hedges[i] = new LongAdder();
    }
    this.errorBudgets = new ErrorBudget[classes.length];
    for (int i = 0; i < classes.length; i++) {
      errorBudgets[i] =
          new ErrorBudget(
              classes[i].target(),
              settings.errorBudgetMargin,
              settings.errorBudgetGain,
              ERROR_BUDGET_MIN,
              settings.errorBudgetMax,
              settings.slices);
    }
    for (ModelConfig m : settings.models.values()) {
      models.put(m.id(), newModel(m));
    }
  }

  Settings settings() {
    return settings;
  }

  Ticker ticker() {
    return ticker;
  }

  SloClass[] classes() {
    return classes;
  }

  private ModelState newModel(ModelConfig config) {
    OutputState[] outputs = new OutputState[classes.length];
    OutputEstimate[] estimates = new OutputEstimate[classes.length];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = new OutputState(outputPrior, settings.priorWeight, settings.slices);
      estimates[i] = outputs[i].estimate;
    }
    TierState[] tiers = new TierState[Tier.values().length];
    for (Tier t : config.tiers()) {
      tiers[t.ordinal()] =
          new TierState(
              t,
              settings.prior(config, t),
              settings.slices,
              settings.priorWeight,
              settings.recentWeight,
              estimates);
    }
    return new ModelState(
        config,
        tiers,
        outputs,
        new OutputState(outputPrior, settings.priorWeight, settings.slices));
  }

  /**
   * Returns the state of a model, creating it from the default prices if it is not configured.
   *
   * @throws IllegalArgumentException if the model is unknown and there are no default prices
   */
  ModelState model(String modelId) {
    ModelState m = models.get(modelId);
    if (m != null) {
      return m;
    }
    if (settings.defaultPrices == null) {
      throw new IllegalArgumentException(
          "unknown model '"
              + modelId
              + "': configure it with TierScheduler.Builder.model(...) or set defaultPrices");
    }
    return models.computeIfAbsent(
        modelId, id -> newModel(ModelConfig.newBuilder(id).prices(settings.defaultPrices).build()));
  }

  Iterable<ModelState> models() {
    return models.values();
  }

  int classIndex(String name) {
    if (name == null) {
      return settings.defaultClass;
    }
    Integer i = classIndex.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "unknown SLO class '" + name + "': configured classes are " + classIndex.keySet());
    }
    return i;
  }

  // ---------------------------------------------------------------- decisions

  Decision decide(TierRequest request, Attempts attempts, Decision d) {
    return decide(request, attempts, d, null, true);
  }

  /**
   * Decides, counting for each tier a local wait before the call can start ({@code
   * localWaitNanos[tier.ordinal()]}, or null for none): the dispatcher's estimate of the time a
   * request queues behind its in-flight limits.
   */
  Decision decide(
      TierRequest request,
      Attempts attempts,
      Decision d,
      long[] localWaitNanos,
      boolean allowDeferral) {
    Checks.notNull(request, "request");
    Checks.notNull(attempts, "attempts");
    Checks.notNull(d, "decision");
    long now = ticker.read();
    maintain(now);
    ModelState m = model(request.modelId());
    int c = classIndex(request.sloClass());
    SloClass cls = classes[c];

    long deadline =
        request.hasDeadline()
            ? request.rawDeadlineNanos()
            : request.rawArrivalNanos() + cls.deadlineNanos();
    long ttftDeadline = request.rawTtftDeadlineNanos();
    if (ttftDeadline == UNSET && cls.ttftDeadlineNanos() >= 0 && request.hasArrival()) {
      ttftDeadline = request.rawArrivalNanos() + cls.ttftDeadlineNanos();
    }
    double multiplier = pacingMultiplier;
    d.reset();
    d.request = request;
    d.model = m;
    d.classIndex = c;
    d.sloClass = cls.name();
    d.decidedAtNanos = now;
    d.deadlineNanos = deadline;
    d.attempt = attempts.count() + 1;
    d.target = cls.target();
    d.pacingMultiplier = multiplier;
    d.errorBudget = errorBudgets[c].multiplier();
    d.effectiveTarget =
        PacingController.effectiveTarget(
            cls.target(), cls.budgetSensitivity(), multiplier, d.errorBudget);

    int mask = m.supportedMask();
    if (attempts.count() >= settings.maxAttempts) {
      return finish(d, null, ReasonCode.ATTEMPTS_EXHAUSTED);
    }
    long remaining = deadline - now;
    long ttftRemaining = ttftDeadline == UNSET ? UNSET : ttftDeadline - now;
    if (remaining <= 0 || (ttftDeadline != UNSET && ttftRemaining <= 0)) {
      return finish(d, null, ReasonCode.DEADLINE_EXCEEDED);
    }
    if (mask == 0) {
      return finish(d, null, ReasonCode.NO_SUPPORTED_TIER);
    }
    // budget admission, before any tier is evaluated: with the pacing multiplier at its maximum and
    // the spend still ahead of the budget, a request of a class that accepts refusals is sent with
    // probability a^σ; one draw per request, so a retry meets the same draw
    double admit = admission;
    if (admit < 1
        && cls.acceptsRefusals()
        && shedDraw(request) >= StrictMath.pow(admit, cls.budgetSensitivity())) {
      return finish(d, null, ReasonCode.BUDGET_SHED);
    }
    long maxTokens = request.maxTokens() > 0 ? request.maxTokens() : settings.defaultMaxTokens;
    int order =
        evaluate(
            d,
            m,
            c,
            mask,
            attempts.throttledMask(),
            attempts.lastThrottleNanos(),
            attempts.count() + 2 <= settings.maxAttempts,
            request,
            maxTokens,
            remaining,
            ttftRemaining,
            localWaitNanos,
            true);
    int count = Integer.bitCount(mask);

    if (spentWindowNanoUsd.get() >= hardCapNanoUsd) {
      if (cls.hardCapRule() == SloClass.HardCapRule.REJECT) {
        return finish(d, null, ReasonCode.BUDGET_CAP_REJECTED);
      }
      return finish(d, Tier.ofOrdinal(at(order, 0)), ReasonCode.BUDGET_CAP_DEGRADED);
    }

    double[] p = d.probability;
    int chosen = -1;
    for (int k = 0; k < count; k++) {
      int t = at(order, k);
      if (p[t] >= d.effectiveTarget) {
        chosen = t;
        break;
      }
    }
    if (chosen < 0) {
      // No tier reaches the target: weigh probability against price. A met deadline is worth
      // bestEffortValue times the request's cost on its cheapest tier, so a dearer tier is taken
      // only if it buys more probability than its extra cost is worth.
      int cheapest = at(order, 0);
      double unit = Math.max(d.singleCostUsd[cheapest], 1e-12) * settings.bestEffortValue;
      int best = cheapest;
      double bestScore = p[cheapest] - d.singleCostUsd[cheapest] / unit;
      for (int k = 1; k < count; k++) {
        int t = at(order, k);
        double score = p[t] - d.singleCostUsd[t] / unit;
        if (score > bestScore) {
          best = t;
          bestScore = score;
        }
      }
      if (allowDeferral && best != at(order, 0) && (attempts.throttledMask() & mask) != 0) {
        Decision deferred = defer(d, c, order, count, best, attempts, remaining);
        if (deferred != null) {
          return deferred;
        }
      }
      return finish(d, Tier.ofOrdinal(best), ReasonCode.BEST_PROBABILITY);
    }
    ReasonCode reason =
        p[chosen] >= d.target ? ReasonCode.CHEAPEST_MEETING_TARGET : ReasonCode.PACED;
    if (allowDeferral && chosen != at(order, 0) && (attempts.throttledMask() & mask) != 0) {
      Decision deferred = defer(d, c, order, count, chosen, attempts, remaining);
      if (deferred != null) {
        return deferred;
      }
    }
    if (allowDeferral
        && chosen == at(order, 0)
        && (attempts.throttledMask() & (1 << chosen)) != 0) {
      Decision later = deferSameTier(d, c, chosen, remaining);
      if (later != null) {
        return later;
      }
    }
    // no exploration while spend runs ahead of the budget's pace: it is the first thing to give up
    if (settings.exploration > 0
        && count > 1
        && multiplier < 1.1
        && draw(request, attempts) < settings.exploration) {
      complete(d); // the dearer tiers, not evaluated yet
      int pick = -1;
      long fewest = settings.minFreshSamples;
      for (int k = 0; k < count; k++) {
        int t = at(order, k);
        if (t != chosen && p[t] >= d.effectiveTarget) {
          long samples = m.tiers[t].estimate.samples;
          if (samples < fewest) {
            fewest = samples;
            pick = t;
          }
        }
      }
      if (pick >= 0) {
        return finish(d, Tier.ofOrdinal(pick), ReasonCode.EXPLORATION);
      }
    }
    return finish(d, Tier.ofOrdinal(chosen), reason);
  }

  /**
   * Decides a backup for a call whose first token is late: the cheapest tier more expensive (and so
   * served ahead of, or faster than) the primary's that reaches the target with the time left, else
   * the one with the highest probability; no call if the class does not hedge, its hedge share
   * ({@code hedgeMaxShare} of its first calls, plus a burst allowance of 5) is used up, the
   * deadline has passed or no such tier is supported.
   */
  Decision hedge(Decision primary, Decision d) {
    requested(primary);
    Checks.notNull(d, "decision");
    long now = ticker.read();
    maintain(now);
    ModelState m = primary.model;
    int c = primary.classIndex;
    SloClass cls = classes[c];
    d.reset();
    d.request = primary.request;
    d.model = m;
    d.classIndex = c;
    d.sloClass = primary.sloClass;
    d.decidedAtNanos = now;
    d.deadlineNanos = primary.deadlineNanos;
    d.attempt = primary.attempt;
    d.target = primary.target;
    d.pacingMultiplier = pacingMultiplier;
    d.errorBudget = errorBudgets[c].multiplier();
    d.effectiveTarget =
        PacingController.effectiveTarget(
            cls.target(), cls.budgetSensitivity(), d.pacingMultiplier, d.errorBudget);
    long remaining = primary.deadlineNanos - now;
    if (cls.hedgeDelayNanos() < 0
        || remaining <= 0
        || hedges[c].sum() + 1 > settings.hedgeMaxShare * firstCalls[c].sum() + 5) {
      return finish(d, null, ReasonCode.NO_HEDGE);
    }
    TierRequest request = primary.request;
    long maxTokens = request.maxTokens() > 0 ? request.maxTokens() : settings.defaultMaxTokens;
    long hint = request.outputTokensHint();
    double eo = hint >= 0 ? Math.min(hint, maxTokens) : m.outputs[c].estimate.meanCapped(maxTokens);
    double primaryCost = m.prices.cost(primary.tier.ordinal(), request.inputTokens(), eo);
    int mask = 0;
    int supported = m.supportedMask();
    for (int t = 0; t < Tier.values().length; t++) {
      if ((supported & (1 << t)) != 0
          && t != primary.tier.ordinal()
          && m.prices.cost(t, request.inputTokens(), eo) > primaryCost) {
        mask |= 1 << t;
      }
    }
    if (mask == 0) {
      return finish(d, null, ReasonCode.NO_HEDGE);
    }
    long ttftDeadline = request.rawTtftDeadlineNanos();
    if (ttftDeadline == UNSET && cls.ttftDeadlineNanos() >= 0 && request.hasArrival()) {
      ttftDeadline = request.rawArrivalNanos() + cls.ttftDeadlineNanos();
    }
    int order =
        evaluate(
            d,
            m,
            c,
            mask,
            0,
            UNSET,
            false,
            request,
            maxTokens,
            remaining,
            ttftDeadline == UNSET ? UNSET : ttftDeadline - now,
            null,
            false);
    int count = Integer.bitCount(mask);
    int best = at(order, 0);
    for (int k = 0; k < count; k++) {
      int t = at(order, k);
      if (d.probability[t] >= d.effectiveTarget) {
        best = t;
        break;
      }
      if (d.probability[t] > d.probability[best]) {
        best = t;
      }
    }
    hedges[c].increment();
    return finish(d, Tier.ofOrdinal(best), ReasonCode.HEDGE);
  }

  /**
   * Looks for a cheaper tier than {@code chosen} that throttled this request and would reach the
   * target after a wait (its burst memory fading), trying each configured delay in turn; returns
   * the deferred decision, or null.
   */
  private Decision defer(
      Decision d, int c, int order, int count, int chosen, Attempts attempts, long remaining) {
    for (int k = 0; k < count; k++) {
      int t = at(order, k);
      if (t == chosen) {
        return null;
      }
      if ((attempts.throttledMask() & (1 << t)) == 0) {
        continue;
      }
      for (long delay : settings.deferralDelaysNanos) {
        if (delay >= remaining) {
          break;
        }
        double p = option(d, c, k, delay);
        if (p >= d.effectiveTarget) {
          d.probability[t] = p;
          d.expectedCostUsd[t] = d.scratchCost;
          d.delayNanos = delay;
          return finish(d, Tier.ofOrdinal(t), ReasonCode.DEFERRED);
        }
      }
    }
    return null;
  }

  /**
   * The cheapest tier, which throttled this request, is chosen again (its probability reaches the
   * target, typically a target relaxed under budget pressure): the cost is the same now or later,
   * so if waiting for its burst memory to fade makes the call materially more likely to meet the
   * deadline, waits (the most likely of the configured delays). Returns the deferred decision, or
   * null to call now.
   */
  private Decision deferSameTier(Decision d, int c, int chosen, long remaining) {
    double now = d.probability[chosen];
    double best = now + SAME_TIER_DEFERRAL_GAIN;
    long bestDelay = -1;
    double bestCost = 0;
    for (long delay : settings.deferralDelaysNanos) {
      if (delay >= remaining) {
        break;
      }
      double p = option(d, c, 0, delay);
      if (p > best) {
        best = p;
        bestDelay = delay;
        bestCost = d.scratchCost;
      }
    }
    if (bestDelay < 0) {
      return null;
    }
    d.probability[chosen] = best;
    d.expectedCostUsd[chosen] = bestCost;
    d.delayNanos = bestDelay;
    return finish(d, Tier.ofOrdinal(chosen), ReasonCode.DEFERRED);
  }

  /**
   * Fills the decision's per-tier probabilities and expected costs for the supported tiers and
   * returns the tiers ordered by single-attempt cost, cheapest first, packed four bits per tier
   * ({@link #at}). With {@code lazily}, stops at the first tier that reaches the effective target:
   * the dearer ones cannot be chosen, so they are left to {@link #complete}, which the decision
   * calls when someone reads them, with the same estimates and inputs.
   */
  private int evaluate(
      Decision d,
      ModelState m,
      int c,
      int mask,
      int throttledMask,
      long lastThrottleNanos,
      boolean retryAllowed,
      TierRequest request,
      long maxTokens,
      long remaining,
      long ttftRemaining,
      long[] localWaitNanos,
      boolean lazily) {
    long hint = request.outputTokensHint();
    double outputTokens =
        hint >= 0 ? Math.min(hint, maxTokens) : m.outputs[c].estimate.meanCapped(maxTokens);
    double[] cost = d.singleCostUsd;
    int order = 0;
    int count = 0;
    for (int t = 0; t < cost.length; t++) {
      if ((mask & (1 << t)) == 0) {
        continue;
      }
      cost[t] = m.prices.cost(t, request.inputTokens(), outputTokens);
      // insertion into the packed order, by cost then by tier ordinal
      int k = count;
      while (k > 0 && cost[at(order, k - 1)] > cost[t]) {
        k--;
      }
      int low = order & ((1 << (4 * k)) - 1);
      int high = (order >>> (4 * k)) << (4 * (k + 1));
      order = low | ((t + 1) << (4 * k)) | high;
      count++;
    }
    long now = d.decidedAtNanos;
    for (int k = 0; k < count; k++) {
      int t = at(order, k);
      TierState state = m.tiers[t];
      d.estimates[t] = state.estimate;
      d.offsetNanos[t] = state.queueingOffsetNanos(now, settings.recencyNanos);
      d.localWaitNanos[t] = localWaitNanos == null ? 0 : localWaitNanos[t];
    }
    d.engine = this;
    d.order = order;
    d.count = count;
    d.throttledMask = throttledMask;
    d.lastThrottleNanos = lastThrottleNanos;
    d.retryAllowed = retryAllowed;
    d.maxTokens = maxTokens;
    d.remaining = remaining;
    d.ttftRemaining = ttftRemaining;
    for (int k = 0; k < count; k++) {
      int t = at(order, k);
      d.probability[t] = option(d, c, k, 0);
      d.expectedCostUsd[t] = d.scratchCost;
      if (lazily && d.probability[t] >= d.effectiveTarget && k + 1 < count) {
        int pending = 0;
        for (int j = k + 1; j < count; j++) {
          pending |= 1 << at(order, j);
        }
        d.pending = pending;
        break;
      }
    }
    return order;
  }

  /** Evaluates the tiers a lazy {@link #evaluate} left out, as it would have. */
  void complete(Decision d) {
    int pending = d.pending;
    if (pending == 0) {
      return;
    }
    for (int k = 0; k < d.count; k++) {
      int t = at(d.order, k);
      if ((pending & (1 << t)) != 0) {
        d.probability[t] = option(d, d.classIndex, k, 0);
        d.expectedCostUsd[t] = d.scratchCost;
      }
    }
    d.pending = 0;
  }

  /**
   * Returns the probability of meeting the deadline if the request goes to the k-th tier of {@code
   * order} after waiting {@code delayNanos}, and leaves the option's expected cost in {@code
   * d.scratchCost}.
   */
  private double option(Decision d, int c, int k, long delayNanos) {
    int order = d.order;
    int count = d.count;
    int throttledMask = d.throttledMask;
    boolean retryAllowed = d.retryAllowed;
    long maxTokens = d.maxTokens;
    long hint = d.request.outputTokensHint();
    long remaining = d.remaining;
    long ttftRemaining = d.ttftRemaining;
    long[] localWaitNanos = d.localWaitNanos;
    long lastThrottleNanos = d.lastThrottleNanos;
    double rho = settings.retryThrottleProbability;
    double[] cost = d.singleCostUsd;
    int t = at(order, k);
    TierEstimate e = d.estimates[t];
    boolean throttledBefore = (throttledMask & (1 << t)) != 0;
    double theta = e.throttleProbability;
    // how long ago (at the time of the attempt) this request was last throttled
    long memoryAge =
        delayNanos
            + (lastThrottleNanos == UNSET ? 0 : Math.max(0, d.decidedAtNanos - lastThrottleNanos));
    boolean recent = throttledBefore && memoryAge < settings.throttleMemoryNanos;
    if (throttledBefore) {
      // right after this request was throttled here the tier is likely to throttle again; the
      // memory fades with time
      double burst = Math.max(theta, rho);
      theta += (burst - theta) * StrictMath.exp(-(double) memoryAge / settings.throttleMemoryNanos);
    }
    long wait = delayNanos + localWaitNanos[t] + d.offsetNanos[t];
    double first =
        attempt(e, theta, c, maxTokens, hint, remaining - wait, minus(ttftRemaining, wait));
    double retry = 0;
    int retryTier = t;
    // a tier that throttled this request within the throttle memory gets no credit for a further
    // retry: the plan it was chosen under was to escalate, and counting the credit again would let
    // the request bounce off the same tier until its attempts run out
    if (retryAllowed && !recent) {
      long burnt = wait + (long) e.throttleDelayNanos;
      retry =
          attempt(
              e,
              Math.max(e.throttleProbability, rho),
              c,
              maxTokens,
              hint,
              remaining - burnt - (wait - delayNanos),
              minus(ttftRemaining, burnt + wait - delayNanos));
      if (k + 1 < count) {
        int u = at(order, k + 1);
        TierEstimate eu = d.estimates[u];
        long waitU = localWaitNanos[u] + d.offsetNanos[u];
        double thetaU =
            (throttledMask & (1 << u)) != 0
                ? Math.max(eu.throttleProbability, rho)
                : eu.throttleProbability;
        double up =
            attempt(
                eu,
                thetaU,
                c,
                maxTokens,
                hint,
                remaining - burnt - waitU,
                minus(ttftRemaining, burnt + waitU));
        if (up > retry) {
          retry = up;
          retryTier = u;
        }
      }
    }
    d.scratchCost = (1 - theta) * cost[t] + theta * cost[retryTier];
    return Math.max(0, Math.min(1, first + theta * retry));
  }

  private static long minus(long ttftRemaining, long nanos) {
    return ttftRemaining == UNSET ? UNSET : ttftRemaining - nanos;
  }

  /** Returns the probability that one attempt on a tier succeeds in time. */
  private static double attempt(
      TierEstimate e,
      double theta,
      int c,
      long maxTokens,
      long hint,
      long remaining,
      long ttftRemaining) {
    if (remaining <= 0) {
      return 0;
    }
    double ok = 1 - theta - e.errorProbability;
    if (ok <= 0) {
      return 0;
    }
    double p = ok * e.latencyCdf(c, maxTokens, hint, remaining);
    if (ttftRemaining != UNSET) {
      p *= ttftRemaining <= 0 ? 0 : e.ttftNanos.at(ttftRemaining);
    }
    return p;
  }

  /** Returns the k-th tier ordinal of a packed order. */
  private static int at(int order, int k) {
    return ((order >>> (4 * k)) & 0xF) - 1;
  }

  /** A uniform draw in [0, 1) from the request's identity and the seed; no shared state. */
  private double draw(TierRequest request, Attempts attempts) {
    long h = settings.seed;
    h = mix(h ^ request.modelId().hashCode());
    h = mix(h ^ request.rawArrivalNanos());
    h = mix(h ^ request.rawDeadlineNanos());
    h = mix(h ^ request.inputTokens());
    h = mix(h ^ attempts.count());
    return (h >>> 11) * 0x1.0p-53;
  }

  /**
   * Returns whether some class accepts budget refusals (hard-cap rule {@code REJECT}, sensitivity
   * above 0); without one, admission pacing would only wind up a pressure that nothing acts on.
   */
  private static boolean refusable(java.util.List<SloClass> classes) {
    for (SloClass c : classes) {
      if (c.acceptsRefusals()) {
        return true;
      }
    }
    return false;
  }

  /** A uniform draw in [0, 1) for budget admission, from the request alone (one per request). */
  private double shedDraw(TierRequest request) {
    long h = mix(settings.seed ^ 0x5EEDL);
    h = mix(h ^ request.modelId().hashCode());
    h = mix(h ^ request.rawArrivalNanos());
    h = mix(h ^ request.rawDeadlineNanos());
    h = mix(h ^ request.inputTokens());
    return (h >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finalizer: a bijective 64-bit mix. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Decision finish(Decision d, Tier tier, ReasonCode reason) {
    d.tier = tier;
    d.reason = reason;
    if (!reason.isCall() && reason != ReasonCode.NO_HEDGE && reason != ReasonCode.BUDGET_SHED) {
      // the request ends here without a result (a budget refusal is the budget's choice, not a
      // miss of the tier choice that the error budget measures)
      errorBudgets[d.classIndex].finished(false);
    }
    if (tier != null
        && d.attempt == 1
        && reason != ReasonCode.HEDGE
        && reason != ReasonCode.DEFERRED) {
      firstCalls[d.classIndex].increment();
    }
    if (tier != null) {
      d.model.tiers[tier.ordinal()].decisions.increment();
    }
    if (listening) {
      try {
        listener.onDecision(d);
      } catch (RuntimeException ignored) {
        // a listener must not break scheduling (SchedulerListener's contract)
      }
    }
    return d;
  }

  // ---------------------------------------------------------------- outcomes

  private static TierState requested(Decision d) {
    Checks.notNull(d, "decision");
    if (d.tier == null) {
      throw new IllegalArgumentException("decision made no call (" + d.reason + "): no outcome");
    }
    return d.model.tiers[d.tier.ordinal()];
  }

  void recordSuccess(
      Decision d,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      long inputTokens,
      long outputTokens) {
    TierState requested = requested(d);
    Checks.notNull(served, "servedTier");
    Checks.nonNegative(latencyNanos, "latencyNanos");
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    if (ttftNanos < -1 || ttftNanos > latencyNanos) {
      throw new IllegalArgumentException(
          "ttftNanos must be -1 (unknown) or in [0, latencyNanos], was " + ttftNanos);
    }
    long now = ticker.read();
    maintain(now);
    ModelState m = d.model;
    requested.attempts.increment();
    requested.successes.increment();
    TierState servedState = m.tiers[served.ordinal()];
    if (served != d.tier) {
      requested.servedMismatches.increment();
    }
    if (servedState != null) {
      servedState.recordLatency(latencyNanos, ttftNanos, outputTokens, now, settings.recencyNanos);
    }
    m.recordOutput(d.classIndex, outputTokens);
    errorBudgets[d.classIndex].finished(now <= d.deadlineNanos);
    double cost = m.prices.cost(served.ordinal(), inputTokens, outputTokens);
    if (pacing != null) {
      // the floor first: a slice end that reads the spend (after) then sees its floor too
      floorTotalNanoUsd.addAndGet(Math.round(m.floorCost(inputTokens, outputTokens) * 1e9));
    }
    charge(servedState != null ? servedState : requested, d.request.tag(), cost);
    if (listening) {
      notify(
          new Outcome(
              d,
              Outcome.Kind.SUCCESS,
              served,
              latencyNanos,
              ttftNanos,
              inputTokens,
              outputTokens,
              cost));
    }
  }

  void recordThrottle(Decision d, long elapsedNanos) {
    TierState requested = requested(d);
    Checks.nonNegative(elapsedNanos, "elapsedNanos");
    maintain(ticker.read());
    requested.attempts.increment();
    requested.throttles.increment();
    requested.throttleNanos.add(elapsedNanos);
    if (listening) {
      notify(new Outcome(d, Outcome.Kind.THROTTLED, d.tier, elapsedNanos, -1, 0, 0, 0));
    }
  }

  /**
   * Counts a request whose deadline passed while it waited for capacity (in the dispatcher's queue,
   * after this decision): it ends without a result, a miss for its class's error budget.
   */
  void expiredWaiting(Decision d) {
    errorBudgets[d.classIndex].finished(false);
  }

  void recordFailure(Decision d, long elapsedNanos) {
    TierState requested = requested(d);
    Checks.nonNegative(elapsedNanos, "elapsedNanos");
    errorBudgets[d.classIndex].finished(false);
    maintain(ticker.read());
    requested.attempts.increment();
    requested.errors.increment();
    if (listening) {
      notify(new Outcome(d, Outcome.Kind.FAILED, d.tier, elapsedNanos, -1, 0, 0, 0));
    }
  }

  void recordTimeout(Decision d, long elapsedNanos) {
    TierState requested = requested(d);
    Checks.nonNegative(elapsedNanos, "elapsedNanos");
    errorBudgets[d.classIndex].finished(false);
    long now = ticker.read();
    maintain(now);
    requested.attempts.increment();
    requested.recordCensored(elapsedNanos, now, settings.recencyNanos);
    if (listening) {
      notify(new Outcome(d, Outcome.Kind.TIMED_OUT, d.tier, elapsedNanos, -1, 0, 0, 0));
    }
  }

  boolean recordUnsupported(Decision d) {
    requested(d);
    maintain(ticker.read());
    boolean removed = d.model.markUnsupported(d.tier);
    if (listening) {
      notify(new Outcome(d, Outcome.Kind.UNSUPPORTED, d.tier, 0, -1, 0, 0, 0));
    }
    return removed;
  }

  private void notify(Outcome outcome) {
    try {
      listener.onOutcome(outcome);
    } catch (RuntimeException ignored) {
      // a listener must not break scheduling (SchedulerListener's contract)
    }
  }

  private void charge(TierState tier, String tag, double costUsd) {
    long nano = Math.round(costUsd * 1e9);
    if (nano == 0) {
      return;
    }
    tier.spendNanoUsd.add(nano);
    spentWindowNanoUsd.addAndGet(nano);
    spentTotalNanoUsd.addAndGet(nano);
    LongAdder byTag = spendByTag.get(tag);
    if (byTag == null) {
      byTag = spendByTag.computeIfAbsent(tag, k -> new LongAdder());
    }
    byTag.add(nano);
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * Ends every slice and budget window whose end is at or before {@code now}, in time order. Called
   * at the start of every public engine operation; cheap when nothing is due. If another thread is
   * already maintaining, returns at once: that thread publishes the new estimates.
   */
  void maintain(long now) {
    if (now < nextMaintenanceNanos || !maintaining.compareAndSet(false, true)) {
      return;
    }
    try {
      if (now - nextSliceEndNanos > settings.windowNanos + sliceNanos) {
        skipGap(now);
      }
      while (true) {
        long next = Math.min(nextSliceEndNanos, nextBudgetEndNanos);
        if (now < next) {
          break;
        }
        if (nextBudgetEndNanos <= nextSliceEndNanos) {
          endBudgetWindow(nextBudgetEndNanos);
        } else {
          endSlice(nextSliceEndNanos, false);
        }
      }
      nextMaintenanceNanos = Math.min(nextSliceEndNanos, nextBudgetEndNanos);
    } finally {
      maintaining.set(false);
    }
  }

  /**
   * A gap longer than the window (no calls at all, e.g. a paused simulation): end one slice with
   * what was recorded, empty the windows, and jump to the slice and budget window holding {@code
   * now}.
   */
  private void skipGap(long now) {
    endSlice(nextSliceEndNanos, false);
    for (int i = 1; i < settings.slices; i++) {
      endSlice(nextSliceEndNanos, true);
    }
    long behind = (now - nextSliceEndNanos) / sliceNanos;
    nextSliceEndNanos += behind * sliceNanos;
    if (nextBudgetEndNanos != Long.MAX_VALUE && now >= nextBudgetEndNanos) {
      long window = settings.budget.windowNanos();
      long windowsBehind = (now - nextBudgetEndNanos) / window;
      endBudgetWindow(nextBudgetEndNanos + windowsBehind * window);
    }
  }

  private void endSlice(long end, boolean empty) {
    for (ModelState m : models.values()) {
      OutputEstimate[] outputs = m.endOutputSlice(empty, outputPrior);
      for (TierState t : m.tiers) {
        if (t != null) {
          t.endSlice(outputs, empty);
        }
      }
    }
    for (ErrorBudget b : errorBudgets) {
      b.endSlice(empty);
    }
    long total = spentTotalNanoUsd.get();
    long floor = floorTotalNanoUsd.get();
    if (pacing != null && !empty) {
      double sliceFloor = (floor - floorAtSliceStart) * 1e-9;
      double rate = sliceFloor / sliceNanos;
      floorRate = floorRate < 0 ? rate : floorRate + FLOOR_SMOOTHING * (rate - floorRate);
      pacing.update(
          spentWindowNanoUsd.get() * 1e-9,
          (total - totalAtSliceStart) * 1e-9,
          sliceFloor,
          sliceNanos,
          nextBudgetEndNanos - end,
          floorRate);
      pacingMultiplier = pacing.multiplier();
      admission = pacing.admission();
    }
    totalAtSliceStart = total;
    floorAtSliceStart = floor;
    nextSliceEndNanos = end + sliceNanos;
    slicesEnded.incrementAndGet();
  }

  private void endBudgetWindow(long end) {
    spentWindowNanoUsd.set(0);
    if (pacing != null) {
      pacing.newWindow();
      admission = pacing.admission();
    }
    budgetWindowStartNanos = end;
    nextBudgetEndNanos = end + settings.budget.windowNanos();
  }

  // ---------------------------------------------------------------- observability

  /**
   * Runs {@code body} while holding the maintenance lock, so that it may read maintenance-thread
   * state (windows); spins briefly if a slice is being ended.
   */
  <T> T withMaintenanceLock(java.util.function.Supplier<T> body) {
    while (!maintaining.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
    try {
      return body.get();
    } finally {
      maintaining.set(false);
    }
  }

  double pacingMultiplier() {
    return pacingMultiplier;
  }

  double admission() {
    return admission;
  }

  /** Returns each class's error-budget multiplier, in class order. */
  double[] errorBudgetMultipliers() {
    double[] b = new double[errorBudgets.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = errorBudgets[i].multiplier();
    }
    return b;
  }

  double spentWindowUsd() {
    return spentWindowNanoUsd.get() * 1e-9;
  }

  double spentTotalUsd() {
    return spentTotalNanoUsd.get() * 1e-9;
  }

  long budgetWindowStartNanos() {
    return budgetWindowStartNanos;
  }

  long slicesEnded() {
    return slicesEnded.get();
  }

  Map<String, Double> spendByTagUsd() {
    Map<String, Double> out = new java.util.TreeMap<>();
    spendByTag.forEach((k, v) -> out.put(k, v.sum() * 1e-9));
    return out;
  }
}
