package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.bedrock.local.LocalBedrockServer;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Many callers at once: the scheduler's in-flight limits queue them, every synchronous call's
 * attempts run on its own thread, an interrupted caller's queued call is never sent, and the
 * asynchronous client completes every call exactly once.
 */
class ConcurrencyTest {
  private static Harness h;

  @BeforeAll
  static void start() {
    h = Harness.shared();
  }

  /** Resets the local server and makes every tier's first token take {@code ttft}. */
  private static void everyTierTakes(Duration ttft) {
    h.server.reset();
    for (Tier t : Tier.values()) {
      h.server.tier(t).ttft(ttft);
    }
  }

  /** An SDK client of the local server with the given interceptors. */
  private static BedrockRuntimeClient localClient(ExecutionInterceptor... interceptors) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(h.server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .overrideConfiguration(
            o -> {
              for (ExecutionInterceptor i : interceptors) {
                o.addExecutionInterceptor(i);
              }
            })
        .build();
  }

  /** A scheduler that lets one call at a time through, whatever the tier. */
  private static TierScheduler oneAtATime() {
    return Harness.scheduler(
        new Harness.Outcomes(), b -> b.tierConcurrency(1, 1).accountConcurrency(1, 1));
  }

  private static ConverseRequest request(String text) {
    return ConverseRequest.builder()
        .modelId(Harness.GPT_OSS)
        .messages(
            Message.builder()
                .role(ConversationRole.USER)
                .content(ContentBlock.fromText(text))
                .build())
        .build();
  }

