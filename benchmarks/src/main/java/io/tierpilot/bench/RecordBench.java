package io.tierpilot.bench;

import io.tierpilot.core.Attempts;
import io.tierpilot.core.Decision;
import io.tierpilot.core.TierRequest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The cost of recording one outcome, from 1, 2 and 4 threads sharing one scheduler: a success with
 * its latency, time to first token and token counts ({@code recordSuccess}), or, for 5% of the
 * outcomes, a throttle ({@code recordThrottle}), each against a decision made in setup. {@code
 * engine} records into the scheduler, {@code baseline} into {@link BaselineScheduler}. Throughput
 * in operations per microsecond, all threads together.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordBench {

  /** The outcomes to record, and the decisions they follow; shared by a group's threads. */
  @State(Scope.Group)
  public static class Shared {
    Fixture fixture;
    final Decision[] decisions = new Decision[Fixture.REQUESTS];
    final BaselineDecision[] baselineDecisions = new BaselineDecision[Fixture.REQUESTS];
    final boolean[] throttled = new boolean[Fixture.REQUESTS];
    final long[] latencyNanos = new long[Fixture.REQUESTS];
    final long[] ttftNanos = new long[Fixture.REQUESTS];
    final long[] outputTokens = new long[Fixture.REQUESTS];

    /** Decides every request once and draws its outcome. */
    @Setup
    public void setUp() {
      fixture = Fixture.create(1, 4096);
      SplittableRandom rnd = new SplittableRandom(7);
      for (int i = 0; i < Fixture.REQUESTS; i++) {
        TierRequest r = fixture.requests[i];
        decisions[i] = fixture.engine.decide(r);
        baselineDecisions[i] = fixture.baseline.decide(r, Attempts.none());
        if (!decisions[i].isCall() || !baselineDecisions[i].isCall()) {
          throw new IllegalStateException("request " + i + " got no call: " + decisions[i]);
        }
        throttled[i] = rnd.nextDouble() < 0.05;
        ttftNanos[i] = (long) (0.5e9 * Math.exp(0.6 * rnd.nextGaussian()));
        outputTokens[i] = Math.max(1, Math.round(180 * Math.exp(rnd.nextGaussian())));
        latencyNanos[i] = ttftNanos[i] + outputTokens[i] * 5_555_555L;
      }
    }

    void engine(int index) {
      int i = index & (Fixture.REQUESTS - 1);
      Decision d = decisions[i];
      if (throttled[i]) {
        fixture.engine.recordThrottle(d, 150_000_000L);
      } else {
        fixture.engine.recordSuccess(
            d, d.tier(), latencyNanos[i], ttftNanos[i], d.request().inputTokens(), outputTokens[i]);
      }
    }

    void baseline(int index) {
      int i = index & (Fixture.REQUESTS - 1);
      BaselineDecision d = baselineDecisions[i];
      if (throttled[i]) {
        fixture.baseline.recordThrottle(d, 150_000_000L);
      } else {
        fixture.baseline.recordSuccess(
            d, d.tier(), latencyNanos[i], ttftNanos[i], d.request().inputTokens(), outputTokens[i]);
      }
    }
  }

  /** Each thread's position in the outcome arrays. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    /**
     * Starts each thread at a different outcome.
     *
     * @param threads JMH's view of this thread
     */
    @Setup
    public void setUp(ThreadParams threads) {
      next = threads.getThreadIndex() * 331;
    }
  }

  /** The scheduler, one thread. */
  @Benchmark
  @Group("engine_t1")
  @GroupThreads(1)
  public void engineT1(Shared s, Cursor c) {
    s.engine(c.next++);
  }

  /** The scheduler, two threads. */
  @Benchmark
  @Group("engine_t2")
  @GroupThreads(2)
  public void engineT2(Shared s, Cursor c) {
    s.engine(c.next++);
  }

  /** The scheduler, four threads. */
  @Benchmark
  @Group("engine_t4")
  @GroupThreads(4)
  public void engineT4(Shared s, Cursor c) {
    s.engine(c.next++);
  }

  /** The baseline, one thread. */
  @Benchmark
  @Group("baseline_t1")
  @GroupThreads(1)
  public void baselineT1(Shared s, Cursor c) {
    s.baseline(c.next++);
  }

  /** The baseline, two threads. */
  @Benchmark
  @Group("baseline_t2")
  @GroupThreads(2)
  public void baselineT2(Shared s, Cursor c) {
    s.baseline(c.next++);
  }

  /** The baseline, four threads. */
  @Benchmark
  @Group("baseline_t4")
  @GroupThreads(4)
  public void baselineT4(Shared s, Cursor c) {
    s.baseline(c.next++);
  }
}
