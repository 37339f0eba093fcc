package io.tierpilot.sim.policy;

import io.tierpilot.core.Decision;
import io.tierpilot.core.ReasonCode;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierRequest;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.sim.engine.SimRequest;
import io.tierpilot.sim.engine.SloClassSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

/**
 * The tierpilot scheduler itself, driven on virtual time: the same {@link TierScheduler} a service
 * embeds, never re-implemented here. It sees what a production client sees: each request's model,
 * input size, class and deadline when deciding; the served tier, latency, time to first token and
 * output tokens once a call returns; throttles.
 */
final class AdaptivePolicy implements Policy {
  /**
   * The hedge delay the simulator gives the classes recommended for Priority (the mission-critical
   * category), as a share of their deadline, when the classes come from the command line: a call
   * with no first token after 40% of its deadline gets a backup on a faster tier.
   */
  static final double HEDGE_SHARE_OF_DEADLINE = 0.4;

  private final TierScheduler scheduler;
  private final long maxTokens;
  private final boolean hedging;

  /**
   * @param ctx the run
   * @param hedging whether to hedge: {@code false} makes {@code adaptive-unhedged}, which never
   *     sends a backup call, whatever the classes (or a configuration file) say
   */
  AdaptivePolicy(PolicyContext ctx, boolean hedging) {
    this.hedging = hedging;
    TierScheduler.Builder b = TierScheduler.newBuilder().ticker(ctx.clock());
    boolean classesFromFile = false;
    boolean seedFromFile = false;
    if (ctx.schedulerConfig() != null) {
      // the library's own reading of the file (UTF-8, duplicate keys and lines checked); the keys
      // are looked at here only to know what the file leaves to the command line
      b.configure(ctx.schedulerConfig());
      Properties p = new Properties();
      try (java.io.Reader in =
          Files.newBufferedReader(ctx.schedulerConfig(), java.nio.charset.StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ctx.schedulerConfig(), e);
      }
      classesFromFile = p.containsKey("classes");
      seedFromFile = p.containsKey("seed");
    }
    if (!classesFromFile) {
      int n = ctx.classes().size();
      for (int i = 0; i < n; i++) {
        SloClassSpec c = ctx.classes().get(i);
        SloClass.Builder cb =
            SloClass.newBuilder(c.name)
                .target(ctx.target())
                .deadline(Duration.ofNanos(c.deadlineNanos))
                .budgetSensitivity(c.defaultSensitivity(i, n))
                .hardCapRule(c.hardCapRule(i, n));
        if (c.recommendedTier != null) {
          cb.recommendedTier(c.recommendedTier);
        }
        if (c.recommendedTier == io.tierpilot.core.Tier.PRIORITY && hedging) {
          cb.hedgeDelay(Duration.ofNanos((long) (c.deadlineNanos * HEDGE_SHARE_OF_DEADLINE)));
        }
        b.sloClass(cb.build());
      }
    }
    if (!seedFromFile) {
      b.seed(ctx.seed());
    }
    b.defaultPrices(ctx.prices());
    if (ctx.budget() != null) {
      b.budget(ctx.budget());
    }
    this.scheduler = b.build();
    this.maxTokens = ctx.maxTokens();
  }

  TierScheduler scheduler() {
    return scheduler;
  }

  @Override
  public String name() {
    return hedging ? "adaptive" : "adaptive-unhedged";
  }

  @Override
  public String description() {
    return hedging
        ? "tierpilot: the cheapest tier whose estimated probability of meeting the deadline"
            + " reaches the class target, from live per-tier latency, re-decided after a"
            + " throttle; late first tokens of hedged classes get a backup call"
        : "tierpilot as adaptive, but never hedging: what the backup calls buy";
  }

  @Override
  public Tier choose(SimRequest r, long nowNanos) {
    if (r.coreRequest == null) {
      r.coreRequest =
          TierRequest.newBuilder(r.model)
              .arrivalNanos(r.arrivalNanos)
              .deadlineNanos(r.deadlineNanos)
              .inputTokens(r.inputTokens)
              .maxTokens(maxTokens)
              .sloClass(r.sloClass)
              .tag(r.trace.tag)
              .build();
    }
    Decision d = scheduler.decide(r.coreRequest, r.coreAttempts);
    r.decision = d;
    if (!d.isCall()) {
      r.expired = d.reason() == ReasonCode.DEADLINE_EXCEEDED;
      r.refused = d.reason() == ReasonCode.BUDGET_SHED;
      return null;
    }
    if (d.delayNanos() > 0) {
      r.deferNanos = d.delayNanos();
      return d.tier();
    }
    if (r.attempts() == 0 && Double.isNaN(r.firstPrediction)) {
      r.firstPrediction = d.chosenProbability();
    }
    return d.tier();
  }

  @Override
  public void onThrottle(SimRequest r, long elapsedNanos, long nowNanos) {
    scheduler.recordThrottle(r.decision, elapsedNanos);
    r.coreAttempts = r.coreAttempts.afterThrottle(r.tier(), nowNanos);
  }

  @Override
  public void onSuccess(
      SimRequest r,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      int outputTokens,
      long nowNanos) {
    scheduler.recordSuccess(
        r.decision, served, latencyNanos, ttftNanos, r.inputTokens, outputTokens);
  }

  @Override
  public double pacingMultiplier() {
    return scheduler.pacingMultiplier();
  }

  @Override
  public long hedgeDelayNanos(SimRequest r) {
    java.time.Duration d = hedging ? scheduler.sloClass(r.sloClass).hedgeDelay() : null;
    return d == null ? -1 : d.toNanos();
  }

  @Override
  public Tier hedge(SimRequest r, long nowNanos) {
    Decision d = scheduler.hedge(r.decision);
    if (!d.isCall()) {
      return null;
    }
    r.hedgeDecision = d;
    return d.tier();
  }

  @Override
  public void onHedgeOutcome(
      SimRequest r,
      boolean throttled,
      Tier served,
      long latencyNanos,
      long ttftNanos,
      int outputTokens,
      long nowNanos) {
    if (throttled) {
      scheduler.recordThrottle(r.hedgeDecision, latencyNanos);
    } else {
      scheduler.recordSuccess(
          r.hedgeDecision, served, latencyNanos, ttftNanos, r.inputTokens, outputTokens);
    }
  }
}
