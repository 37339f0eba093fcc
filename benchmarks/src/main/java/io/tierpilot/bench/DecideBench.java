package io.tierpilot.bench;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.Decision;
import io.tierpilot.core.TierRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The cost of one decision, with warm histograms, 3 tiers per model, 1 or 50 models, from 1, 2 and
 * 4 threads sharing one scheduler ({@code _t1}, {@code _t2}, {@code _t4}):
 *
 * <ul>
 *   <li>{@code engine}: {@code decide(request, Attempts.none(), reuse)}, the allocation-free path
 *       with one {@link Decision} per thread;
 *   <li>{@code engineAlloc}: {@code decide(request)}, which returns a new decision;
 *   <li>{@code baseline}: {@link BaselineScheduler#decide}, the straightforward implementation.
 * </ul>
 *
 * <p>Throughput (operations per microsecond, all threads together) and SampleTime (microseconds per
 * operation, for p50/p99/p99.9). Requests are uncapped ({@code maxTokens} 4096, above every output
 * stratum), so the scheduler reads its tabulated latency functions; see {@link DecideCappedBench}
 * for capped requests.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecideBench {

  /** One warmed-up fixture per group: the threads of a group share the schedulers. */
  @State(Scope.Group)
  public static class Shared {
    /** Models configured; requests cycle over them. */
    @Param({"1", "50"})
    public int models;

    Fixture fixture;

    /** Builds and warms the schedulers. */
    @Setup
    public void setUp() {
      fixture = Fixture.create(models, 4096);
    }
  }

  /** Each thread's position in the request array and its reusable decision. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    final Decision reuse = new Decision();

    /**
     * Starts each thread at a different request.
     *
     * @param threads JMH's view of this thread
     */
    @Setup
    public void setUp(ThreadParams threads) {
      next = threads.getThreadIndex() * 331;
    }

    TierRequest next(Fixture f) {
      return f.requests[next++ & (Fixture.REQUESTS - 1)];
    }
  }

  /** Allocation-free decision, one thread. */
  @Benchmark
  @Group("engine_t1")
  @GroupThreads(1)
  public Decision engineT1(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture), Attempts.none(), c.reuse);
  }

  /** Allocation-free decision, two threads. */
  @Benchmark
  @Group("engine_t2")
  @GroupThreads(2)
  public Decision engineT2(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture), Attempts.none(), c.reuse);
  }

  /** Allocation-free decision, four threads. */
  @Benchmark
  @Group("engine_t4")
  @GroupThreads(4)
  public Decision engineT4(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture), Attempts.none(), c.reuse);
  }

  /** {@code decide(request)}, one thread. */
  @Benchmark
  @Group("engineAlloc_t1")
  @GroupThreads(1)
  public Decision engineAllocT1(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture));
  }

  /** {@code decide(request)}, two threads. */
  @Benchmark
  @Group("engineAlloc_t2")
  @GroupThreads(2)
  public Decision engineAllocT2(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture));
  }

  /** {@code decide(request)}, four threads. */
  @Benchmark
  @Group("engineAlloc_t4")
  @GroupThreads(4)
  public Decision engineAllocT4(Shared s, Cursor c) {
    return s.fixture.engine.decide(c.next(s.fixture));
  }

  /** The baseline's decision, one thread. */
  @Benchmark
  @Group("baseline_t1")
  @GroupThreads(1)
  public BaselineDecision baselineT1(Shared s, Cursor c) {
    return s.fixture.baseline.decide(c.next(s.fixture), Attempts.none());
  }

  /** The baseline's decision, two threads. */
  @Benchmark
  @Group("baseline_t2")
  @GroupThreads(2)
  public BaselineDecision baselineT2(Shared s, Cursor c) {
    return s.fixture.baseline.decide(c.next(s.fixture), Attempts.none());
  }

  /** The baseline's decision, four threads. */
  @Benchmark
  @Group("baseline_t4")
  @GroupThreads(4)
  public BaselineDecision baselineT4(Shared s, Cursor c) {
    return s.fixture.baseline.decide(c.next(s.fixture), Attempts.none());
  }
}
