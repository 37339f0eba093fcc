package io.tierpilot.sim.engine;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.metrics.ClassResult;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.policy.Policies;
import io.tierpilot.sim.policy.Policy;
import io.tierpilot.sim.policy.PolicyContext;
import io.tierpilot.sim.workload.TraceRequest;
import io.tierpilot.sim.workload.Workload;
import io.tierpilot.sim.workload.WorkloadSpec;
import io.tierpilot.sim.workload.Workloads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * One policy's run over the workload: a discrete-event simulation on virtual time. The workload
 * streams in arrival order; the future event list holds other customers' arrivals, completions,
 * Flex expiries, throttle responses and client retries, ordered by time and then by scheduling
 * order, so a run is deterministic for a given scenario and seed. Single-threaded.
 *
 * <p>Randomness never depends on the policy: a request's class, service-time noise and throttle and
 * downgrade draws are functions of the seed, its position in the workload and its attempt number;
 * other customers' traffic comes from a generator seeded per model. Every policy therefore meets
 * the identical workload and the identical world (common random numbers).
 */
public final class Simulation implements Clairvoyance {
  private static final int BACKGROUND = 0;
  private static final int COMPLETE = 1;
  private static final int EXPIRE = 2;
  private static final int THROTTLE_RESPONSE = 3;
  private static final int RETRY = 4;
  private static final int MINUTE = 5;
  private static final int HEDGE = 6;

  private static final long CLASS_STREAM = 1;
  private static final long WARM_UP_NANOS = 300_000_000_000L;
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final int PROJECTION_EVENTS = 200_000;

  private final Scenario scenario;
  private final VirtualClock clock = new VirtualClock();
  private final EventQueue events = new EventQueue();
  private final Map<String, ModelPool> pools = new HashMap<>();
  private final Policy policy;
  private final PolicyResult result;
  private final double[] classCumulative;
  private final Map<String, Integer> classIndex = new HashMap<>();
  private final List<Double> multipliers = new ArrayList<>();
  private final LongConsumer progress;
  private long now;
  private long outstanding;
  private long ourCalls; // our calls accepted by the provider and not finished (billing pending)
  private long index;
  private long lastFinishNanos;
  private long skipped;
  private long unknownClassSkipped;
  private long cappedRows;
  private final List<String> unknownClassExamples = new ArrayList<>();
  private List<String> readerExamples = List.of();
  private long failedCalls;
  private LongConsumer waitObserver;
  private FinishObserver finishObserver;

  /** Sees every request that ends, for tests and analyses. */
  interface FinishObserver {
    /**
     * @param r the request
     * @param nowNanos when it ended
     * @param completed whether a call returned a result
     * @param met whether it met its deadline
     */
    void finished(SimRequest r, long nowNanos, boolean completed, boolean met);
  }

  /**
   * @param scenario the scenario
   * @param policyName the policy to run
   * @param progress receives the number of requests read so far, every 10,000; may be null
   */
  public Simulation(Scenario scenario, String policyName, LongConsumer progress) {
    this.scenario = scenario;
    this.progress = progress;
    PolicyContext ctx =
        new PolicyContext(
            scenario.classes,
            scenario.prices,
            clock,
            scenario.budget,
            scenario.schedulerConfig,
            scenario.target,
            scenario.maxTokens,
            scenario.seed,
            this,
            scenario.hedging);
    this.policy = Policies.create(policyName, ctx);
    List<ClassResult> classes = new ArrayList<>();
    classCumulative = new double[scenario.classes.size()];
    double sum = 0;
    for (int i = 0; i < scenario.classes.size(); i++) {
      SloClassSpec c = scenario.classes.get(i);
      classes.add(new ClassResult(c.name, c.deadlineNanos, scenario.target));
      classIndex.put(c.name, i);
      sum += c.share;
      classCumulative[i] = sum;
    }
    classCumulative[classCumulative.length - 1] = Double.POSITIVE_INFINITY;
    double budgetPerHour =
        scenario.budget == null
            ? Double.NaN
            : scenario.budget.amountUsd() * 3600e9 / scenario.budget.window().toNanos();
    this.result = new PolicyResult(policy.name(), policy.description(), classes, budgetPerHour);
  }

  /**
   * Observes, in service order, the time each of our calls waited in the provider's queue before
   * its service started, nanoseconds (for checks against queueing theory).
   */
  void observeWaits(LongConsumer observer) {
    this.waitObserver = observer;
  }

  /** Observes every request as it ends (for tests and analyses). */
  void observeFinishes(FinishObserver observer) {
    this.finishObserver = observer;
  }

  /** Returns the result after {@link #run()}. */
  PolicyResult resultForRunner() {
    return result;
  }

  /** Returns the policy under simulation. */
  public Policy policy() {
    return policy;
  }

