package io.tierpilot.bench;

import io.tierpilot.core.TierPrices;
import io.tierpilot.sim.engine.Scenario;
import io.tierpilot.sim.engine.Simulation;
import io.tierpilot.sim.engine.SloClassSpec;
import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.provider.ProviderSpec;
import io.tierpilot.sim.workload.TraceRequest;
import io.tierpilot.sim.workload.Workload;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload requests per second of the {@code adaptive} policy (the scheduler on virtual time) on
 * the {@code bedrock} preset, replaying the bundled Azure trace (conversation, 2023: {@value
 * #REQUESTS} requests over one hour) with the demo's class mix, one whole run per operation. With
 * {@code background=on} the virtual Bedrock also simulates other customers' traffic on the shared
 * fleet (60 calls per second on average, about 80 at this hour of its daily cycle with bursts, plus
 * five minutes of warm-up: some 312,000 background calls, about 16 per workload request), as the
 * demo does; {@code background=off} removes it, which isolates what the policy and the workload's
 * own events cost. There is no external baseline for this model.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AzureBench.REQUESTS)
@State(Scope.Benchmark)
public class AzureBench {
  /** Requests in the bundled trace. */
  public static final int REQUESTS = 19_366;

  /** The demo's class mix. */
  static final String CLASSES =
      "interactive=0.3:10s:priority,standard=0.4:60s:standard,batch=0.3:30m:flex";

  private static final String TRACE_RESOURCE = "/traces/azure-2023-conv.csv";

  /** Whether other customers' traffic is simulated: {@code on} (the preset) or {@code off}. */
  @Param({"on", "off"})
  public String background;

  private Path trace;
  private Scenario scenario;

  /**
   * Copies the bundled trace to a temporary file and checks its length.
   *
   * @throws IOException if the trace cannot be copied or read
   */
  @Setup
  public void setUp() throws IOException {
    trace = Files.createTempFile("tierpilot-bench-azure", ".csv");
    try (InputStream in = Simulation.class.getResourceAsStream(TRACE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the simulator's bundled trace is missing");
      }
      Files.copy(in, trace, StandardCopyOption.REPLACE_EXISTING);
    }
    scenario = scenario(trace, "on".equals(background));
    long n = 0;
    try (Workload w = scenario.workloads.get(0).open(scenario.workloadOptions)) {
      for (TraceRequest r = w.next(); r != null; r = w.next()) {
        n++;
      }
    }
    if (n != REQUESTS) {
      throw new IllegalStateException("the bundled trace has " + n + " requests, not " + REQUESTS);
    }
  }

  /**
   * Deletes the temporary trace.
   *
   * @throws IOException if it cannot be deleted
   */
  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(trace);
  }

  /**
   * Returns the demo's scenario on a trace, with or without background traffic, adaptive only.
   *
   * @param trace the Azure trace file
   * @param background whether other customers' traffic is simulated
   * @return the scenario
   */
  static Scenario scenario(Path trace, boolean background) {
    ProviderSpec provider = ProviderSpec.load("bedrock");
    if (!background) {
      provider.defaults.background.ratePerSecond = 0;
      for (ProviderSpec.ModelSpec m : provider.models.values()) {
        m.background.ratePerSecond = 0;
      }
    }
    return new Scenario(
        List.of(WorkloadSpec.parse("azure:" + trace)),
        new WorkloadOptions(false, Scenario.DEFAULT_SEED),
        SloClassSpec.parse(CLASSES),
        provider,
        "bedrock",
        Scenario.DEFAULT_SEED,
        null,
        Scenario.DEFAULT_MODEL,
        Scenario.DEFAULT_MAX_TOKENS,
        TierPrices.fromStandard(Scenario.DEFAULT_INPUT_PRICE, Scenario.DEFAULT_OUTPUT_PRICE),
        null,
        Scenario.DEFAULT_TARGET,
        List.of("adaptive"));
  }

  /**
   * One run of the adaptive policy over the whole trace.
   *
   * @return the run's result
   * @throws IOException if the trace cannot be read
   */
  @Benchmark
  public PolicyResult adaptive() throws IOException {
    return new Simulation(scenario, "adaptive", null).run();
  }
}
