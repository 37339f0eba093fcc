package io.tierpilot.bench;

import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.Simulation;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Simulated customers per second through an M/M/4 queue (λ = 3.2/s, μ = 1/s per server, ρ = 0.8,
 * FIFO), {@value #CUSTOMERS} customers per run: {@code engine} is the tierpilot simulator on its
 * {@code mmc} preset ({@code mmc:servers=4,service=exp:1s}, workload {@code
 * poisson:rate=3.2,requests=N,input=100,output=100}, policy {@code static-standard}), which also
 * keeps its per-request accounts (latency, cost, class, per-minute buckets); {@code baseline} is
 * the same queue in SSJ 3.3.2 ({@link SsjMmc}). One whole run, set-up included, per operation; the
 * score is customers per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MmcBench.CUSTOMERS)
@State(Scope.Benchmark)
public class MmcBench {
  /** Customers per run. */
  public static final int CUSTOMERS = 200_000;

  private Scenario scenario;

  /**
   * Returns the M/M/4 scenario of the tierpilot simulator.
   *
   * @param customers requests in the workload
   * @param seed the seed of the workload and the run
   * @return the scenario
   */
  static Scenario mm4(int customers, long seed) {
    String provider = "mmc:servers=4,service=exp:1s";
    return new Scenario(
        List.of(
            WorkloadSpec.parse("poisson:rate=3.2,requests=" + customers + ",input=100,output=100")),
        new WorkloadOptions(false, seed),
        SloClassSpec.parse("all=1:1h:standard"),
        ProviderSpec.load(provider),
        provider,
        seed,
        null,
        Scenario.DEFAULT_MODEL,
        Scenario.DEFAULT_MAX_TOKENS,
        TierPrices.fromStandard(Scenario.DEFAULT_INPUT_PRICE, Scenario.DEFAULT_OUTPUT_PRICE),
        null,
        Scenario.DEFAULT_TARGET,
        List.of("static-standard"));
  }

  /**
   * Builds the scenario and checks that both models serve every customer.
   *
   * @throws IOException never for a generated workload
   */
  @Setup
  public void setUp() throws IOException {
    scenario = mm4(CUSTOMERS, Scenario.DEFAULT_SEED);
    long served = engine().requests();
    long departed = baseline().departed();
    if (served != CUSTOMERS || departed != CUSTOMERS) {
      throw new IllegalStateException(
          "expected " + CUSTOMERS + " customers, simulated " + served + " and " + departed);
    }
  }

  /**
   * One run of the tierpilot simulator.
   *
   * @return the run's result
   * @throws IOException never for a generated workload
   */
  @Benchmark
  public PolicyResult engine() throws IOException {
    return new Simulation(scenario, "static-standard", null).run();
  }

  /** One run of the same queue in SSJ. */
  @Benchmark
  public SsjMmc baseline() {
    return new SsjMmc(4, 3.2, 1.0, CUSTOMERS).run();
  }
}