  /** Runs the simulation to the end of the workload and returns the policy's result. */
  public PolicyResult run() throws IOException {
    List<Workload> sources = new ArrayList<>();
    try {
      for (WorkloadSpec w : scenario.workloads) {
        sources.add(w.open(scenario.workloadOptions));
      }
    } catch (IOException | RuntimeException e) {
      for (Workload w : sources) {
        w.close();
      }
      throw e;
    }
    try (Workload workload = sources.size() == 1 ? sources.get(0) : Workloads.merge(sources)) {
      loop(workload);
      skipped = workload.skipped() + unknownClassSkipped;
      readerExamples = workload.skippedExamples();
      failedCalls = workload.failedCalls();
    }
    result.close(multipliers);
    return result;
  }

  /** Returns the rows the workload skipped as invalid (after {@link #run()}). */
  public long skipped() {
    return skipped;
  }

  /** Returns the first skipped rows, as the errors they would have been (after {@link #run()}). */
  public List<String> skippedExamples() {
    List<String> all = new ArrayList<>(readerExamples);
    for (String e : unknownClassExamples) {
      if (all.size() < Workload.SKIPPED_EXAMPLES) {
        all.add(e);
      }
    }
    return all;
  }

  /**
   * Returns the requests whose recorded output was longer than the scenario's {@code maxTokens} and
   * was replayed cut to it (after {@link #run()}).
   */
  public long cappedRows() {
    return cappedRows;
  }

  /** Returns the rows that recorded failed calls (after {@link #run()}). */
  public long failedCalls() {
    return failedCalls;
  }

  /** Returns the time the last request finished, nanoseconds from the workload's start. */
  public long lastFinishNanos() {
    return lastFinishNanos;
  }

  private void loop(Workload workload) throws IOException {
    pool(scenario.defaultModel);
    events.add(MINUTE_NANOS, MINUTE, null);
    TraceRequest next = workload.next();
    while (next != null || outstanding > 0 || ourCalls > 0) {
      long t = events.peekTime();
      if (next != null && next.arrivalNanos <= t) {
        advance(next.arrivalNanos);
        arrive(next);
        next = scenario.maxRequests >= 0 && index >= scenario.maxRequests ? null : workload.next();
        if (progress != null && index % 10_000 == 0) {
          progress.accept(index);
        }
        continue;
      }
      advance(t);
      int kind = events.peekKind();
      Object payload = events.peekPayload();
      events.poll();
      switch (kind) {
        case BACKGROUND:
          background((ModelPool) payload);
          break;
        case COMPLETE:
          complete((Job) payload);
          break;
        case EXPIRE:
          expire((Job) payload);
          break;
        case THROTTLE_RESPONSE:
          throttled((SimRequest) payload);
          break;
        case RETRY:
          attempt((SimRequest) payload);
          break;
        case HEDGE:
          hedge((SimRequest) payload);
          break;
        default:
          multipliers.add(policy.pacingMultiplier());
          events.add(now + MINUTE_NANOS, MINUTE, null);
          break;
      }
    }
    if (progress != null) {
      progress.accept(index);
    }
  }

  private void advance(long t) {
    now = t;
    clock.set(t);
  }

  // ------------------------------------------------------------------ our requests

  private void arrive(TraceRequest t) {
    Integer known = t.sloClass == null ? null : classIndex.get(t.sloClass);
    if (t.sloClass != null && known == null) {
      String where =
          t.file != null ? t.file + ":" + t.line + ": " : "the workload's request " + index + ": ";
      String problem =
          where
              + "class '"
              + t.sloClass
              + "' is not one of the classes of --classes "
              + classIndex.keySet();
      if (scenario.workloadOptions.skipInvalid()) {
        unknownClassSkipped++; // counted with the malformed rows
        if (unknownClassExamples.size() < Workload.SKIPPED_EXAMPLES) {
          unknownClassExamples.add(problem);
        }
        return;
      }
      throw new IllegalArgumentException(
          problem + " (add it there, or skip such rows with --skip-invalid)");
    }
    long i = index++;
    String model = t.model != null ? t.model : scenario.defaultModel;
    int c;
    if (known != null) {
      c = known;
    } else if (classCumulative.length == 1) {
      c = 0;
    } else {
      double u = Rng.uniform(scenario.seed, i, CLASS_STREAM);
      c = 0;
      while (u >= classCumulative[c]) {
        c++;
      }
    }
    SloClassSpec cls = scenario.classes.get(c);
    long budget = t.deadlineNanos >= 0 ? t.deadlineNanos : cls.deadlineNanos;
    if (t.outputTokens > scenario.maxTokens) {
      cappedRows++;
    }
    int output = (int) Math.min(t.outputTokens, scenario.maxTokens);
    SimRequest r = new SimRequest(i, t, model, c, cls.name, now, now + budget, output);
    result.arrival(now);
    outstanding++;
    attempt(r);
  }

