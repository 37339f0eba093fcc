package io.tierpilot.sim.engine;

import io.tierpilot.core.Tier;
import io.tierpilot.sim.provider.ProviderSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One model's serving fleet in the virtual Bedrock: {@code servers} generation streams shared by
 * our account and other customers, non-preemptive priority queueing (Priority ahead of Standard
 * ahead of Flex, first come first served within a tier), Flex throttling under contention, the
 * account quota, served-tier downgrades and step changes. Single-threaded; driven by {@link
 * Simulation}.
 */
final class ModelPool {
  /** Throttle delay that means "accepted". */
  static final long ACCEPTED = -1;

  private static final int NOISE_STREAM = 11;
  private static final int THROTTLE_STREAM = 12;
  private static final int DOWNGRADE_STREAM = 13;
  private static final int STEP_STREAM = 14;
  private static final int PURE_STREAM = 15;

  final String model;
  final ProviderSpec.ModelSpec spec;
  private final ProviderSpec provider;
  private final long seed;
  private final List<ProviderSpec.StepSpec> steps;
  private final long[] stepAt;

  private final List<ArrayDeque<Job>> queues = new ArrayList<>(3);

  private final int[] live = new int[3];
  private int waiting;
  private int busy;
  private long[] inService = new long[16]; // min-heap of completion times
  final Background background;
  private final double downgradePriority;
  private final double downgradeStandard;

  /** Virtual time of the background generator's zero (it starts before the workload). */
  long backgroundOffsetNanos;

  /** The simulation's event lanes for this fleet's background arrivals and its Flex expiries. */
  int backgroundLane;

  int expireLane;

  // account quota: a 60-second sliding window in one-second buckets
  private final long[] quotaRequests = new long[60];
  private final long[] quotaTokens = new long[60];
  private long quotaSecond = Long.MIN_VALUE;
  private long quotaRequestSum;
  private long quotaTokenSum;

  ModelPool(String model, ProviderSpec provider, long seed) {
    this.model = model;
    this.provider = provider;
    this.spec = provider.model(model);
    this.seed = seed;
    this.steps = new ArrayList<>(provider.steps);
    this.stepAt = new long[steps.size()];
    for (int i = 0; i < stepAt.length; i++) {
      stepAt[i] = steps.get(i).atNanos();
    }
    for (int q = 0; q < 3; q++) {
      queues.add(new ArrayDeque<>());
    }
    this.background = new Background(spec.background, Rng.mix(seed ^ model.hashCode()));
    this.downgradePriority = spec.downgradeProbability.getOrDefault("priority", 0.0);
    this.downgradeStandard =
        Math.max(
            spec.downgradeProbability.getOrDefault("standard", 0.0),
            spec.downgradeProbability.getOrDefault("default", 0.0));
  }

  int busy() {
    return busy;
  }

  int waiting() {
    return waiting;
  }

  // ------------------------------------------------------------------ service times

  /** Returns the time to first token of a call served at once, nanoseconds. */
  private long ttftService(int inputTokens) {
    if (provider.pureQueueing) {
      return 0;
    }
    return (long) ((spec.ttftBaseMs / 1e3 + inputTokens / spec.prefillTokensPerSecond) * 1e9);
  }

  private double rateFactor(Tier served) {
    switch (served) {
      case PRIORITY:
        return spec.priorityRateFactor;
      case FLEX:
        return spec.flexRateFactor;
      default:
        return 1;
    }
  }

  /** Returns the step slowdown and extra throttle probability of a tier at a time. */
  private double slowdown(Tier served, long now) {
    double f = 1;
    for (int i = 0; i < stepAt.length; i++) {
      if (now >= stepAt[i] && matches(steps.get(i).tier, served)) {
        f *= steps.get(i).slowdown;
      }
    }
    return f;
  }

  private double stepThrottle(Tier served, long now) {
    double keep = 1;
    for (int i = 0; i < stepAt.length; i++) {
      if (now >= stepAt[i] && matches(steps.get(i).tier, served)) {
        keep *= 1 - steps.get(i).throttleProbability;
      }
    }
    return 1 - keep;
  }

