package io.tierpilot.bench;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.Decision;
import io.tierpilot.core.TierRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision for requests whose {@code maxTokens} (512) caps the output below the largest output
 * stratum, one model, one thread. The scheduler tabulates the latency function of uncapped requests
 * only; a capped request evaluates the double sum over output and per-token strata for each option
 * it weighs, as the baseline always does. Throughput and SampleTime, microseconds.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class DecideCappedBench {
  private Fixture fixture;
  private final Decision reuse = new Decision();
  private int next;

  /** Builds and warms the schedulers. */
  @Setup
  public void setUp() {
    fixture = Fixture.create(1, 512);
  }

  private TierRequest next() {
    return fixture.requests[next++ & (Fixture.REQUESTS - 1)];
  }

  /** Allocation-free decision of a capped request. */
  @Benchmark
  public Decision engine() {
    return fixture.engine.decide(next(), Attempts.none(), reuse);
  }

  /** The baseline's decision of a capped request. */
  @Benchmark
  public BaselineDecision baseline() {
    return fixture.baseline.decide(next(), Attempts.none());
  }
}