  private void attempt(SimRequest r) {
    Tier tier = policy.choose(r, now);
    if (tier == null) {
      finish(r, false, false);
      return;
    }
    if (r.deferNanos > 0) {
      events.add(now + r.deferNanos, RETRY, r);
      r.deferNanos = 0;
      return;
    }
    if (r.attempts > 0) {
      result.retry();
    }
    ModelPool pool = pool(r.model);
    Tier served = pool.served(r, tier);
    long throttleDelay = pool.admit(r, served, now);
    Job job = throttleDelay == ModelPool.ACCEPTED ? pool.ourJob(r, served, now, false) : null;
    r.attempts++;
    r.tier = tier;
    r.attemptStartNanos = now;
    if (job == null) {
      events.add(now + throttleDelay, THROTTLE_RESPONSE, r);
      return;
    }
    r.primary = job;
    r.calls++;
    ourCalls++;
    submit(pool, job);
    long hedgeDelay = r.hedged ? -1 : policy.hedgeDelayNanos(r);
    if (hedgeDelay > 0 && now + hedgeDelay < r.deadlineNanos) {
      events.add(now + hedgeDelay, HEDGE, r);
    }
  }

  /** The primary call of the request was throttled (at admission, or after waiting). */
  private void throttled(SimRequest r) {
    result.throttled(now);
    policy.onThrottle(r, now - r.attemptStartNanos, now);
    if (r.calls > 0) {
      r.retryPending = true; // a hedge is still in flight: retry only if it fails too
      return;
    }
    retry(r);
  }

  private void retry(SimRequest r) {
    r.retryPending = false;
    long delay = policy.retryDelayNanos(r);
    if (delay <= 0) {
      attempt(r);
    } else {
      events.add(now + delay, RETRY, r);
    }
  }

  /** The hedge delay of an attempt passed: if its first token is late, ask for a backup call. */
  private void hedge(SimRequest r) {
    Job primary = r.primary;
    if (r.done || r.hedged || primary == null || primary.enqueuedNanos != r.attemptStartNanos) {
      return; // finished, already hedged, or a later attempt
    }
    if (primary.started && primary.startedNanos + primary.ttftServiceNanos <= now) {
      return; // the first token has arrived
    }
    Tier tier = policy.hedge(r, now);
    if (tier == null) {
      return;
    }
    r.hedged = true;
    result.hedge();
    ModelPool pool = pool(r.model);
    Tier served = pool.served(r, tier);
    if (pool.admit(r, served, now) != ModelPool.ACCEPTED) {
      result.throttled(now);
      policy.onHedgeOutcome(r, true, tier, 0, -1, 0, now);
      return;
    }
    Job job = pool.ourJob(r, served, now, true);
    job.hedge = true;
    r.calls++;
    ourCalls++;
    submit(pool, job);
  }

  private void finish(SimRequest r, boolean completed, boolean met) {
    r.done = true;
    outstanding--;
    lastFinishNanos = Math.max(lastFinishNanos, now);
    result.finished(now, r.classIndex, completed, now - r.arrivalNanos, met, r.expired);
    if (r.refused) {
      result.refuse(now);
    }
    if (!Double.isNaN(r.firstPrediction)) {
      result.calibration(r.firstPrediction, met);
    }
    if (finishObserver != null) {
      finishObserver.finished(r, now, completed, met);
    }
  }

  // ------------------------------------------------------------------ the provider

  private ModelPool lastPool;

  private ModelPool pool(String model) {
    ModelPool last = lastPool;
    if (last != null && last.model.equals(model)) {
      return last;
    }
    ModelPool p = pools.get(model);
    if (p == null) {
      p = new ModelPool(model, scenario.provider, scenario.seed);
      // two event lanes per fleet: its next background arrival, and its Flex expiries
      p.backgroundLane = 2 * pools.size();
      p.expireLane = p.backgroundLane + 1;
      pools.put(model, p);
      warmUp(p);
    }
    lastPool = p;
    return p;
  }