  private static boolean matches(String tier, Tier served) {
    switch (tier) {
      case "priority":
        return served == Tier.PRIORITY;
      case "flex":
        return served == Tier.FLEX;
      default:
        return served == Tier.STANDARD || served == Tier.RESERVED;
    }
  }

  /**
   * Builds our call on a served tier: its two service times from the request's draws (a hedge draws
   * its own noise).
   */
  Job ourJob(SimRequest r, Tier served, long now, boolean hedge) {
    long ttft;
    long total;
    long attempt = 100L * r.attempts + (hedge ? 50 : 0);
    if (provider.pureQueueing) {
      double u = Rng.uniform(seed, r.index, PURE_STREAM + attempt);
      total = (long) (-provider.pureServiceMeanSeconds * StrictMath.log1p(-u) * 1e9);
      ttft = total;
    } else {
      double z = gaussian(r.index, NOISE_STREAM + attempt);
      double noise = StrictMath.exp(spec.serviceNoiseSigma * z) * slowdown(served, now);
      ttft = (long) (ttftService(r.inputTokens) * noise);
      double decode = r.outputTokens / (spec.outputTokensPerSecond * rateFactor(served));
      total = ttft + (long) (decode * noise * 1e9);
    }
    return new Job(r, this, served, now, ttft, Math.max(1, total));
  }

  private Job backgroundJob(long now) {
    Background b = background;
    double noise = StrictMath.exp(spec.serviceNoiseSigma * b.noiseGaussian) * slowdown(b.tier, now);
    long ttft = (long) (ttftService(b.inputTokens) * noise);
    double decode = b.outputTokens / (spec.outputTokensPerSecond * rateFactor(b.tier));
    return new Job(
        null, this, b.tier, now, ttft, Math.max(1, ttft + (long) (decode * noise * 1e9)));
  }

  private double gaussian(long index, long stream) {
    double u = Rng.uniform(seed, index, stream);
    double v = Rng.uniform(seed, index, stream + 50);
    return Math.sqrt(-2 * StrictMath.log1p(-u)) * StrictMath.cos(2 * Math.PI * v);
  }

  // ------------------------------------------------------------------ admission

  /**
   * Returns the tier that serves a call asked for on {@code requested}: the next lower tier with
   * the model's downgrade probability.
   */
  Tier served(SimRequest r, Tier requested) {
    double p =
        requested == Tier.PRIORITY
            ? downgradePriority
            : requested == Tier.STANDARD ? downgradeStandard : 0;
    if (p == 0) {
      return requested;
    }
    double u = Rng.uniform(seed, r.index, DOWNGRADE_STREAM + 100L * r.attempts);
    if (u >= p) {
      return requested;
    }
    return requested == Tier.PRIORITY ? Tier.STANDARD : Tier.FLEX;
  }

  /**
   * Decides whether our call is throttled on arrival: by the account quota (any tier), by Flex's
   * contention rule, or by a step's extra throttle probability.
   *
   * @return {@link #ACCEPTED}, or the delay after which the throttle response arrives
   */
  long admit(SimRequest r, Tier served, long now) {
    if (provider.pureQueueing) {
      return ACCEPTED;
    }
    long tokens = r.inputTokens + r.outputTokens;
    if (!quotaAllows(now, tokens)) {
      return (long) (provider.quota.throttleDelayMs * 1e6);
    }
    double u = Rng.uniform(seed, r.index, THROTTLE_STREAM + 100L * r.attempts);
    if (throttled(served, now, u)) {
      return (long) (spec.flex.throttleDelayMs * 1e6);
    }
    quotaCharge(now, tokens);
    return ACCEPTED;
  }

  /** Returns whether {@link #admit} would throttle this call now, without admitting it. */
  boolean wouldThrottle(SimRequest r, Tier served, long now) {
    if (provider.pureQueueing) {
      return false;
    }
    if (!quotaAllows(now, r.inputTokens + r.outputTokens)) {
      return true;
    }
    return throttled(served, now, Rng.uniform(seed, r.index, THROTTLE_STREAM + 100L * r.attempts));
  }

  /** The throttle rule for an arriving call (ours or background), given its uniform draw. */
  private boolean throttled(Tier served, long now, double u) {
    double p = 0;
    if (served == Tier.FLEX) {
      p = flexThrottleProbability(waiting);
    }
    double step = stepThrottle(served, now);
    if (step > 0) {
      p = 1 - (1 - p) * (1 - step);
    }
    return u < p;
  }

