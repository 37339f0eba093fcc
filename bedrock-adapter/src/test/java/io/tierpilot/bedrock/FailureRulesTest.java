package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The edges of the failure rules: the caller's own timeouts and recorder, and a tier's refusal. */
class FailureRulesTest {
  private static Harness h;

  @BeforeEach
  void start() {
    h = Harness.shared();
  }

  @Test
  void theCallersOwnShorterTimeoutFailsTheCallWithoutCallingItADeadline() {
    h.server.tier(Tier.FLEX).ttft(Duration.ofSeconds(3));
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    TieredBedrockClient client = h.syncClient(scheduler, null);
    // the batch class has 20 s: the caller's 300 ms API-call timeout ends the call long before
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class,
            () ->
                client.converse(
                    Ops.converseRequest(Harness.GPT_OSS).toBuilder()
                        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(300)))
                        .build(),
                    Slo.ofClass("batch")));
    assertFalse(e instanceof DeadlineExceededException, e.toString());
    assertEquals(TierSchedulingException.Reason.CALL_FAILED, e.reason());
    assertInstanceOf(ApiCallTimeoutException.class, e.getCause());
    assertEquals(1, scheduler.snapshot().failed());
    assertEquals(0, scheduler.snapshot().deadlineExceeded());
  }

  @Test
  void theDeadlinesOwnTimeoutIsADeadlineExceeded() {
    h.server.tier(Tier.FLEX).ttft(Duration.ofSeconds(3));
    h.server.tier(Tier.STANDARD).ttft(Duration.ofSeconds(3));
    h.server.tier(Tier.PRIORITY).ttft(Duration.ofSeconds(3));
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    TieredBedrockClient client = h.syncClient(scheduler, null);
    assertThrows(
        DeadlineExceededException.class,
        () ->
            client.converse(
                Ops.converseRequest(Harness.GPT_OSS),
                Slo.newBuilder().deadline(Duration.ofMillis(400)).build()));
  }

  @Test
  void theUnsupportedTierWordingIsConfigurable() {
    h.server.tier(Tier.FLEX).unsupported(true);
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    TieredBedrockClient strict =
        TieredBedrockClient.newBuilder()
            .scheduler(scheduler)
            .client(h.sync)
            .unsupportedTierMessage(Pattern.compile("wording this endpoint never uses"))
            .build();
    TierSchedulingException e =
        assertThrows(
            TierSchedulingException.class,
            () -> strict.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch")));
    assertEquals(TierSchedulingException.Reason.CALL_FAILED, e.reason());
    assertInstanceOf(ValidationException.class, e.getCause());
    assertTrue(scheduler.supportedTiers(Harness.GPT_OSS).contains(Tier.FLEX));

    TieredBedrockClient usual = h.syncClient(scheduler, null);
    TieredResponse<?> r =
        usual.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch"));
    assertEquals(2, r.attempts());
    assertFalse(scheduler.supportedTiers(Harness.GPT_OSS).contains(Tier.FLEX));
  }

  @Test
  void aFailingTraceWriterNeverKeepsACallFromCompleting() throws Exception {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            throw new IllegalStateException("disk on fire");
          }

          @Override
          public void flush() throws IOException {
            throw new IOException("disk on fire");
          }

          @Override
          public void close() {}
        };
    TraceRecorder recorder = TraceRecorder.to(broken);
    // the first line is written at once: more than a second has passed since the recorder opened
    Thread.sleep(1100);
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    CompletableFuture<TieredResponse<?>> f =
        CompletableFuture.supplyAsync(
            () ->
                h.syncClient(scheduler, recorder)
                    .converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch")));
    TieredResponse<?> r = f.get(20, TimeUnit.SECONDS);
    assertEquals(1, r.attempts());
    assertEquals(1, recorder.lines());
    assertEquals(1, recorder.droppedLines());
    IOException pending = assertThrows(IOException.class, recorder::flush);
    assertTrue(pending.getMessage().contains("disk on fire"), pending.getMessage());
  }

  @Test
  void cancellingAnAsyncCallAbortsItAndAQueuedOneIsNeverSent() throws Exception {
    h.server.tier(Tier.FLEX).ttft(Duration.ofSeconds(5));
    TierScheduler scheduler =
        Harness.scheduler(new Harness.Outcomes(), b -> b.tierConcurrency(1, 1));
    java.io.StringWriter trace = new java.io.StringWriter();
    TraceRecorder recorder = TraceRecorder.to(trace);
    TieredBedrockAsyncClient client = h.asyncClient(scheduler, recorder);
    CompletableFuture<?> running =
        client.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch"));
    CompletableFuture<?> queued =
        client.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch"));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (h.server.requests().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertEquals(1, h.server.requests().size(), "one call in flight, one waiting for the permit");
    assertTrue(queued.cancel(true));
    long start = System.nanoTime();
    assertTrue(running.cancel(true));
    // the aborted call's permit goes to the cancelled waiting call, which is dropped unsent
    while (scheduler.snapshot().cancelled() < 2 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3),
        "the call in flight was aborted, not waited for");
    assertEquals(2, scheduler.snapshot().cancelled());
    assertEquals(0, scheduler.snapshot().failed());
    assertEquals(1, h.server.requests().size());
    assertEquals(
        0,
        scheduler.snapshot().tiers().stream().mapToLong(t -> t.errors()).sum(),
        "no tier is blamed for a cancelled call");
    recorder.flush();
    assertEquals(
        2, trace.toString().split("\"result\":\"cancelled\"", -1).length - 1, trace.toString());
  }
}