  /**
   * Runs a new model's background traffic alone for five minutes before now, so that its fleet is
   * as busy as it would be when our first request arrives, then hands its pending events to the
   * main event list.
   */
  private void warmUp(ModelPool p) {
    if (p.background.nextArrivalNanos() == Long.MAX_VALUE) {
      return;
    }
    long end = now;
    long saved = now;
    EventQueue local = new EventQueue();
    EventQueue main = swapEvents(local);
    now = end - WARM_UP_NANOS;
    long offset = now;
    // the background generator counts from its own zero: shift it to start at offset
    local.addToLane(p.backgroundLane, offset + p.background.nextArrivalNanos(), BACKGROUND, p);
    while (local.peekTime() < end) {
      now = local.peekTime();
      int kind = local.peekKind();
      Object payload = local.peekPayload();
      local.poll();
      if (kind == BACKGROUND) {
        Job job = p.backgroundArrival(now);
        if (job != null) {
          submit(p, job);
        }
        local.addToLane(p.backgroundLane, offset + p.background.nextArrivalNanos(), BACKGROUND, p);
      } else if (kind == COMPLETE) {
        complete((Job) payload);
      } else {
        expire((Job) payload);
      }
    }
    swapEvents(main);
    // in time order, each to the same kind of store (a lane's events stay in time order)
    while (!local.isEmpty()) {
      int lane = local.peekLane();
      if (lane < 0) {
        main.add(local.peekTime(), local.peekKind(), local.peekPayload());
      } else {
        main.addToLane(lane, local.peekTime(), local.peekKind(), local.peekPayload());
      }
      local.poll();
    }
    now = saved;
    p.backgroundOffsetNanos = offset;
  }

  private EventQueue activeEvents;

  private EventQueue swapEvents(EventQueue replacement) {
    EventQueue previous = activeEvents == null ? events : activeEvents;
    activeEvents = replacement;
    return previous;
  }

  private EventQueue ev() {
    return activeEvents == null ? events : activeEvents;
  }

  private void submit(ModelPool pool, Job job) {
    if (pool.serverFree()) {
      start(pool, job);
      return;
    }
    pool.enqueue(job);
    if (job.queue == Job.FLEX && !Double.isInfinite(pool.spec.flex.maxWaitSeconds)) {
      ev().addToLane(
              pool.expireLane, now + (long) (pool.spec.flex.maxWaitSeconds * 1e9), EXPIRE, job);
    }
  }

  private void start(ModelPool pool, Job job) {
    pool.start(job, now);
    if (waitObserver != null && job.owner != null) {
      waitObserver.accept(now - job.enqueuedNanos);
    }
    ev().add(now + job.serviceNanos, COMPLETE, job);
  }

  private void background(ModelPool pool) {
    Job job = pool.backgroundArrival(now);
    if (job != null) {
      submit(pool, job);
    }
    events.addToLane(
        pool.backgroundLane,
        pool.backgroundOffsetNanos + pool.background.nextArrivalNanos(),
        BACKGROUND,
        pool);
  }

  private void complete(Job job) {
    ModelPool pool = job.pool;
    pool.complete();
    SimRequest r = job.owner;
    if (r != null) {
      r.calls--;
      ourCalls--;
      long latency = now - job.enqueuedNanos;
      long ttft = Math.min(latency, job.startedNanos - job.enqueuedNanos + job.ttftServiceNanos);
      double cost = scenario.prices.costUsd(job.served, r.inputTokens, r.outputTokens);
      result.served(now, r.classIndex, column(job.served), cost, latency);
      if (job.hedge) {
        result.hedgeCost(cost);
        if (!r.done) {
          result.hedgeWon();
        }
        policy.onHedgeOutcome(r, false, job.served, latency, ttft, r.outputTokens, now);
      } else {
        policy.onSuccess(r, job.served, latency, ttft, r.outputTokens, now);
      }
      if (!r.done) {
        finish(r, true, now <= r.deadlineNanos);
      }
    }
    Job next = pool.next();
    if (next != null) {
      start(pool, next);
    }
  }

  private void expire(Job job) {
    ModelPool pool = job.pool;
    if (!pool.expire(job) || job.owner == null) {
      return;
    }
    SimRequest r = job.owner;
    r.calls--;
    ourCalls--;
    if (job.hedge) {
      result.throttled(now);
      policy.onHedgeOutcome(r, true, job.served, now - job.enqueuedNanos, -1, 0, now);
      if (r.calls == 0 && r.retryPending && !r.done) {
        retry(r);
      }
    } else if (!r.done) {
      throttled(r);
    }
  }

  private static int column(Tier served) {
    switch (served) {
      case FLEX:
        return 0;
      case PRIORITY:
        return 2;
      default:
        return 1;
    }
  }

  // ------------------------------------------------------------------ the oracle's view

  @Override
  public long projectCompletion(SimRequest r, Tier tier, long at) {
    ModelPool pool = pool(r.model);
    Tier served = pool.served(r, tier);
    if (pool.wouldThrottle(r, served, at)) {
      return Long.MAX_VALUE;
    }
    Job job = pool.ourJob(r, served, at, false);
    long done = pool.project(served, job.serviceNanos, at, r.deadlineNanos, PROJECTION_EVENTS);
    return done <= r.deadlineNanos ? done : Long.MAX_VALUE;
  }
}