  /** Flex's contention rule: 0 up to the start level of waiting requests, rising to 1 at full. */
  double flexThrottleProbability(int waitingRequests) {
    ProviderSpec.FlexSpec f = spec.flex;
    if (waitingRequests <= f.throttleQueueStart) {
      return 0;
    }
    if (waitingRequests >= f.throttleQueueFull) {
      return 1;
    }
    return (double) (waitingRequests - f.throttleQueueStart)
        / (f.throttleQueueFull - f.throttleQueueStart);
  }

  private void quotaAdvance(long now) {
    long second = now / 1_000_000_000L;
    if (quotaSecond == Long.MIN_VALUE) {
      quotaSecond = second;
      return;
    }
    long steps = Math.min(60, second - quotaSecond);
    for (long s = 1; s <= steps; s++) {
      int slot = (int) ((quotaSecond + s) % 60);
      quotaRequestSum -= quotaRequests[slot];
      quotaTokenSum -= quotaTokens[slot];
      quotaRequests[slot] = 0;
      quotaTokens[slot] = 0;
    }
    quotaSecond = Math.max(quotaSecond, second);
  }

  private boolean quotaAllows(long now, long tokens) {
    ProviderSpec.QuotaSpec q = provider.quota;
    if (q.requestsPerMinute <= 0 && q.tokensPerMinute <= 0) {
      return true;
    }
    quotaAdvance(now);
    return (q.requestsPerMinute <= 0 || quotaRequestSum + 1 <= q.requestsPerMinute)
        && (q.tokensPerMinute <= 0 || quotaTokenSum + tokens <= q.tokensPerMinute);
  }

  private void quotaCharge(long now, long tokens) {
    ProviderSpec.QuotaSpec q = provider.quota;
    if (q.requestsPerMinute <= 0 && q.tokensPerMinute <= 0) {
      return;
    }
    int slot = (int) (quotaSecond % 60);
    quotaRequests[slot]++;
    quotaTokens[slot] += tokens;
    quotaRequestSum++;
    quotaTokenSum += tokens;
  }

  // ------------------------------------------------------------------ queueing

  /** Returns whether a server is free (then every queue is empty). */
  boolean serverFree() {
    return busy < spec.servers;
  }

  void enqueue(Job job) {
    queues.get(job.queue).addLast(job);
    live[job.queue]++;
    waiting++;
  }

  /** Removes a waiting Flex job that waited too long; returns whether it was still waiting. */
  boolean expire(Job job) {
    if (job.started || job.cancelled) {
      return false;
    }
    job.cancelled = true;
    live[job.queue]--;
    waiting--;
    return true;
  }

  /** Returns the next job to start on a free server, or null if none waits. */
  Job next() {
    for (int q = 0; q < 3; q++) {
      if (live[q] == 0) {
        continue;
      }
      Job j;
      while ((j = queues.get(q).pollFirst()).cancelled) {
        // skip jobs removed by expiry
      }
      live[q]--;
      waiting--;
      return j;
    }
    return null;
  }

  void start(Job job, long now) {
    job.started = true;
    job.startedNanos = now;
    busy++;
    heapAdd(now + job.serviceNanos);
  }

  /** A call completed: its server is free. Completions come in time order. */
  void complete() {
    busy--;
    heapPoll();
  }

  /**
   * Draws the background arrival due now: returns its job, or null if it was throttled (other
   * customers' throttled calls simply leave).
   */
  Job backgroundArrival(long now) {
    background.arrive();
    if (throttled(background.tier, now, background.throttleUniform)) {
      return null;
    }
    return backgroundJob(now);
  }

  // ------------------------------------------------------------------ oracle projection

