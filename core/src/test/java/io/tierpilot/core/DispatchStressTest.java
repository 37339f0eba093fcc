package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpmcArrayQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One million requests from eight threads through {@code submit}, with a fake executor that
 * completes calls on two other threads and randomly throttles: every request completes exactly
 * once, no request is executing twice at a time, and the in-flight limits hold.
 */
@Tag("stress")
class DispatchStressTest {
  private static final int SUBMITTERS = 8;
  private static final int PER_SUBMITTER = 125_000;
  private static final int TIER_MAX = 16;
  private static final int ACCOUNT_MAX = 24;

  @Test
  void everyRequestCompletesExactlyOnceAndTheLimitsHold() throws Exception {
    TierScheduler s =
        Fixtures.builder(Ticker.systemTicker())
            .tierConcurrency(8, TIER_MAX)
            .accountConcurrency(16, ACCOUNT_MAX)
            .maxAttempts(6)
            .maxWaiting(1_000_000)
            .build();
    int total = SUBMITTERS * PER_SUBMITTER;
    AtomicIntegerArray completions = new AtomicIntegerArray(total);
    AtomicIntegerArray executing = new AtomicIntegerArray(total);
    AtomicIntegerArray inFlight = new AtomicIntegerArray(Tier.values().length);
    AtomicInteger inFlightTotal = new AtomicInteger();
    AtomicIntegerArray maxInFlight = new AtomicIntegerArray(Tier.values().length);
    AtomicInteger maxTotal = new AtomicInteger();
    LongAdder doubleExecution = new LongAdder();
    LongAdder succeeded = new LongAdder();
    LongAdder failed = new LongAdder();
    MpmcArrayQueue<Runnable> pending = new MpmcArrayQueue<>(1 << 16);
    CountDownLatch done = new CountDownLatch(total);

    java.util.Map<TierRequest, Integer> ids = new java.util.concurrent.ConcurrentHashMap<>();
    TierExecutor<Integer> executor =
        attempt -> {
          int id = ids.get(attempt.request());
          if (!executing.compareAndSet(id, 0, 1)) {
            doubleExecution.increment();
          }
          int t = attempt.tier().ordinal();
          maxInFlight.accumulateAndGet(t, inFlight.incrementAndGet(t), Math::max);
          maxTotal.accumulateAndGet(inFlightTotal.incrementAndGet(), Math::max);
          CompletableFuture<CallOutcome<Integer>> f = new CompletableFuture<>();
          Runnable complete =
              () -> {
                inFlight.decrementAndGet(t);
                inFlightTotal.decrementAndGet();
                executing.set(id, 0);
                double throttle = attempt.tier() == Tier.FLEX ? 0.15 : 0.02;
                if (ThreadLocalRandom.current().nextDouble() < throttle) {
                  f.complete(CallOutcome.throttled(null));
                } else {
                  f.complete(CallOutcome.success(id, attempt.tier(), 100, 20, 1_000));
                }
              };
          while (!pending.offer(complete)) {
            Thread.onSpinWait();
          }
          return f;
        };

    AtomicLong stop = new AtomicLong();
    Thread[] completers = new Thread[2];
    for (int i = 0; i < completers.length; i++) {
      completers[i] =
          new Thread(
              () -> {
                while (stop.get() == 0 || !pending.isEmpty()) {
                  Runnable r = pending.poll();
                  if (r == null) {
                    Thread.onSpinWait();
                  } else {
                    r.run();
                  }
                }
              },
              "completer-" + i);
      completers[i].start();
    }

    Thread[] submitters = new Thread[SUBMITTERS];
    for (int k = 0; k < SUBMITTERS; k++) {
      int base = k * PER_SUBMITTER;
      submitters[k] =
          new Thread(
              () -> {
                Semaphore outstanding = new Semaphore(2_000);
                String[] classes = {"interactive", "standard", "batch"};
                for (int i = 0; i < PER_SUBMITTER; i++) {
                  int id = base + i;
                  outstanding.acquireUninterruptibly();
                  TierRequest r =
                      s.newRequest(Fixtures.MODEL)
                          .inputTokens(100)
                          .sloClass(classes[id % 3])
                          .deadlineAfter(Duration.ofSeconds(60))
                          .build();
                  ids.put(r, id);
                  s.submit(r, executor)
                      .whenComplete(
                          (res, err) -> {
                            completions.incrementAndGet(id);
                            if (err == null) {
                              succeeded.increment();
                            } else {
                              failed.increment();
                            }
                            ids.remove(r);
                            outstanding.release();
                            done.countDown();
                          });
                }
              },
              "submitter-" + k);
      submitters[k].start();
    }
    for (Thread t : submitters) {
      t.join();
    }
    assertTrue(done.await(120, TimeUnit.SECONDS), "all requests completed in time");
    stop.set(1);
    for (Thread t : completers) {
      t.join();
    }

    for (int i = 0; i < total; i++) {
      assertEquals(1, completions.get(i), "request " + i + " completions");
    }
    assertEquals(0, doubleExecution.sum(), "a request executed twice at once");
    assertEquals(total, succeeded.sum() + failed.sum());
    assertTrue(succeeded.sum() > total * 0.99, "almost all succeed: " + succeeded.sum());
    for (Tier t : Tier.values()) {
      assertTrue(
          maxInFlight.get(t.ordinal()) <= TIER_MAX,
          t + " in flight " + maxInFlight.get(t.ordinal()));
    }
    assertTrue(maxTotal.get() <= ACCOUNT_MAX, "account in flight " + maxTotal.get());
    SchedulerSnapshot snap = s.snapshot();
    assertEquals(total, snap.submitted());
    assertEquals(total, snap.succeeded() + snap.failed());
    assertEquals(0, snap.waiting());
    for (TierSnapshot t : snap.tiers()) {
      assertEquals(0, t.inFlight(), t.toString());
    }
  }
}
