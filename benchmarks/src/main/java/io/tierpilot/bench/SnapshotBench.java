package io.tierpilot.bench;

import io.tierpilot.core.SchedulerSnapshot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one snapshot of a warmed-up scheduler with 1 or 50 models (3 tiers each): {@code
 * TierScheduler.snapshot()} against {@link BaselineScheduler#snapshot()}. Average time in
 * microseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SnapshotBench {
  /** Models configured. */
  @Param({"1", "50"})
  public int models;

  private Fixture fixture;

  /** Builds and warms the schedulers. */
  @Setup
  public void setUp() {
    fixture = Fixture.create(models, 4096);
  }

  /** The scheduler's snapshot. */
  @Benchmark
  public SchedulerSnapshot engine() {
    return fixture.engine.snapshot();
  }

  /** The baseline's snapshot. */
  @Benchmark
  public BaselineScheduler.Snapshot baseline() {
    return fixture.baseline.snapshot();
  }
}