  /**
   * Projects when our call would complete if it entered the queue of {@code served} now, knowing
   * the calls in service and waiting, and the future arrivals of other customers, but not our own
   * later requests (how the oracle routes them is not yet decided).
   *
   * @param serviceNanos the call's service time
   * @param now the current time
   * @param horizonNanos give up (return {@code Long.MAX_VALUE}) once past this time
   * @param maxEvents give up optimistically (return {@code now + serviceNanos}) after this many
   *     projected events
   * @return the projected completion time, or {@code Long.MAX_VALUE} if it would not start before
   *     the horizon or would expire as a waiting Flex call
   */
  long project(Tier served, long serviceNanos, long now, long horizonNanos, int maxEvents) {
    int queue = Job.queueOf(served);
    if (busy < spec.servers) {
      return now + serviceNanos;
    }
    double maxWait = queue == Job.FLEX ? spec.flex.maxWaitSeconds * 1e9 : Double.POSITIVE_INFINITY;
    long[] heap = java.util.Arrays.copyOf(inService, Math.max(busy, 1));
    int heapSize = busy;
    // jobs ahead of the candidate: every waiting job in its own and the higher queues
    List<Iterator<Job>> ahead = new ArrayList<>(queue + 1);
    for (int q = 0; q <= queue; q++) {
      ahead.add(queues.get(q).iterator());
    }
    // future higher-priority arrivals of other customers, per queue, FIFO after the waiting ones
    List<ArrayDeque<long[]>> future = new ArrayList<>(queue);
    for (int q = 0; q < queue; q++) {
      future.add(new ArrayDeque<>());
    }
    Background bg = background.copy();
    long t = now;
    int events = 0;
    while (true) {
      if (++events > maxEvents) {
        return now + serviceNanos;
      }
      // the earliest server to free up
      long free = heap[0];
      long arrival =
          queue > 0 && bg.nextArrivalNanos() != Long.MAX_VALUE
              ? backgroundOffsetNanos + bg.nextArrivalNanos()
              : Long.MAX_VALUE;
      if (arrival < free) {
        t = arrival;
        if (t > horizonNanos) {
          return Long.MAX_VALUE;
        }
        bg.arrive();
        int q = Job.queueOf(bg.tier);
        if (q < queue && !throttled(bg.tier, t, bg.throttleUniform)) {
          double noise =
              StrictMath.exp(spec.serviceNoiseSigma * bg.noiseGaussian) * slowdown(bg.tier, t);
          long ttft = (long) (ttftService(bg.inputTokens) * noise);
          double decode = bg.outputTokens / (spec.outputTokensPerSecond * rateFactor(bg.tier));
          future.get(q).addLast(new long[] {Math.max(1, ttft + (long) (decode * noise * 1e9))});
        }
        continue;
      }
      t = free;
      if (t > horizonNanos || t - now > maxWait) {
        return Long.MAX_VALUE;
      }
      // the freed server takes the highest-priority job waiting at time t
      long nextService = -1;
      for (int q = 0; q <= queue && nextService < 0; q++) {
        while (nextService < 0 && ahead.get(q).hasNext()) {
          Job j = ahead.get(q).next();
          if (j.cancelled) {
            continue;
          }
          if (j.queue == Job.FLEX && t - j.enqueuedNanos > spec.flex.maxWaitSeconds * 1e9) {
            continue; // it would have expired before reaching a server
          }
          nextService = j.serviceNanos;
        }
        if (nextService < 0 && q < queue && !future.get(q).isEmpty()) {
          nextService = future.get(q).pollFirst()[0];
        }
      }
      if (nextService < 0) {
        return t + serviceNanos; // the candidate is next
      }
      // replace the freed server's completion with the started job's
      heap[0] = t + nextService;
      siftDown(heap, heapSize);
    }
  }

  // ------------------------------------------------------------------ in-service heap

  private void heapAdd(long v) {
    if (busy > inService.length) {
      inService = java.util.Arrays.copyOf(inService, inService.length * 2);
    }
    int i = busy - 1;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (inService[parent] <= v) {
        break;
      }
      inService[i] = inService[parent];
      i = parent;
    }
    inService[i] = v;
  }

  private void heapPoll() {
    // busy was already decremented: the heap had busy + 1 entries
    int size = busy + 1;
    long last = inService[size - 1];
    inService[0] = last;
    siftDown(inService, size - 1);
  }

  private static void siftDown(long[] heap, int size) {
    if (size == 0) {
      return;
    }
    long v = heap[0];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (v <= heap[child]) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = v;
  }
}
