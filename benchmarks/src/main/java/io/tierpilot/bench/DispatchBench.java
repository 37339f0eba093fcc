package io.tierpilot.bench;

import io.tierpilot.core.CallOutcome;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierExecutor;
import io.tierpilot.core.TierRequest;
import io.tierpilot.core.TierResult;
import java.util.concurrent.CompletableFuture;
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
 * Requests through {@code submit} → decision → lane queue → in-flight permits → executor →
 * completion → outcome recorded → future completed, with an executor that returns an already
 * completed success (no I/O), from 1 and 2 threads. Deadlines are far and the in-flight limits
 * (1024 per tier, 4096 per model) far above the calls in flight, so every request succeeds on its
 * first attempt. {@code engine} submits to {@code TierScheduler}, {@code baseline} to {@link
 * BaselineScheduler} (an {@code ArrayBlockingQueue} per lane, {@code synchronized} in-flight
 * counters). Throughput: completed requests per microsecond.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBench {

  /** The schedulers and executors; shared by a group's threads. */
  @State(Scope.Group)
  public static class Shared {
    Fixture fixture;
    TierExecutor<String> executor;
    BaselineScheduler.Executor<String> baselineExecutor;

    /** Builds the executors and checks that a request completes at once with a result. */
    @Setup
    public void setUp() {
      fixture = Fixture.create(1, 4096);
      @SuppressWarnings({"unchecked", "rawtypes"})
      CompletableFuture<CallOutcome<String>>[] done = new CompletableFuture[Tier.values().length];
      for (Tier t : Tier.values()) {
        done[t.ordinal()] =
            CompletableFuture.completedFuture(CallOutcome.success("ok", t, 1000, 180));
      }
      executor = attempt -> done[attempt.tier().ordinal()];
      baselineExecutor = decision -> done[decision.tier().ordinal()];
      for (TierRequest r : fixture.requests) {
        CompletableFuture<TierResult<String>> f = fixture.engine.submit(r, executor);
        if (!f.isDone() || f.isCompletedExceptionally()) {
          throw new IllegalStateException("submit did not complete at once with a result: " + f);
        }
        CompletableFuture<BaselineScheduler.Result<String>> b =
            fixture.baseline.submit(r, baselineExecutor);
        if (!b.isDone() || b.isCompletedExceptionally()) {
          throw new IllegalStateException("baseline submit did not complete with a result: " + b);
        }
      }
    }
  }

  /** Each thread's position in the request array. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

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

  /** The scheduler, one thread. */
  @Benchmark
  @Group("engine_t1")
  @GroupThreads(1)
  public CompletableFuture<TierResult<String>> engineT1(Shared s, Cursor c) {
    return s.fixture.engine.submit(c.next(s.fixture), s.executor);
  }

  /** The scheduler, two threads. */
  @Benchmark
  @Group("engine_t2")
  @GroupThreads(2)
  public CompletableFuture<TierResult<String>> engineT2(Shared s, Cursor c) {
    return s.fixture.engine.submit(c.next(s.fixture), s.executor);
  }

  /** The baseline, one thread. */
  @Benchmark
  @Group("baseline_t1")
  @GroupThreads(1)
  public CompletableFuture<BaselineScheduler.Result<String>> baselineT1(Shared s, Cursor c) {
    return s.fixture.baseline.submit(c.next(s.fixture), s.baselineExecutor);
  }

  /** The baseline, two threads. */
  @Benchmark
  @Group("baseline_t2")
  @GroupThreads(2)
  public CompletableFuture<BaselineScheduler.Result<String>> baselineT2(Shared s, Cursor c) {
    return s.fixture.baseline.submit(c.next(s.fixture), s.baselineExecutor);
  }
}
