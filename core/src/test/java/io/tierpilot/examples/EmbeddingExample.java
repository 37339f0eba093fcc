package io.tierpilot.examples;

import io.tierpilot.core.Attempt;
import io.tierpilot.core.Budget;
import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.LatencyPrior;
import io.tierpilot.core.ModelConfig;
import io.tierpilot.core.SchedulerSnapshot;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierPrices;
import io.tierpilot.core.TierRequest;
import io.tierpilot.core.TierResult;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A service that embeds the scheduler, runnable with {@code ./tierpilot example}: it submits
 * requests of three SLO classes to a stand-in provider (latency in real time, ten times faster than
 * Bedrock's), lets Flex turn slow and throttle half-way, and prints where the traffic went, how
 * many deadlines were met and what it cost next to sending everything to Standard.
 *
 * <p>Uses the public API only; the README's "Embedding the scheduler" snippet is {@link
 * #readmeSnippet}, kept identical by a test.
 */
public final class EmbeddingExample {
  static final String MODEL = "openai.gpt-oss-120b-1:0";

  private EmbeddingExample() {}

  /** Stands in for a Bedrock call: the README snippet's executor. */
  static CompletableFuture<CallOutcome<String>> callBedrock(Attempt attempt) {
    // A real executor sends the request with attempt.tier() (see the Bedrock adapter) and reports
    // the served tier and token usage from the response.
    return CompletableFuture.completedFuture(
        CallOutcome.success("a reply", attempt.tier(), attempt.request().inputTokens(), 180));
  }

  /** The README snippet: build a scheduler, describe a request, submit it. */
  static CompletableFuture<TierResult<String>> readmeSnippet() {
    // README-BEGIN
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(
                ModelConfig.newBuilder("openai.gpt-oss-120b-1:0")
                    .prices(TierPrices.fromStandard(0.15, 0.60)) // Standard $ per 1M in / out
                    .build())
            .sloClasses(SloClass.awsCategories()) // mission-critical, business-standard, ...
            .budget(Budget.perWindow(50, Duration.ofHours(1)))
            .build();

    TierRequest request =
        scheduler
            .newRequest("openai.gpt-oss-120b-1:0")
            .inputTokens(1_200)
            .maxTokens(512)
            .sloClass("mission-critical")
            .deadlineAfter(Duration.ofSeconds(8))
            .tag("checkout")
            .build();

    // callBedrock(attempt) calls the model on attempt.tier() and completes with a CallOutcome
    CompletableFuture<TierResult<String>> result =
        scheduler.submit(request, attempt -> callBedrock(attempt));
    // README-END
    return result;
  }

  /** A stand-in provider: per-tier latency in milliseconds, Flex throttles when told to. */
  static final class StandInProvider {
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final Random random = new Random(42);
    volatile double flexSlowdown = 1;
    volatile double flexThrottle = 0.01;

    CompletableFuture<CallOutcome<String>> call(Attempt attempt) {
      Tier tier = attempt.tier();
      double ttftMillis;
      double perTokenMillis;
      synchronized (random) {
        double noise = Math.exp(0.4 * random.nextGaussian());
        switch (tier) {
          case PRIORITY:
            ttftMillis = 30 * noise;
            perTokenMillis = 0.8;
            break;
          case STANDARD:
            ttftMillis = 40 * noise;
            perTokenMillis = 1.0;
            break;
          default:
            if (random.nextDouble() < flexThrottle) {
              return CompletableFuture.completedFuture(CallOutcome.throttled(null));
            }
            ttftMillis = 60 * noise * flexSlowdown;
            perTokenMillis = 1.0 * flexSlowdown;
            break;
        }
      }
      long outputTokens = 100 + (attempt.request().inputTokens() % 200);
      long latencyMicros = (long) ((ttftMillis + outputTokens * perTokenMillis) * 1000);
      CompletableFuture<CallOutcome<String>> f = new CompletableFuture<>();
      timer.schedule(
          () ->
              f.complete(
                  CallOutcome.success(
                      "answer",
                      tier,
                      attempt.request().inputTokens(),
                      outputTokens,
                      (long) (ttftMillis * 1e6))),
          latencyMicros,
          TimeUnit.MICROSECONDS);
      return f;
    }

    void close() {
      timer.shutdownNow();
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    // Deadlines are ten times shorter than the classes' real ones, as is the stand-in's latency.
    List<SloClass> classes =
        List.of(
            SloClass.newBuilder("interactive")
                .target(0.99)
                .deadline(Duration.ofMillis(600))
                .budgetSensitivity(0)
                .build(),
            SloClass.newBuilder("standard")
                .target(0.99)
                .deadline(Duration.ofSeconds(6))
                .budgetSensitivity(0.5)
                .build(),
            SloClass.newBuilder("batch")
                .target(0.99)
                .deadline(Duration.ofMinutes(3))
                .budgetSensitivity(1)
                .build());
    // Priors as a probe of the stand-in would measure them (see LatencyPrior); the defaults
    // describe Bedrock, ten times slower than the stand-in.
    TierScheduler scheduler =
        TierScheduler.newBuilder()
            .model(
                ModelConfig.newBuilder(MODEL).prices(TierPrices.fromStandard(0.15, 0.60)).build())
            .prior(Tier.PRIORITY, prior(30, 0.8))
            .prior(Tier.STANDARD, prior(40, 1.0))
            .prior(Tier.FLEX, prior(60, 1.0))
            .sloClasses(classes)
            .window(Duration.ofSeconds(6))
            .slices(6)
            .build();
    StandInProvider provider = new StandInProvider();
    Random random = new Random(7);
    int perPhase = 3000;
    System.out.println(
        "Submitting "
            + 2 * perPhase
            + " requests at about 1,000 per second; Flex turns 3x slower and throttles 20% half-way.");
    for (int phase = 0; phase < 2; phase++) {
      if (phase == 1) {
        provider.flexSlowdown = 3;
        provider.flexThrottle = 0.2;
      }
      List<CompletableFuture<TierResult<String>>> results = new ArrayList<>();
      List<String> classOf = new ArrayList<>();
      for (int i = 0; i < perPhase; i++) {
        String cls = classes.get(random.nextInt(3)).name();
        TierRequest r =
            scheduler
                .newRequest(MODEL)
                .inputTokens(500 + random.nextInt(1500))
                .maxTokens(1024)
                .sloClass(cls)
                .build();
        classOf.add(cls);
        results.add(scheduler.submit(r, provider::call));
        Thread.sleep(0, 999_999);
      }
      report(phase == 0 ? "Flex healthy" : "Flex slow and throttling", classOf, results);
    }
    SchedulerSnapshot snapshot = scheduler.snapshot();
    System.out.println();
    System.out.println(snapshot);
    provider.close();
  }

  private static LatencyPrior prior(double ttftMedianMillis, double perTokenMillis) {
    return LatencyPrior.of(
        Duration.ofMillis((long) ttftMedianMillis),
        Duration.ofMillis((long) (ttftMedianMillis * 1.7)),
        Duration.ofMillis((long) (ttftMedianMillis * 2.6)),
        Duration.ofNanos((long) (perTokenMillis * 1e6)),
        Duration.ofNanos((long) (perTokenMillis * 1.05e6)),
        Duration.ofNanos((long) (perTokenMillis * 1.1e6)),
        0.01,
        Duration.ofMillis(1));
  }

  private static void report(
      String phase, List<String> classOf, List<CompletableFuture<TierResult<String>>> results) {
    Map<String, int[]> met = new java.util.TreeMap<>();
    Map<String, Map<Tier, Integer>> mix = new java.util.TreeMap<>();
    double cost = 0;
    double standardCost = 0;
    for (int i = 0; i < results.size(); i++) {
      String cls = classOf.get(i);
      int[] m = met.computeIfAbsent(cls, k -> new int[2]);
      m[1]++;
      try {
        TierResult<String> r = results.get(i).join();
        m[0]++;
        mix.computeIfAbsent(cls, k -> new EnumMap<>(Tier.class))
            .merge(r.servedTier(), 1, Integer::sum);
        cost += r.costUsd();
        standardCost += r.costUsd() / factor(r.servedTier());
      } catch (RuntimeException e) {
        mix.computeIfAbsent(cls, k -> new EnumMap<>(Tier.class));
      }
    }
    System.out.println();
    System.out.println(phase + ":");
    for (String cls : met.keySet()) {
      int[] m = met.get(cls);
      System.out.printf(
          Locale.ROOT,
          "  %-12s met deadline %5.1f%%   tiers %s%n",
          cls,
          100.0 * m[0] / m[1],
          mix.get(cls));
    }
    System.out.printf(
        Locale.ROOT,
        "  cost $%.4f, %.0f%% of sending the same calls to Standard ($%.4f)%n",
        cost,
        100 * cost / standardCost,
        standardCost);
  }

  private static double factor(Tier tier) {
    switch (tier) {
      case FLEX:
        return TierPrices.DEFAULT_FLEX_FACTOR;
      case PRIORITY:
        return TierPrices.DEFAULT_PRIORITY_FACTOR;
      default:
        return 1;
    }
  }
}
