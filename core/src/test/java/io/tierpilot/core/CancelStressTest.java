package io.tierpilot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requests cancelled at random moments (while deciding, waiting for a permit, in flight, between
 * attempts), from four threads, with outcomes arriving on four others and overdue requests expired
 * concurrently: every request ends exactly once as succeeded, failed or cancelled, the cancelled
 * count is the number of cancelled futures, and nothing is left waiting or in flight.
 */
@Tag("stress")
class CancelStressTest {

  @Test
  void everyRequestEndsOnceAndTheCountsAddUp() throws Exception {
    for (int round = 0; round < 3; round++) {
      TierScheduler s = Fixtures.builder(new FakeTicker()).tierConcurrency(4, 4).build();
      ExecutorService providers = Executors.newFixedThreadPool(4);
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try {
        TierExecutor<String> provider =
            attempt -> {
              CompletableFuture<CallOutcome<String>> f = new CompletableFuture<>();
              providers.execute(
                  () -> {
                    int r = ThreadLocalRandom.current().nextInt(10);
                    if (r < 6) {
                      f.complete(CallOutcome.success("x", attempt.tier(), 10, 10, -1));
                    } else if (r < 8) {
                      f.complete(CallOutcome.throttled(new RuntimeException("throttled")));
                    } else if (r < 9) {
                      f.complete(CallOutcome.failed(new RuntimeException("failed")));
                    } else {
                      f.completeExceptionally(new RuntimeException("broken"));
                    }
                  });
              return f;
            };
        List<CompletableFuture<TierResult<String>>> futures = new ArrayList<>();
        List<Future<List<CompletableFuture<TierResult<String>>>>> batches = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          batches.add(
              callers.submit(
                  () -> {
                    List<CompletableFuture<TierResult<String>>> mine = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) {
                      CompletableFuture<TierResult<String>> f =
                          s.submit(Fixtures.request(s, "batch"), provider);
                      mine.add(f);
                      int r = ThreadLocalRandom.current().nextInt(10);
                      if (r < 3) {
                        f.cancel(true);
                      } else if (r < 4) {
                        Thread.yield();
                        f.cancel(true);
                      }
                      if (i % 500 == 0) {
                        s.expireOverdue();
                      }
                    }
                    return mine;
                  }));
        }
        for (Future<List<CompletableFuture<TierResult<String>>>> b : batches) {
          futures.addAll(b.get(60, TimeUnit.SECONDS));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until && !settled(s, futures)) {
          s.expireOverdue();
          Thread.sleep(5);
        }
        assertTrue(settled(s, futures), s.snapshot().toString());
        SchedulerSnapshot snap = s.snapshot();
        long cancelled = futures.stream().filter(CompletableFuture::isCancelled).count();
        assertEquals(20_000, snap.submitted());
        assertEquals(snap.submitted(), snap.succeeded() + snap.failed() + snap.cancelled());
        assertEquals(cancelled, snap.cancelled(), snap.toString());
        assertTrue(cancelled > 1_000, "cancels happened: " + cancelled);
      } finally {
        providers.shutdown();
        callers.shutdown();
      }
    }
  }

  private static boolean settled(
      TierScheduler s, List<CompletableFuture<TierResult<String>>> futures) {
    for (CompletableFuture<?> f : futures) {
      if (!f.isDone()) {
        return false;
      }
    }
    SchedulerSnapshot snap = s.snapshot();
    return snap.waiting() == 0
        && snap.tiers().stream().allMatch(t -> t.inFlight() == 0)
        && snap.succeeded() + snap.failed() + snap.cancelled() == snap.submitted();
  }
}
