package io.tierpilot.bedrock.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tierpilot.core.Decision;
import io.tierpilot.core.Outcome;
import io.tierpilot.core.SchedulerListener;
import io.tierpilot.core.SchedulerSnapshot;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSnapshot;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Publishes a {@link TierScheduler}'s decisions and outcomes as Micrometer meters, so that a
 * service ships them to CloudWatch, Prometheus or any other Micrometer registry.
 *
 * <pre>{@code
 * TierpilotMetrics metrics = new TierpilotMetrics();
 * TierScheduler scheduler = TierScheduler.newBuilder()
 *     .listener(metrics)            // decisions and outcomes
 *     ...
 *     .build();
 * metrics.bindTo(meterRegistry);    // first: Micrometer warns when a registry joins after meters
 * metrics.monitor(scheduler);       // in-flight calls, pacing, budget
 * }</pre>
 *
 * <table>
 *   <caption>Meters (tags {@code model} and {@code tier}, the tier's report name, unless noted)</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code tierpilot.decisions}</td><td>counter</td><td>decisions; {@code tier} is
 *       {@code none} when no call is made; extra tags {@code reason} and {@code class}</td></tr>
 *   <tr><td>{@code tierpilot.attempts}</td><td>counter</td><td>attempts by requested tier; extra
 *       tag {@code outcome}: {@code success}, {@code throttled}, {@code failed}, {@code timed_out},
 *       {@code unsupported}</td></tr>
 *   <tr><td>{@code tierpilot.throttles}</td><td>counter</td><td>throttled attempts</td></tr>
 *   <tr><td>{@code tierpilot.served.tier.mismatches}</td><td>counter</td><td>calls served on
 *       another tier than asked ({@code tier}: asked; extra tag {@code served})</td></tr>
 *   <tr><td>{@code tierpilot.latency}</td><td>timer</td><td>latency of successful calls, by served
 *       tier</td></tr>
 *   <tr><td>{@code tierpilot.ttft}</td><td>timer</td><td>time to first token of successful
 *       streaming calls, by served tier</td></tr>
 *   <tr><td>{@code tierpilot.tokens}</td><td>counter (tokens)</td><td>billed tokens by served
 *       tier; extra tag {@code direction}: {@code input}, {@code output}</td></tr>
 *   <tr><td>{@code tierpilot.spend}</td><td>function counter (usd)</td><td>spend in US dollars,
 *       at the served tier's price</td></tr>
 *   <tr><td>{@code tierpilot.inflight}</td><td>gauge</td><td>calls in flight through {@code
 *       submit} (needs {@link #monitor})</td></tr>
 *   <tr><td>{@code tierpilot.pacing.multiplier}</td><td>gauge, no tags</td><td>the budget pacing
 *       multiplier, {@code >= 1} (needs {@link #monitor})</td></tr>
 *   <tr><td>{@code tierpilot.pacing.admission}</td><td>gauge, no tags</td><td>the budget
 *       admission {@code a}, in {@code (0, 1]}: pacing sends a share {@code a^σ} of a class that
 *       accepts refusals (needs {@link #monitor})</td></tr>
 *   <tr><td>{@code tierpilot.budget.spent.window}</td><td>gauge (usd), no tags</td><td>spend in
 *       the current budget window (needs {@link #monitor})</td></tr>
 * </table>
 *
 * <h2>Threads and cost</h2>
 *
 * Thread-safe. The listener methods run on the scheduler's calling threads: each is a map lookup
 * and a counter or timer update (meters are created on first use of a model and tier). Gauges read
 * a snapshot of the scheduler at most once per second of its ticker. Events before the first {@link
 * #bindTo} are not counted. Bind to several registries by calling {@link #bindTo} for each.
 *
 * <p>This is the only class of the adapter that uses Micrometer, an optional dependency: the
 * clients work without it on the class path.
 */
public final class TierpilotMetrics implements MeterBinder, SchedulerListener {
  private static final long SNAPSHOT_MAX_AGE_NANOS = 1_000_000_000L;

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final Tags common;
  private final ConcurrentHashMap<String, PerTier> tiers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> decisions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> mismatches = new ConcurrentHashMap<>();
  private volatile TierScheduler scheduler;
  private volatile SchedulerSnapshot snapshot;

  /** Creates the metrics with no extra tags. */
  public TierpilotMetrics() {
    this(Tags.empty());
  }

  /**
   * Creates the metrics.
   *
   * @param tags added to every meter, for example the service's name; not null
   */
  public TierpilotMetrics(Iterable<Tag> tags) {
    this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Adds the gauges that read the scheduler's state: in-flight calls per model and tier, the pacing
   * multiplier and admission, and the spend in the budget window. Call once, after building the
   * scheduler that has this object as its listener.
   *
   * @param scheduler not null
   * @return this
   * @throws IllegalStateException if a scheduler is already monitored
   */
  public synchronized TierpilotMetrics monitor(TierScheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (this.scheduler != null) {
      throw new IllegalStateException("a scheduler is already monitored");
    }
    this.scheduler = scheduler;
    Gauge.builder("tierpilot.pacing.multiplier", scheduler, TierScheduler::pacingMultiplier)
        .tags(common)
        .description("budget pacing multiplier, >= 1")
        .register(registry);
    Gauge.builder("tierpilot.pacing.admission", scheduler, TierScheduler::budgetAdmission)
        .tags(common)
        .description("budget admission a: pacing sends a^sigma of a class that accepts refusals")
        .register(registry);
    Gauge.builder("tierpilot.budget.spent.window", this, m -> m.snapshot().spentInWindowUsd())
        .tags(common)
        .baseUnit("usd")
        .description("spend in the current budget window")
        .register(registry);
    for (TierSnapshot t : snapshot().tiers()) {
      perTier(t.modelId(), t.tier());
    }
    for (PerTier p : tiers.values()) {
      p.inFlightGauge();
    }
    return this;
  }

  /**
   * Publishes the meters to a registry, including those created later.
   *
   * @param registry not null
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry.add(Objects.requireNonNull(registry, "registry"));
  }

  /** Counts a decision. Called by the scheduler on the deciding thread. */
  @Override
  public void onDecision(Decision decision) {
    String model = decision.request().modelId();
    String tier = decision.tier() == null ? "none" : decision.tier().reportName();
    String reason = decision.reason().name().toLowerCase(Locale.ROOT);
    String cls = decision.sloClass();
    String key = model + '\0' + tier + '\0' + reason + '\0' + cls;
    Counter c = decisions.get(key);
    if (c == null) {
      c =
          decisions.computeIfAbsent(
              key,
              k ->
                  Counter.builder("tierpilot.decisions")
                      .tags(common)
                      .tag("model", model)
                      .tag("tier", tier)
                      .tag("reason", reason)
                      .tag("class", cls)
                      .description("tier decisions")
                      .register(registry));
    }
    c.increment();
    if (decision.tier() != null) {
      perTier(model, decision.tier());
    }
  }

  /** Records an attempt's outcome. Called by the scheduler on the reporting thread. */
  @Override
  public void onOutcome(Outcome outcome) {
    String model = outcome.decision().request().modelId();
    PerTier requested = perTier(model, outcome.requestedTier());
    requested.attempts.get(outcome.kind()).increment();
    switch (outcome.kind()) {
      case SUCCESS:
        PerTier served = perTier(model, outcome.servedTier());
        served.latency.record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
        if (outcome.ttftNanos() >= 0) {
          served.ttft.record(outcome.ttftNanos(), TimeUnit.NANOSECONDS);
        }
        served.inputTokens.increment(outcome.inputTokens());
        served.outputTokens.increment(outcome.outputTokens());
        served.spendUsd.add(outcome.costUsd());
        if (outcome.servedTierMismatch()) {
          mismatch(model, outcome.requestedTier(), outcome.servedTier()).increment();
        }
        break;
      case THROTTLED:
        requested.throttles.increment();
        break;
      default:
        break;
    }
  }

  private Counter mismatch(String model, Tier requested, Tier served) {
    String key = model + '\0' + requested.reportName() + '\0' + served.reportName();
    Counter c = mismatches.get(key);
    if (c == null) {
      c =
          mismatches.computeIfAbsent(
              key,
              k ->
                  Counter.builder("tierpilot.served.tier.mismatches")
                      .tags(common)
                      .tag("model", model)
                      .tag("tier", requested.reportName())
                      .tag("served", served.reportName())
                      .description("calls served on another tier than the one asked for")
                      .register(registry));
    }
    return c;
  }

  private PerTier perTier(String model, Tier tier) {
    String key = model + '\0' + tier.reportName();
    PerTier p = tiers.get(key);
    if (p == null) {
      p = tiers.computeIfAbsent(key, k -> new PerTier(model, tier));
      if (scheduler != null) {
        p.inFlightGauge();
      }
    }
    return p;
  }

  /** The scheduler's snapshot, refreshed at most once a second; null if not monitoring. */
  SchedulerSnapshot snapshot() {
    TierScheduler s = scheduler;
    if (s == null) {
      return null;
    }
    SchedulerSnapshot current = snapshot;
    long now = s.ticker().read();
    if (current == null || now - current.takenAtNanos() >= SNAPSHOT_MAX_AGE_NANOS) {
      synchronized (this) {
        current = snapshot;
        if (current == null || now - current.takenAtNanos() >= SNAPSHOT_MAX_AGE_NANOS) {
          current = s.snapshot();
          snapshot = current;
        }
      }
    }
    return current;
  }

  private double inFlight(String model, Tier tier) {
    SchedulerSnapshot s = snapshot();
    if (s == null) {
      return 0;
    }
    for (TierSnapshot t : s.tiers()) {
      if (t.tier() == tier && t.modelId().equals(model)) {
        return t.inFlight();
      }
    }
    return 0;
  }

  /** The meters of one model and tier. */
  private final class PerTier {
    final String model;
    final Tier tier;
    final Tags tags;
    final Map<Outcome.Kind, Counter> attempts = new EnumMap<>(Outcome.Kind.class);
    final Counter throttles;
    final Timer latency;
    final Timer ttft;
    final Counter inputTokens;
    final Counter outputTokens;
    final DoubleAdder spendUsd = new DoubleAdder();
    private boolean gauge; // guarded by this

    PerTier(String model, Tier tier) {
      this.model = model;
      this.tier = tier;
      this.tags = common.and("model", model, "tier", tier.reportName());
      for (Outcome.Kind k : Outcome.Kind.values()) {
        attempts.put(
            k,
            Counter.builder("tierpilot.attempts")
                .tags(tags)
                .tag("outcome", k.name().toLowerCase(Locale.ROOT))
                .description("attempts by requested tier and outcome")
                .register(registry));
      }
      throttles =
          Counter.builder("tierpilot.throttles")
              .tags(tags)
              .description("throttled attempts")
              .register(registry);
      latency =
          Timer.builder("tierpilot.latency")
              .tags(tags)
              .description("latency of successful calls, by served tier")
              .register(registry);
      ttft =
          Timer.builder("tierpilot.ttft")
              .tags(tags)
              .description("time to first token of successful streaming calls, by served tier")
              .register(registry);
      inputTokens =
          Counter.builder("tierpilot.tokens")
              .tags(tags)
              .tag("direction", "input")
              .baseUnit("tokens")
              .description("billed tokens, by served tier")
              .register(registry);
      outputTokens =
          Counter.builder("tierpilot.tokens")
              .tags(tags)
              .tag("direction", "output")
              .baseUnit("tokens")
              .description("billed tokens, by served tier")
              .register(registry);
      FunctionCounter.builder("tierpilot.spend", spendUsd, DoubleAdder::sum)
          .tags(tags)
          .baseUnit("usd")
          .description("spend at the served tier's price")
          .register(registry);
    }

    synchronized void inFlightGauge() {
      if (gauge) {
        return;
      }
      gauge = true;
      Gauge.builder("tierpilot.inflight", this, p -> inFlight(p.model, p.tier))
          .tags(tags)
          .description("calls in flight through submit")
          .register(registry);
    }
  }

  @Override
  public String toString() {
    return "TierpilotMetrics{" + tiers.size() + " model tiers}";
  }
}
