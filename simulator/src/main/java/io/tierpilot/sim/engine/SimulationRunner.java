package io.tierpilot.sim.engine;

import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.provider.ProviderSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Runs every policy of a scenario, each in its own {@link Simulation} over its own pass of the
 * workload, in parallel on the available cores, and gathers the results in the scenario's policy
 * order. Each run is single-threaded and deterministic, so the result does not depend on the number
 * of threads.
 */
public final class SimulationRunner {
  private SimulationRunner() {}

  /**
   * Runs the scenario.
   *
   * @param scenario the scenario
   * @param threads worker threads, {@code >= 1}
   * @param progress receives the number of requests each run read since its last report (a delta),
   *     may be null; called from worker threads
   * @return the result
   * @throws IOException if a trace cannot be read
   */
  public static SimulationResult run(Scenario scenario, int threads, LongConsumer progress)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), daemon());
    try {
      List<Future<Simulation>> futures = new ArrayList<>();
      for (String name : scenario.policies) {
        long[] last = {0};
        java.util.function.LongConsumer delta =
            progress == null
                ? null
                : v -> {
                  progress.accept(v - last[0]);
                  last[0] = v;
                };
        Simulation sim = new Simulation(scenario, name, delta);
        futures.add(
            pool.submit(
                () -> {
                  sim.run();
                  return sim;
                }));
      }
      List<PolicyResult> results = new ArrayList<>();
      long skipped = 0;
      List<String> skippedExamples = List.of();
      long failedCalls = 0;
      long capped = 0;
      long requests = 0;
      long lastFinish = 0;
      for (Future<Simulation> f : futures) {
        Simulation sim = await(f);
        PolicyResult r = sim.resultForRunner();
        results.add(r);
        skipped = sim.skipped();
        skippedExamples = sim.skippedExamples();
        failedCalls = sim.failedCalls();
        capped = sim.cappedRows();
        requests = r.requests();
        lastFinish = Math.max(lastFinish, sim.lastFinishNanos());
      }
      return new SimulationResult(
          scenario.workloadText(),
          scenario.provider.name,
          scenario.seed,
          requests,
          skipped,
          failedCalls,
          capped,
          lastFinish / 1e9,
          classSpecs(scenario),
          assumptions(scenario),
          results,
          skippedExamples);
    } finally {
      pool.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "tierpilot-simulation");
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Waits for a task of a simulation pool and returns its result, rethrowing what it threw: an
   * {@link IOException} (also when wrapped unchecked), a runtime exception or an error as is.
   */
  public static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException) {
        throw (IOException) c;
      }
      if (c instanceof UncheckedIOException) {
        throw ((UncheckedIOException) c).getCause();
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(c);
    }
  }

  private static List<SimulationResult.ClassSpec> classSpecs(Scenario s) {
    List<SimulationResult.ClassSpec> out = new ArrayList<>();
    for (SloClassSpec c : s.classes) {
      out.add(
          new SimulationResult.ClassSpec(
              c.name,
              c.share,
              c.deadlineNanos,
              c.recommendedTier == null ? null : c.recommendedTier.reportName()));
    }
    return out;
  }

  /** The scenario's assumptions, for the report: the provider's numbers and their sources. */
  static List<SimulationResult.Assumption> assumptions(Scenario s) {
    List<SimulationResult.Assumption> out = new ArrayList<>();
    ProviderSpec p = s.provider;
    out.add(new SimulationResult.Assumption("provider", s.providerText, p.description));
    out.add(
        new SimulationResult.Assumption(
            "prices ($ per 1M tokens, in / out)",
            String.format(
                Locale.ROOT,
                "flex %s / %s, standard %s / %s, priority %s / %s",
                s.prices.inputPerMillion(io.tierpilot.core.Tier.FLEX),
                s.prices.outputPerMillion(io.tierpilot.core.Tier.FLEX),
                s.prices.inputPerMillion(io.tierpilot.core.Tier.STANDARD),
                s.prices.outputPerMillion(io.tierpilot.core.Tier.STANDARD),
                s.prices.inputPerMillion(io.tierpilot.core.Tier.PRIORITY),
                s.prices.outputPerMillion(io.tierpilot.core.Tier.PRIORITY)),
            "Standard: the example price of gpt-oss-120b; Flex 0.5x; Priority 1.75x is an"
                + " assumption (no published premium)"));
    out.add(
        new SimulationResult.Assumption(
            "max tokens per request", Long.toString(s.maxTokens), "simulation default"));
    out.add(
        new SimulationResult.Assumption(
            "class target", Double.toString(s.target), "adaptive policy's target"));
    for (ProviderSpec.SourceNote n : p.sources) {
      out.add(new SimulationResult.Assumption(n.name, n.value, n.source));
    }
    return out;
  }
}
