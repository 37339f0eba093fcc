package io.tierpilot.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sends each LLM request to the cheapest service tier that will still meet its deadline, from live
 * per-tier latency knowledge and a cost budget. The one entry point of tierpilot core.
 *
 * <pre>{@code
 * TierScheduler scheduler = TierScheduler.newBuilder()
 *     .model(ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
 *         .prices(TierPrices.fromStandard(0.15, 0.60))
 *         .build())
 *     .sloClasses(SloClass.awsCategories())
 *     .budget(Budget.perWindow(50, Duration.ofHours(1)))
 *     .build();
 *
 * TierRequest request = scheduler.newRequest("openai.gpt-oss-120b-1:0")
 *     .inputTokens(900).maxTokens(512).sloClass("mission-critical").build();
 * CompletableFuture<TierResult<String>> result = scheduler.submit(request, attempt -> callModel(attempt));
 * }</pre>
 *
 * <h2>Two ways to use it</h2>
 *
 * <ul>
 *   <li><b>Dispatch</b>: {@link #submit} decides, queues, calls your {@link TierExecutor} within
 *       adaptive per-tier in-flight limits, re-decides after throttles and completes the returned
 *       future exactly once: with a result, or exceptionally with a {@link TierSchedulingException}
 *       ({@link DeadlineExceededException} when the deadline passed).
 *   <li><b>Decisions only</b>: {@link #decide} returns a {@link Decision}; you make the call and
 *       report its outcome with {@link #recordSuccess}, {@link #recordThrottle}, {@link
 *       #recordFailure}, {@link #recordTimeout} or {@link #recordUnsupported}; after a throttle you
 *       ask again with {@link #decide(TierRequest, Attempts)}. The simulator drives the scheduler
 *       this way on virtual time.
 * </ul>
 *
 * <h2>How a tier is chosen</h2>
 *
 * For each tier the model supports, the scheduler estimates the probability {@code P_t} that the
 * request finishes before its deadline if sent there now: from the tier's time-to-first-token and
 * time-per-output-token distributions over a sliding window, the predicted output length of the
 * request's model and class (never its real length, which nobody knows in advance), the tier's
 * throttle probability and the time a throttled attempt burns before the retry it forces. It picks
 * the cheapest tier with {@code P_t} at or above the class target; if none reaches it, the tier
 * with the highest {@code P_t}. When spend runs ahead of the budget's pace, a pacing multiplier
 * {@code m} relaxes each class's target to {@code 1 − (1 − target) · m^sensitivity}, so that the
 * least critical classes move to cheaper tiers first. A small share of requests explores tiers
 * whose estimates are stale, when their deadline allows it. The exact formulas are in the engine's
 * source and in {@code docs/decision-model.md}.
 *
 * <h2>Threads and time</h2>
 *
 * All methods are thread-safe. The scheduler reads time only from its {@link Ticker}, never sleeps
 * and starts no thread; given a virtual ticker and a single calling thread it is deterministic.
 */
public final class TierScheduler {
  private final Engine engine;
  private final Dispatcher dispatcher;
  private final Settings settings;

  private TierScheduler(Settings settings) {
    this.settings = settings;
    this.engine = new Engine(settings);
    this.dispatcher = new Dispatcher(engine);
  }

  /** Returns a builder with the documented defaults. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns the scheduler's ticker. */
  public Ticker ticker() {
    return settings.ticker;
  }

  /**
   * Starts a request for a model with its arrival time set to now on the scheduler's ticker.
   *
   * @param modelId the model id; not blank
   * @return a request builder
   */
  public TierRequest.Builder newRequest(String modelId) {
    return TierRequest.newBuilder(modelId).arrivalNanos(settings.ticker.read());
  }

  /** Returns the SLO classes, in configuration order. */
  public List<SloClass> sloClasses() {
    return settings.classes;
  }

  /**
   * Returns the configured SLO class of that name.
   *
   * @param name the class name; null for the default class
   * @return the class
   * @throws IllegalArgumentException if there is no such class
   */
  public SloClass sloClass(String name) {
    return settings.classes.get(engine.classIndex(name));
  }

  /**
   * Returns the model's configuration (created from the default prices for an unconfigured model if
   * those are set).
   *
   * @param modelId the model id; not null
   * @return the configuration
   * @throws IllegalArgumentException if the model is unknown and there are no default prices
   */
  public ModelConfig model(String modelId) {
    return engine.model(Checks.notNull(modelId, "modelId")).config;
  }

  /**
   * Returns the tiers the scheduler may still choose for a model: the configured ones minus those
   * the provider rejected as unsupported.
   *
   * @param modelId the model id; not null
   * @return an immutable set
   */
  public Set<Tier> supportedTiers(String modelId) {
    int mask = engine.model(Checks.notNull(modelId, "modelId")).supportedMask();
    Set<Tier> s = EnumSet.noneOf(Tier.class);
    for (Tier t : Tier.values()) {
      if ((mask & t.bit()) != 0) {
        s.add(t);
      }
    }
    return Collections.unmodifiableSet(s);
  }

  /**
   * Decides the first attempt of a request.
   *
   * @param request not null
   * @return a new decision
   * @throws IllegalArgumentException if the request names an unknown model or class
   */
  public Decision decide(TierRequest request) {
    return engine.decide(request, Attempts.none(), new Decision());
  }

  /**
   * Decides again after failed attempts, with the time that is left: escalates when the remaining
   * deadline needs it and never picks a tier marked unsupported.
   *
   * @param request not null
   * @param attempts what happened so far; not null
   * @return a new decision
   */
  public Decision decide(TierRequest request, Attempts attempts) {
    return engine.decide(request, attempts, new Decision());
  }

  /**
   * Decides into a caller-owned decision, allocating nothing: for hot paths that reuse one {@link
   * Decision} per thread. Record the previous outcome before reusing it.
   *
   * @param request not null
   * @param attempts what happened so far; not null
   * @param reuse overwritten and returned; not null
   * @return {@code reuse}
   */
  public Decision decide(TierRequest request, Attempts attempts, Decision reuse) {
    return engine.decide(request, attempts, reuse);
  }

  /**
   * Decides a backup (hedge) for a call whose first token is late: call this when a call made on
   * {@code primary}'s tier has produced no first token after its class's {@link
   * SloClass#hedgeDelay()}. Returns a decision with reason {@link ReasonCode#HEDGE} on a faster
   * tier (the cheapest above the primary's that reaches the target with the time left, else the
   * best), or {@link ReasonCode#NO_HEDGE} (no call) if the class does not hedge, its share of
   * hedges is used up, or nothing faster is supported. Keep whichever call finishes first; both are
   * billed and both outcomes must be recorded with their own decisions.
   *
   * @param primary the decision of the call that is late; it must have made a call
   * @return a new decision
   */
  public Decision hedge(Decision primary) {
    return engine.hedge(primary, new Decision());
  }

  /**
   * Reports a successful call. Spend is charged at the served tier's price for the actual usage;
   * the latency is learned for the served tier.
   *
   * @param decision the decision the call followed; it must have made a call
   * @param servedTier the tier that served the call, as the provider's response says; not null
   * @param latencyNanos end-to-end latency, {@code >= 0}
   * @param ttftNanos time to first token, in {@code [0, latencyNanos]}, or -1 if not measured
   * @param inputTokens input tokens billed, {@code >= 0}
   * @param outputTokens output tokens billed, {@code >= 0}
   */
  public void recordSuccess(
      Decision decision,
      Tier servedTier,
      long latencyNanos,
      long ttftNanos,
      long inputTokens,
      long outputTokens) {
    engine.recordSuccess(decision, servedTier, latencyNanos, ttftNanos, inputTokens, outputTokens);
  }

  /**
   * Reports that the decided tier had no capacity (throttling, service unavailable, model not
   * ready). Costs nothing; counts toward the tier's throttle probability.
   *
   * @param decision the decision the call followed; not null
   * @param elapsedNanos how long the throttled attempt took, {@code >= 0}
   */
  public void recordThrottle(Decision decision, long elapsedNanos) {
    engine.recordThrottle(decision, elapsedNanos);
  }

  /**
   * Reports that the call failed for another reason.
   *
   * @param decision the decision the call followed; not null
   * @param elapsedNanos how long the attempt took, {@code >= 0}
   */
  public void recordFailure(Decision decision, long elapsedNanos) {
    engine.recordFailure(decision, elapsedNanos);
  }

  /**
   * Reports that the call was abandoned at its timeout; the elapsed time is learned as a lower
   * bound of the tier's time to first token.
   *
   * @param decision the decision the call followed; not null
   * @param elapsedNanos how long the attempt took, {@code >= 0}
   */
  public void recordTimeout(Decision decision, long elapsedNanos) {
    engine.recordTimeout(decision, elapsedNanos);
  }

  /**
   * Reports that the provider rejected the decided tier as unsupported for the model: the tier is
   * not chosen again for it.
   *
   * @param decision the decision the call followed; not null
   * @return whether the tier was still marked supported
   */
  public boolean recordUnsupported(Decision decision) {
    return engine.recordUnsupported(decision);
  }

  /**
   * Schedules a request and performs it through {@code executor}: decides, waits for capacity if
   * the tier's in-flight limit is reached, calls, re-decides after throttles, and completes the
   * returned future exactly once.
   *
   * <p>Cancelling the returned future withdraws the request: no further attempt is made, a request
   * still waiting for capacity is never called, and the attempt in flight is cancelled if the stage
   * its executor returned is a {@link CompletableFuture} (cancelling an SDK call's future aborts
   * its HTTP request). Completing the future yourself withdraws the request the same way but leaves
   * the attempt in flight running. An attempt's outcome that arrives anyway is still recorded if it
   * is a success or a throttle (the provider served or refused it), never as the tier's failure;
   * the request counts as {@link SchedulerSnapshot#cancelled() cancelled}.
   *
   * @param request not null
   * @param executor performs one call on a given tier; not null
   * @param <R> the call's result type
   * @return a future with the result, or failed with a {@link TierSchedulingException} or, for an
   *     unknown model or class, an {@link IllegalArgumentException}
   */
  public <R> CompletableFuture<TierResult<R>> submit(
      TierRequest request, TierExecutor<R> executor) {
    return dispatcher.submit(request, executor);
  }

  /**
   * Fails every waiting request whose deadline has passed and starts waiting calls that have
   * capacity. Waiting requests are also checked whenever capacity frees up; call this periodically
   * only if your executor's calls can stall for long.
   *
   * @return the number of requests failed
   */
  public int expireOverdue() {
    return dispatcher.expireOverdue();
  }

  /**
   * Stops accepting submissions and fails every waiting request with {@link
   * TierSchedulingException.Reason#SHUT_DOWN}; calls in flight finish, without retries.
   *
   * @return the number of waiting requests failed
   */
  public int shutdown() {
    return dispatcher.shutdown();
  }

  /**
   * Returns the cost of a call in US dollars at a model's prices.
   *
   * @param modelId the model; not null
   * @param tier the tier that served the call; not null
   * @param inputTokens {@code >= 0}
   * @param outputTokens {@code >= 0}
   * @return dollars
   */
  public double costUsd(String modelId, Tier tier, long inputTokens, long outputTokens) {
    Checks.notNull(tier, "tier");
    return model(modelId).prices().costUsd(tier, inputTokens, outputTokens);
  }

  /** Returns the current budget pacing multiplier, {@code >= 1}. */
  public double pacingMultiplier() {
    return engine.pacingMultiplier();
  }

  /**
   * Returns the current budget admission {@code a}, in {@code (0, 1]}: a request of a class with
   * budget sensitivity {@code σ} is sent with probability {@code a^σ} (see {@link
   * Builder#maxShedShare}); 1 without a budget or while the budget is kept by cheaper tiers.
   */
  public double budgetAdmission() {
    return engine.admission();
  }

  /** Returns a snapshot of every (model, tier), the budget and the dispatch counters. */
  public SchedulerSnapshot snapshot() {
    long now = settings.ticker.read();
    engine.maintain(now);
    return engine.withMaintenanceLock(
        () -> {
          List<TierSnapshot> tiers = new ArrayList<>();
          List<ModelState> models = new ArrayList<>();
          engine.models().forEach(models::add);
          models.sort((a, b) -> a.id.compareTo(b.id));
          for (ModelState m : models) {
            Dispatcher.ModelLanes lanes = (Dispatcher.ModelLanes) m.lanes;
            for (TierState t : m.tiers) {
              if (t == null) {
                continue;
              }
              TierEstimate e = t.estimate;
              double[] lat = t.latencyPercentilesMillis();
              Dispatcher.Lane lane = lanes == null ? null : lanes.lanes[t.tier.ordinal()];
              tiers.add(
                  new TierSnapshot(
                      m.id,
                      t.tier,
                      (m.supportedMask() & t.tier.bit()) != 0,
                      t.decisions.sum(),
                      t.attempts.sum(),
                      t.successes.sum(),
                      t.throttles.sum(),
                      t.errors.sum(),
                      t.servedMismatches.sum(),
                      lane == null ? 0 : lane.inFlight.get(),
                      lane == null ? settings.initialTierLimit : lane.limitNow,
                      lane == null ? 0 : lane.queue.size(),
                      e.samples,
                      e.throttleProbability,
                      lat,
                      e.ttftNanos.quantile(0.5) / 1e6,
                      e.ttftNanos.quantile(0.99) / 1e6,
                      t.spendNanoUsd.sum() * 1e-9));
            }
          }
          return new SchedulerSnapshot(
              now,
              engine.pacingMultiplier(),
              engine.admission(),
              settings.budget,
              engine.spentWindowUsd(),
              engine.spentTotalUsd(),
              engine.spendByTagUsd(),
              dispatcher.submitted(),
              dispatcher.succeeded(),
              dispatcher.cancelled(),
              dispatcher.failed(),
              dispatcher.deadlineExceeded(),
              dispatcher.waiting(),
              tiers);
        });
  }

  @Override
  public String toString() {
    return "TierScheduler{classes="
        + settings.classes.size()
        + ", models="
        + settings.models.keySet()
        + ", window="
        + Durations.format(Duration.ofNanos(settings.windowNanos))
        + "/"
        + settings.slices
        + (settings.budget == null ? "" : ", " + settings.budget)
        + "}";
  }

  /**
   * Builds a {@link TierScheduler}. Every setting may be set once, by a method or by a
   * configuration file ({@link #configure(Path)}); a bad value fails at once with a message that
   * names the setting and the value. Not thread-safe.
   *
   * <p>Defaults: the system ticker; the three AWS categories as SLO classes with business-standard
   * as the default class; a sliding window of 5 minutes in 10 slices; prior weight 10 observations;
   * exploration share 0.01 of requests for tiers with fewer than 20 observations in the window;
   * retry throttle probability 0.5; at most 4 attempts per request; 4096 output tokens when a
   * request sets no {@code maxTokens}; output-length prior p50/p90/p99 = 200/700/2000 tokens; no
   * budget (pacing gain 0.5 and maximum multiplier 10,000 once one is set); in-flight limits of 32
   * per tier (up to 1024) and 64 per model account (up to 4096), raised by 1 per window of
   * successes and multiplied by 0.9 on a throttle; at most 100,000 waiting requests.
   */
  public static final class Builder {
    Ticker ticker = Ticker.systemTicker();
    private boolean tickerSet;
    final Map<String, SloClass> classes = new LinkedHashMap<>();
    String defaultClass;
    final Map<String, ModelConfig> models = new LinkedHashMap<>();
    TierPrices defaultPrices;
    final EnumMap<Tier, LatencyPrior> priors = new EnumMap<>(Tier.class);
    long outputP50 = 200;
    long outputP90 = 700;
    long outputP99 = 2000;
    private boolean outputPriorSet;
    long windowNanos = Duration.ofMinutes(5).toNanos();
    private boolean windowSet;
    int slices = 10;
    private boolean slicesSet;
    double priorWeight = 10;
    private boolean priorWeightSet;
    double exploration = 0.01;
    private boolean explorationSet;
    int minFreshSamples = 20;
    private boolean minFreshSet;
    long seed = 0x7113_9170_7L;
    private boolean seedSet;
    double retryThrottleProbability = 0.5;
    private boolean retryThrottleSet;
    int maxAttempts = 4;
    private boolean maxAttemptsSet;
    long[] deferralDelaysNanos = {
      Duration.ofSeconds(5).toNanos(),
      Duration.ofSeconds(30).toNanos(),
      Duration.ofMinutes(2).toNanos()
    };
    private boolean deferralSet;
    long throttleMemoryNanos = Duration.ofSeconds(60).toNanos();
    private boolean throttleMemorySet;
    long recencyNanos = Duration.ofSeconds(15).toNanos();
    private boolean recencySet;
    double recentWeight = 4;
    private boolean recentWeightSet;
    double errorBudgetGain = 0.3;
    double errorBudgetMargin = 0.3;
    double errorBudgetMax = 1.5;
    private boolean errorBudgetSet;
    double hedgeMaxShare = 0.05;
    private boolean hedgeShareSet;
    double bestEffortValue = 20;
    private boolean bestEffortSet;
    long defaultMaxTokens = 4096;
    private boolean defaultMaxTokensSet;
    Budget budget;
    double pacingGain = 0.5;
    private boolean pacingGainSet;
    double maxPacingMultiplier = 10_000;
    private boolean maxPacingSet;
    double maxShedShare = 1;
    private boolean maxShedSet;
    double pacingMargin = 0.03;
    private boolean pacingMarginSet;
    int initialTierLimit = 32;
    int maxTierLimit = 1024;
    private boolean tierLimitSet;
    int initialAccountLimit = 64;
    int maxAccountLimit = 4096;
    private boolean accountLimitSet;
    double limitIncrease = 1;
    private boolean limitIncreaseSet;
    double limitBackoff = 0.9;
    private boolean limitBackoffSet;
    int maxWaiting = 100_000;
    private boolean maxWaitingSet;
    final double[] throttleTolerance = defaultThrottleTolerance();
    private final boolean[] toleranceSet = new boolean[Tier.values().length];
    SchedulerListener listener = SchedulerListener.noop();
    private boolean listenerSet;

    private Builder() {}

    /**
     * Sets the time source: the system ticker by default; a virtual ticker in simulations and
     * tests.
     *
     * @param ticker not null
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      Checks.unset(tickerSet, "ticker");
      this.ticker = Checks.notNull(ticker, "ticker");
      tickerSet = true;
      return this;
    }

    /**
     * Adds an SLO class. Without any, the three AWS categories are used.
     *
     * @param sloClass not null; its name must be new
     * @return this builder
     */
    public Builder sloClass(SloClass sloClass) {
      Checks.notNull(sloClass, "sloClass");
      Checks.unset(classes.containsKey(sloClass.name()), "SLO class " + sloClass.name());
      classes.put(sloClass.name(), sloClass);
      return this;
    }

    /**
     * Adds SLO classes, for example {@link SloClass#awsCategories()}.
     *
     * @param sloClasses not null, no nulls
     * @return this builder
     */
    public Builder sloClasses(Collection<SloClass> sloClasses) {
      Checks.notNull(sloClasses, "sloClasses");
      for (SloClass c : sloClasses) {
        sloClass(c);
      }
      return this;
    }

    /**
     * Sets the class of requests that name none. Default: business-standard if configured, else the
     * first class.
     *
     * @param name a configured class; not blank
     * @return this builder
     */
    public Builder defaultClass(String name) {
      Checks.unset(defaultClass != null, "defaultClass");
      this.defaultClass = Checks.notBlank(name, "defaultClass");
      return this;
    }

    /**
     * Adds a model.
     *
     * @param model not null; its id must be new
     * @return this builder
     */
    public Builder model(ModelConfig model) {
      Checks.notNull(model, "model");
      Checks.unset(models.containsKey(model.id()), "model " + model.id());
      models.put(model.id(), model);
      return this;
    }

    /**
     * Sets the prices of models that are not configured; without them an unconfigured model is an
     * error. Such models support Flex, Standard and Priority.
     *
     * @param prices not null
     * @return this builder
     */
    public Builder defaultPrices(TierPrices prices) {
      Checks.unset(defaultPrices != null, "defaultPrices");
      this.defaultPrices = Checks.notNull(prices, "defaultPrices");
      return this;
    }

    /**
     * Sets the latency prior of a tier for every model that does not override it.
     *
     * @param tier not null
     * @param prior not null
     * @return this builder
     */
    public Builder prior(Tier tier, LatencyPrior prior) {
      Checks.notNull(tier, "tier");
      Checks.unset(priors.containsKey(tier), "prior of tier " + tier);
      priors.put(tier, Checks.notNull(prior, "prior"));
      return this;
    }

    /**
     * Sets the prior of output lengths in tokens, used until a model and class have observations.
     *
     * @param p50 median, {@code > 0}
     * @param p90 90th percentile, {@code >= p50}
     * @param p99 99th percentile, {@code >= p90}
     * @return this builder
     */
    public Builder outputTokensPrior(long p50, long p90, long p99) {
      Checks.unset(outputPriorSet, "outputTokensPrior");
      if (!(p50 > 0 && p90 >= p50 && p99 >= p90)) {
        throw new IllegalArgumentException(
            "outputTokensPrior must satisfy 0 < p50 <= p90 <= p99, was "
                + p50
                + ", "
                + p90
                + ", "
                + p99);
      }
      outputP50 = p50;
      outputP90 = p90;
      outputP99 = p99;
      outputPriorSet = true;
      return this;
    }

    /**
     * Sets the sliding window over which latency, throttles and output lengths are learned.
     * Estimates follow a change within one window.
     *
     * @param window at least one millisecond per slice; not null
     * @return this builder
     */
    public Builder window(Duration window) {
      Checks.unset(windowSet, "window");
      this.windowNanos = Checks.positiveNanos(window, "window");
      windowSet = true;
      return this;
    }

    /**
     * Sets the number of slices of the window: estimates are refreshed once per slice.
     *
     * @param slices in [1, 1000]
     * @return this builder
     */
    public Builder slices(int slices) {
      Checks.unset(slicesSet, "slices");
      if (slices < 1 || slices > 1000) {
        throw new IllegalArgumentException("slices must be in [1, 1000], was " + slices);
      }
      this.slices = slices;
      slicesSet = true;
      return this;
    }

    /**
     * Sets how many observations a prior counts as when blended with the window.
     *
     * @param weight {@code >= 0}
     * @return this builder
     */
    public Builder priorWeight(double weight) {
      Checks.unset(priorWeightSet, "priorWeight");
      this.priorWeight = Checks.nonNegative(weight, "priorWeight");
      priorWeightSet = true;
      return this;
    }

    /**
     * Sets the share of requests that explore a tier with a stale estimate when their deadline
     * allows it.
     *
     * @param share in [0, 1]
     * @return this builder
     */
    public Builder explorationShare(double share) {
      Checks.unset(explorationSet, "explorationShare");
      this.exploration = Checks.probability(share, "explorationShare");
      explorationSet = true;
      return this;
    }

    /**
     * Sets how many observations in the window make a tier's estimate fresh (not explored).
     *
     * @param samples {@code >= 0}
     * @return this builder
     */
    public Builder minFreshSamples(int samples) {
      Checks.unset(minFreshSet, "minFreshSamples");
      this.minFreshSamples = (int) Checks.nonNegative(samples, "minFreshSamples");
      minFreshSet = true;
      return this;
    }

    /**
     * Sets the seed of the exploration draws.
     *
     * @param seed any value
     * @return this builder
     */
    public Builder seed(long seed) {
      Checks.unset(seedSet, "seed");
      this.seed = seed;
      seedSet = true;
      return this;
    }

    /**
     * Sets the probability assumed that a tier throttles again right after it throttled the same
     * request (throttles come in bursts).
     *
     * @param probability in [0, 1]
     * @return this builder
     */
    public Builder retryThrottleProbability(double probability) {
      Checks.unset(retryThrottleSet, "retryThrottleProbability");
      this.retryThrottleProbability = Checks.probability(probability, "retryThrottleProbability");
      retryThrottleSet = true;
      return this;
    }

    /**
     * Sets the most attempts one request may make.
     *
     * @param attempts in [1, 100]
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      Checks.unset(maxAttemptsSet, "maxAttempts");
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be in [1, 100], was " + attempts);
      }
      this.maxAttempts = attempts;
      maxAttemptsSet = true;
      return this;
    }

    /**
     * Sets the waits a decision may recommend after a throttle ({@link ReasonCode#DEFERRED}): a
     * cheaper tier that just throttled the request is considered again after each of these delays,
     * as its burst memory ({@link #throttleMemory}) fades. Default 5 s, 30 s and 2 min; none turns
     * deferral off. {@link TierScheduler#submit} never defers (core has no timer); callers of
     * {@link TierScheduler#decide(TierRequest, Attempts)} wait {@link Decision#delayNanos()} and
     * ask again.
     *
     * @param delays positive, ascending; not null
     * @return this builder
     */
    public Builder deferralDelays(Duration... delays) {
      Checks.unset(deferralSet, "deferralDelays");
      Checks.notNull(delays, "deferralDelays");
      long[] d = new long[delays.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = Checks.positiveNanos(delays[i], "deferralDelays[" + i + "]");
        if (i > 0 && d[i] <= d[i - 1]) {
          throw new IllegalArgumentException(
              "deferralDelays must be ascending, was " + java.util.Arrays.toString(delays));
        }
      }
      this.deferralDelaysNanos = d;
      deferralSet = true;
      return this;
    }

    /**
     * Sets how long a throttle keeps a tier suspect for the request it throttled: right after it,
     * the tier throttles that request again with probability {@code max(θ,
     * retryThrottleProbability)}, fading toward its window rate {@code θ} as {@code exp(-wait /
     * memory)}; while the wait is shorter than the memory, the tier gets no credit for a further
     * retry. Default 60 s: longer than the 30-second deferral, so that a request deferred out of a
     * burst does not count on a retry that the same burst, still running, takes away.
     *
     * @param memory positive; not null
     * @return this builder
     */
    public Builder throttleMemory(Duration memory) {
      Checks.unset(throttleMemorySet, "throttleMemory");
      this.throttleMemoryNanos = Checks.positiveNanos(memory, "throttleMemory");
      throttleMemorySet = true;
      return this;
    }

    /**
     * Sets how much more a call of the window's last two slices (a minute with the default window)
     * counts in each tier's time-to-first-token distribution than an older call of the window
     * (default 4; 1 weighs the window evenly). A queue that built up in a burst leaves a long tail
     * of waits in the window; weighing the latest slices more lets the tail fade soon after the
     * queue drained instead of after the whole window. The latest slices count extra only once they
     * hold 20 calls.
     *
     * @param weight {@code >= 1}
     * @return this builder
     */
    public Builder recentWeight(double weight) {
      Checks.unset(recentWeightSet, "recentWeight");
      if (!(weight >= 1) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("recentWeight must be >= 1, was " + weight);
      }
      this.recentWeight = weight;
      recentWeightSet = true;
      return this;
    }

    /**
     * Sets the time constant of the recent time-to-first-token average that shifts each tier's
     * estimate when its queue builds or drains faster than the sliding window follows (see the
     * decision model). Default 15 s; zero turns it off.
     *
     * @param recency not negative; not null
     * @return this builder
     */
    public Builder recency(Duration recency) {
      Checks.unset(recencySet, "recency");
      Checks.notNull(recency, "recency");
      if (recency.isNegative()) {
        throw new IllegalArgumentException("recency must not be negative, was " + recency);
      }
      this.recencyNanos = recency.isZero() ? 0 : Checks.positiveNanos(recency, "recency");
      recencySet = true;
      return this;
    }

    /**
     * Sets the error-budget controller of every class (see the decision model): how fast the
     * per-request target follows the class's realized miss rate, what share of the class's error
     * budget {@code 1 − target} it keeps in reserve, and how far it may relax a request's target (a
     * request may risk at most {@code max} times the class's miss probability). Defaults: gain 0.3,
     * margin 0.3, max 1.5. Gain 0 turns it off: every request is then held to the class target.
     *
     * @param gain {@code >= 0}
     * @param margin in [0, 1)
     * @param max {@code >= 1}
     * @return this builder
     */
    public Builder errorBudget(double gain, double margin, double max) {
      Checks.unset(errorBudgetSet, "errorBudget");
      this.errorBudgetGain = Checks.nonNegative(gain, "errorBudget gain");
      if (!(margin >= 0 && margin < 1)) {
        throw new IllegalArgumentException("errorBudget margin must be in [0, 1), was " + margin);
      }
      if (!(max >= 1) || Double.isInfinite(max)) {
        throw new IllegalArgumentException("errorBudget max must be >= 1, was " + max);
      }
      this.errorBudgetMargin = margin;
      this.errorBudgetMax = max;
      errorBudgetSet = true;
      return this;
    }

    /**
     * Sets what a met deadline is worth, as a multiple of the request's cost on its cheapest tier,
     * when no tier reaches the class target: a dearer tier is then chosen only if its extra
     * probability of meeting the deadline, times this value, exceeds its extra cost. Default 20: a
     * tier 1.75 times as dear must add at least 3.75 points of probability.
     *
     * @param value {@code > 0}
     * @return this builder
     */
    public Builder bestEffortValue(double value) {
      Checks.unset(bestEffortSet, "bestEffortValue");
      this.bestEffortValue = Checks.positive(value, "bestEffortValue");
      bestEffortSet = true;
      return this;
    }

    /**
     * Sets the most hedges a class may send, as a share of its first calls (plus a burst allowance
     * of 5). Default 0.05. Only classes with a {@link SloClass#hedgeDelay()} hedge.
     *
     * @param share in [0, 1]
     * @return this builder
     */
    public Builder hedgeMaxShare(double share) {
      Checks.unset(hedgeShareSet, "hedgeMaxShare");
      this.hedgeMaxShare = Checks.probability(share, "hedgeMaxShare");
      hedgeShareSet = true;
      return this;
    }

    /**
     * Sets the output-token cap assumed for requests that set no {@code maxTokens}.
     *
     * @param maxTokens {@code > 0}
     * @return this builder
     */
    public Builder defaultMaxTokens(long maxTokens) {
      Checks.unset(defaultMaxTokensSet, "defaultMaxTokens");
      this.defaultMaxTokens = Checks.positive(maxTokens, "defaultMaxTokens");
      defaultMaxTokensSet = true;
      return this;
    }

    /**
     * Sets a budget to pace spend against.
     *
     * @param budget not null
     * @return this builder
     */
    public Builder budget(Budget budget) {
      Checks.unset(this.budget != null, "budget");
      this.budget = Checks.notNull(budget, "budget");
      return this;
    }

    /**
     * Sets the gain of the pacing controller: how fast the pacing multiplier reacts.
     *
     * @param gain {@code > 0}
     * @return this builder
     */
    public Builder pacingGain(double gain) {
      Checks.unset(pacingGainSet, "pacingGain");
      this.pacingGain = Checks.positive(gain, "pacingGain");
      pacingGainSet = true;
      return this;
    }

    /**
     * Sets the largest pacing multiplier.
     *
     * @param max {@code >= 1}
     * @return this builder
     */
    public Builder maxPacingMultiplier(double max) {
      Checks.unset(maxPacingSet, "maxPacingMultiplier");
      if (!(max >= 1) || Double.isInfinite(max)) {
        throw new IllegalArgumentException("maxPacingMultiplier must be >= 1, was " + max);
      }
      this.maxPacingMultiplier = max;
      maxPacingSet = true;
      return this;
    }

    /**
     * Sets the share of the budget that pacing keeps in reserve (default 0.03): it paces spend to
     * {@code (1 − margin)} of the budget, so that a burst it has not seen yet, or calls still in
     * flight when the window ends, do not carry the spend over the budget. The hard cap is not
     * affected.
     *
     * @param margin in {@code [0, 0.5]}
     * @return this builder
     */
    public Builder pacingMargin(double margin) {
      Checks.unset(pacingMarginSet, "pacingMargin");
      if (!(margin >= 0 && margin <= 0.5)) {
        throw new IllegalArgumentException("pacingMargin must be in [0, 0.5], was " + margin);
      }
      this.pacingMargin = margin;
      pacingMarginSet = true;
      return this;
    }

    /**
     * Sets the largest share of requests that budget pacing may refuse in a class with budget
     * sensitivity 1 (default 1: as many as the budget needs). Pacing refuses requests only once the
     * pacing multiplier is at its maximum (the classes that give way on their cheapest tiers) and
     * the spend still runs ahead of the budget, and only requests of classes that accept refusals
     * ({@link SloClass.HardCapRule#REJECT}, sensitivity {@code σ > 0}): such a request is sent with
     * probability {@code a^σ}, the admission {@code a} paced on the whole spend (one draw per
     * request), and otherwise refused ({@link ReasonCode#BUDGET_SHED}). 0 never refuses a request:
     * the budget is then kept only as far as cheaper tiers can keep it.
     *
     * @param share in {@code [0, 1]}
     * @return this builder
     */
    public Builder maxShedShare(double share) {
      Checks.unset(maxShedSet, "maxShedShare");
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("maxShedShare must be in [0, 1], was " + share);
      }
      this.maxShedShare = share;
      maxShedSet = true;
      return this;
    }

    /**
     * Sets the in-flight limit of each (model, tier) for {@link TierScheduler#submit}: where it
     * starts and how far it may grow.
     *
     * @param initial in [1, max]
     * @param max {@code >= initial}
     * @return this builder
     */
    public Builder tierConcurrency(int initial, int max) {
      Checks.unset(tierLimitSet, "tierConcurrency");
      limits(initial, max, "tierConcurrency");
      this.initialTierLimit = initial;
      this.maxTierLimit = max;
      tierLimitSet = true;
      return this;
    }

    /**
     * Sets the in-flight limit of each model across all its tiers (the account quota that all tiers
     * share): where it starts and how far it may grow.
     *
     * @param initial in [1, max]
     * @param max {@code >= initial}
     * @return this builder
     */
    public Builder accountConcurrency(int initial, int max) {
      Checks.unset(accountLimitSet, "accountConcurrency");
      limits(initial, max, "accountConcurrency");
      this.initialAccountLimit = initial;
      this.maxAccountLimit = max;
      accountLimitSet = true;
      return this;
    }

    private static void limits(int initial, int max, String name) {
      if (initial < 1 || max < initial) {
        throw new IllegalArgumentException(
            name + " must satisfy 1 <= initial <= max, was " + initial + ", " + max);
      }
    }

    /**
     * Sets how much a window of successes raises an in-flight limit.
     *
     * @param increase {@code > 0}
     * @return this builder
     */
    public Builder limitIncrease(double increase) {
      Checks.unset(limitIncreaseSet, "limitIncrease");
      this.limitIncrease = Checks.positive(increase, "limitIncrease");
      limitIncreaseSet = true;
      return this;
    }

    /**
     * Sets the factor a throttle multiplies an in-flight limit by.
     *
     * @param backoff in (0, 1)
     * @return this builder
     */
    public Builder limitBackoff(double backoff) {
      Checks.unset(limitBackoffSet, "limitBackoff");
      this.limitBackoff = Checks.openProbability(backoff, "limitBackoff");
      limitBackoffSet = true;
      return this;
    }

    private static double[] defaultThrottleTolerance() {
      double[] t = new double[Tier.values().length];
      t[Tier.FLEX.ordinal()] = 0.25;
      return t;
    }

    /**
     * Sets the share of throttled calls a tier's in-flight limit tolerates before it backs off.
     * Defaults: 0.25 for Flex, which rejects calls by design when the provider is busy (the
     * decisions already count on that), and 0 for the other tiers, on which a throttle signals the
     * account quota.
     *
     * @param tier not null
     * @param share in [0, 1)
     * @return this builder
     */
    public Builder throttleTolerance(Tier tier, double share) {
      Checks.notNull(tier, "tier");
      Checks.unset(toleranceSet[tier.ordinal()], "throttleTolerance of " + tier);
      if (!(share >= 0 && share < 1)) {
        throw new IllegalArgumentException(
            "throttleTolerance of " + tier + " must be in [0, 1), was " + share);
      }
      throttleTolerance[tier.ordinal()] = share;
      toleranceSet[tier.ordinal()] = true;
      return this;
    }

    /**
     * Sets the most submitted requests that may wait for capacity; beyond it {@code submit} fails
     * with {@link TierSchedulingException.Reason#QUEUE_FULL}.
     *
     * @param max {@code >= 1}
     * @return this builder
     */
    public Builder maxWaiting(int max) {
      Checks.unset(maxWaitingSet, "maxWaiting");
      if (max < 1) {
        throw new IllegalArgumentException("maxWaiting must be >= 1, was " + max);
      }
      this.maxWaiting = max;
      maxWaitingSet = true;
      return this;
    }

    /**
     * Sets the listener that receives every decision and outcome.
     *
     * @param listener not null
     * @return this builder
     */
    public Builder listener(SchedulerListener listener) {
      Checks.unset(listenerSet, "listener");
      this.listener = Checks.notNull(listener, "listener");
      listenerSet = true;
      return this;
    }

    /**
     * Applies a configuration in the tierpilot properties format (see {@code
     * docs/configuration.md}). Unknown keys are errors, so that a typo does not pass silently.
     *
     * @param properties not null
     * @param source names the configuration in error messages, for example its file name
     * @return this builder
     * @throws IllegalArgumentException naming the source, the key and the value of a bad entry
     */
    public Builder configure(Properties properties, String source) {
      ConfigLoader.apply(
          Checks.notNull(properties, "properties"), Checks.notNull(source, "source"), this);
      return this;
    }

    /**
     * Applies a configuration file in the tierpilot properties format (see {@code
     * docs/configuration.md}): Java properties syntax, read as UTF-8; a key given twice is an
     * error.
     *
     * @param file a properties file in UTF-8; not null
     * @return this builder
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, the line, the key and the value of a bad
     *     entry, or the file if it is not UTF-8
     */
    public Builder configure(Path file) {
      Checks.notNull(file, "file");
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(file + ": not UTF-8 text", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read configuration " + file, e);
      }
      Map<String, Integer> lines = new HashMap<>();
      Properties p = ConfigLoader.read(text, file.toString(), lines);
      ConfigLoader.apply(p, file.toString(), lines, this);
      return this;
    }

    /**
     * Returns the scheduler.
     *
     * @throws IllegalStateException if the configuration is inconsistent (for example a default
     *     class that is not configured, or a window shorter than one millisecond per slice)
     */
    public TierScheduler build() {
      if (classes.isEmpty()) {
        sloClasses(SloClass.awsCategories());
      }
      if (defaultClass == null) {
        defaultClass =
            classes.containsKey("business-standard")
                ? "business-standard"
                : classes.keySet().iterator().next();
      } else if (!classes.containsKey(defaultClass)) {
        throw new IllegalStateException(
            "defaultClass '" + defaultClass + "' is not one of the classes " + classes.keySet());
      }
      if (windowNanos / slices < 1_000_000L) {
        throw new IllegalStateException(
            "window / slices must be at least 1 ms, was " + windowNanos + " ns / " + slices);
      }
      if (initialTierLimit > maxTierLimit || initialAccountLimit > maxAccountLimit) {
        throw new IllegalStateException("an initial in-flight limit exceeds its maximum");
      }
      return new TierScheduler(new Settings(this));
    }
  }
}