  @Test
  void everySynchronousCallRunsOnItsCallersThread() throws Exception {
    h.server.reset();
    h.server.tier(Tier.FLEX).ttft(Duration.ofMillis(30));
    h.server.tier(Tier.STANDARD).ttft(Duration.ofMillis(30));
    h.server.tier(Tier.PRIORITY).ttft(Duration.ofMillis(30));
    Map<String, String> threadOfCall = new ConcurrentHashMap<>();
    ExecutionInterceptor spy =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
            ConverseRequest r = (ConverseRequest) c.request();
            threadOfCall.put(
                r.messages().get(0).content().get(0).text(), Thread.currentThread().getName());
          }
        };
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    ExecutionInterceptor gauge =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          }

          @Override
          public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes a) {
            inFlight.decrementAndGet();
          }
        };
    try (BedrockRuntimeClient bedrock = localClient(spy, gauge)) {
      TieredBedrockClient client =
          TieredBedrockClient.newBuilder().scheduler(oneAtATime()).client(bedrock).build();
      int callers = 6;
      ExecutorService pool = Executors.newFixedThreadPool(callers, r -> new Thread(r));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TieredResponse<?>>> results = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String name = "caller-" + i;
        names.add(name);
        results.add(
            pool.submit(
                () -> {
                  Thread.currentThread().setName(name);
                  go.await();
                  return client.converse(request(name), Slo.ofClass("batch"));
                }));
      }
      go.countDown();
      for (Future<TieredResponse<?>> f : results) {
        assertEquals(1, f.get(30, TimeUnit.SECONDS).attempts());
      }
      pool.shutdown();
      for (String name : names) {
        assertEquals(name, threadOfCall.get(name), "the call of " + name + " ran on its thread");
      }
      assertEquals(1, maxInFlight.get(), "the scheduler let one call through at a time");
      assertEquals(callers, h.server.requests().size());
    }
  }

  @Test
  void anInterruptedCallerGivesUpAndItsQueuedCallIsNeverSent() throws Exception {
    everyTierTakes(Duration.ofMillis(600));
    TierScheduler scheduler = oneAtATime();
    TieredBedrockClient client = h.syncClient(scheduler, null);
    Thread first =
        new Thread(() -> client.converse(request("first"), Slo.ofClass("batch")), "first");
    first.start();
    while (h.server.requests().isEmpty()) {
      Thread.sleep(5);
    }
    AtomicReference<Throwable> secondFailure = new AtomicReference<>();
    AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
    Thread second = caller(client, "second", secondFailure, interruptFlag);
    Thread.sleep(100);
    assertEquals(1, scheduler.snapshot().waiting(), "the second call waits for capacity");
    second.interrupt();
    second.join(5_000);
    assertFalse(second.isAlive());
    assertInstanceOf(CancellationException.class, secondFailure.get());
    assertTrue(interruptFlag.get(), "the interrupt flag is kept");
    first.join(5_000);
    Thread.sleep(100);
    assertEquals(1, h.server.requests().size(), "the abandoned call was never sent");
    assertEquals(0, scheduler.snapshot().waiting());
    assertEquals(1, scheduler.snapshot().cancelled(), "counted as cancelled");
    assertEquals(0, errors(scheduler), "no tier is blamed for it");
  }

  /** Starts a thread that makes one call, keeping its failure and its interrupt flag. */
  private static Thread caller(
      TieredBedrockClient client,
      String name,
      AtomicReference<Throwable> failure,
      AtomicReference<Boolean> interruptFlag) {
    Thread t =
        new Thread(
            () -> {
              try {
                client.converse(request(name), Slo.ofClass("batch"));
              } catch (RuntimeException e) {
                failure.set(e);
                interruptFlag.set(Thread.currentThread().isInterrupted());
              }
            },
            name);
    t.start();
    return t;
  }

  private static long errors(TierScheduler scheduler) {
    return scheduler.snapshot().tiers().stream().mapToLong(t -> t.errors()).sum();
  }

  @Test
  void aCallerInterruptedDuringItsCallGivesUpWithoutBlamingTheTier() throws Exception {
    everyTierTakes(Duration.ofMillis(2000));
    TierScheduler scheduler = oneAtATime();
    TieredBedrockClient client = h.syncClient(scheduler, null);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
    Thread caller = caller(client, "interrupted", failure, interruptFlag);
    while (h.server.requests().isEmpty()) {
      Thread.sleep(5);
    }
    Thread.sleep(100); // the call is in flight on the caller's thread
    caller.interrupt();
    caller.join(5_000);
    assertFalse(caller.isAlive());
    assertInstanceOf(CancellationException.class, failure.get(), String.valueOf(failure.get()));
    assertTrue(interruptFlag.get(), "the interrupt flag is kept");
    assertEquals(1, scheduler.snapshot().cancelled(), "counted as cancelled");
    assertEquals(0, errors(scheduler), "the aborted call is not the tier's failure");
    assertEquals(1, h.server.requests().size(), "no further attempt");
  }

  @Test
  void aCallServedBeforeTheInterruptIsReturnedAndCharged() throws Exception {
    h.server.reset();
    // the interrupt arrives once the response is in: Bedrock served and billed the call
    ExecutionInterceptor interruptAfter =
        new ExecutionInterceptor() {
          @Override
          public void afterExecution(Context.AfterExecution c, ExecutionAttributes a) {
            Thread.currentThread().interrupt();
          }
        };
    try (BedrockRuntimeClient bedrock = localClient(interruptAfter)) {
      TierScheduler scheduler = oneAtATime();
      TieredBedrockClient client =
          TieredBedrockClient.newBuilder().scheduler(scheduler).client(bedrock).build();
      TieredResponse<?> r = client.converse(request("served"), Slo.ofClass("batch"));
      assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
      assertEquals(1, r.attempts());
      assertEquals(1, scheduler.snapshot().succeeded());
      assertTrue(scheduler.snapshot().spentTotalUsd() > 0, "the served call is charged");
    }
  }

  @Test
  void aCallWaitingForCapacityFailsAtItsDeadline() throws Exception {
    everyTierTakes(Duration.ofMillis(3000));
    TierScheduler scheduler = oneAtATime();
    TieredBedrockAsyncClient async = h.asyncClient(scheduler, null);
    TieredBedrockClient sync = h.syncClient(scheduler, null);
    CompletableFuture<?> holder =
        async.converse(request("holds the only permit"), Slo.ofClass("batch"));
    while (h.server.requests().isEmpty()) {
      Thread.sleep(5);
    }
    long t0 = System.nanoTime();
    CompletableFuture<?> waiting =
        async.converse(request("async"), Slo.within(Duration.ofMillis(300)));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
    assertInstanceOf(DeadlineExceededException.class, e.getCause());
    long asyncMillis = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    assertThrows(
        DeadlineExceededException.class,
        () -> sync.converse(request("sync"), Slo.within(Duration.ofMillis(300))));
    long syncMillis = (System.nanoTime() - t0) / 1_000_000;
    // the holder's call takes 3 s: failing when it frees the permit would take that long
    assertTrue(asyncMillis < 1000, "async failed after " + asyncMillis + " ms");
    assertTrue(syncMillis < 1000, "sync failed after " + syncMillis + " ms");
    assertEquals(1, h.server.requests().size(), "neither waiting call was sent");
    holder.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theAsynchronousClientCompletesEveryCallOnce() throws Exception {
    h.server.reset();
    h.server.seed(3);
    h.server.tier(Tier.FLEX).throttleProbability(0.3);
    TierScheduler scheduler =
        Harness.scheduler(new Harness.Outcomes(), b -> b.tierConcurrency(4, 8));
    TieredBedrockAsyncClient client = h.asyncClient(scheduler, null);
    int calls = 60;
    List<CompletableFuture<? extends TieredResponse<?>>> futures = new ArrayList<>();
    List<Ops.Seen> seen = new ArrayList<>();
    Ops[] ops = {Ops.CONVERSE_ASYNC, Ops.INVOKE_ASYNC, Ops.CONVERSE_STREAM, Ops.INVOKE_STREAM};
    for (int i = 0; i < calls; i++) {
      Ops.Seen s = new Ops.Seen();
      seen.add(s);
      futures.add(ops[i % ops.length].start(client, Harness.GPT_OSS, Slo.ofClass("batch"), s));
    }
    int attempts = 0;
    for (CompletableFuture<? extends TieredResponse<?>> f : futures) {
      attempts += f.get(30, TimeUnit.SECONDS).attempts();
    }
    for (int i = 0; i < calls; i++) {
      Ops op = ops[i % ops.length];
      if (op.stream) {
        assertEquals(1, seen.get(i).completes.get());
        assertEquals(1, seen.get(i).responses.get());
        assertTrue(seen.get(i).errors.isEmpty());
      }
    }
    assertEquals(attempts, h.server.requests().size(), "one request per attempt, no SDK retry");
    assertTrue(attempts > calls, "some Flex calls were throttled and retried: " + attempts);
    // outcomes are recorded before the futures complete
    long successes = scheduler.snapshot().tiers().stream().mapToLong(t -> t.successes()).sum();
    assertEquals(calls, successes);
  }

  @Test
  void aLocalServerIsCheapToStartAndStop() {
    for (int i = 0; i < 3; i++) {
      try (LocalBedrockServer s = LocalBedrockServer.start()) {
        assertTrue(s.endpoint().getPort() > 0);
      }
    }
  }
}
