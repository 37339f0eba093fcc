package io.tierpilot.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierpilot.core.DeadlineExceededException;
import io.tierpilot.core.Tier;
import io.tierpilot.core.TierScheduler;
import io.tierpilot.core.TierSchedulingException;
import io.tierpilot.sim.cli.Main;
import io.tierpilot.sim.workload.TraceRequest;
import io.tierpilot.sim.workload.Workload;
import io.tierpilot.sim.workload.WorkloadOptions;
import io.tierpilot.sim.workload.WorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder writes the native trace format, and what it records replays in the simulator. */
class TraceRecorderTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Instant T0 = Instant.parse("2026-03-11T00:38:02.123456789Z");

  private static Harness h;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    h = Harness.shared();
  }

  /** Records one call of every outcome through both clients; returns the lines. */
  private List<JsonNode> recordMixedTraffic(Path file) throws IOException {
    h.server.reset();
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    try (TraceRecorder recorder = TraceRecorder.open(file)) {
      TieredBedrockClient sync =
          TieredBedrockClient.newBuilder()
              .scheduler(scheduler)
              .client(h.sync)
              .recorder(recorder)
              .clock(clock)
              .build();
      TieredBedrockAsyncClient async =
          TieredBedrockAsyncClient.newBuilder()
              .scheduler(scheduler)
              .client(h.async)
              .recorder(recorder)
              .clock(clock)
              .build();
      // 1: success on Flex, streamed
      h.server.tier(Tier.FLEX).ttft(Duration.ofMillis(20));
      Ops.CONVERSE_STREAM.call(
          sync,
          async,
          Harness.GPT_OSS,
          Slo.newBuilder().sloClass("batch").tag("checkout").build(),
          new Ops.Seen());
      // 2: Flex throttled, then served by Standard
      h.server.tier(Tier.FLEX).throttleNext(1);
      sync.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("interactive"));
      // 3: deadline already passed: no call
      assertThrows(
          DeadlineExceededException.class,
          () ->
              sync.invokeModel(
                  Ops.invokeRequest(Harness.NOVA),
                  Slo.newBuilder().deadlineNanos(scheduler.ticker().read() - 1).build()));
      // 4: a client error
      h.server.tier(Tier.FLEX).failNext(1, 400, "ValidationException", "bad request");
      assertThrows(
          TierSchedulingException.class,
          () -> Ops.join(async.invokeModel(Ops.invokeRequest(Harness.GPT_OSS), Slo.defaults())));
      // 5: throttled on every tier until the attempts run out
      for (Tier t : Tier.values()) {
        h.server.tier(t).throttleNext(10);
      }
      assertThrows(
          TierSchedulingException.class,
          () -> sync.converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch")));
      assertEquals(5, recorder.lines());
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String l : readLines(file)) {
      lines.add(JSON.readTree(l));
    }
    return lines;
  }

  private static List<String> readLines(Path file) throws IOException {
    if (file.toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
      }
    }
    return Files.readAllLines(file);
  }

  @Test
  void everyCallIsOneLineWithItsFinalOutcome() throws IOException {
    List<JsonNode> lines = recordMixedTraffic(dir.resolve("trace.jsonl"));
    assertEquals(5, lines.size());

    JsonNode ok = lines.get(0);
    assertEquals("1773189482123.456789", ok.get("arrival_ms").decimalValue().toPlainString());
    assertTrue(ok.get("arrival_ms").isNumber());
    assertEquals(Harness.GPT_OSS, ok.get("model").asText());
    assertEquals(5, ok.get("input_tokens").asInt());
    assertEquals(16, ok.get("output_tokens").asInt());
    assertEquals("batch", ok.get("class").asText());
    assertEquals(20_000.0, ok.get("deadline_ms").asDouble(), 1e-9);
    assertEquals("checkout", ok.get("tag").asText());
    assertEquals("flex", ok.get("requested_tier").asText());
    assertEquals("flex", ok.get("served_tier").asText());
    assertTrue(ok.get("ttft_ms").asDouble() >= 20);
    assertTrue(ok.get("latency_ms").asDouble() >= ok.get("ttft_ms").asDouble());
    assertEquals("success", ok.get("result").asText());
    assertEquals(Harness.PRICES.costUsd(Tier.FLEX, 5, 16), ok.get("cost_usd").asDouble(), 1e-15);
    assertEquals(1, ok.get("attempts").asInt());
    assertEquals("converse-stream", ok.get("operation").asText());
    assertNull(ok.get("tokens_estimated"));

    JsonNode escalated = lines.get(1);
    assertEquals("flex", escalated.get("requested_tier").asText());
    assertEquals("default", escalated.get("served_tier").asText());
    assertEquals(2, escalated.get("attempts").asInt());
    assertEquals("interactive", escalated.get("class").asText());
    assertEquals(1000.0, escalated.get("deadline_ms").asDouble(), 1e-9);
    assertNull(escalated.get("ttft_ms"), "not measured on Converse");
    assertNull(escalated.get("tag"));

    JsonNode late = lines.get(2);
    assertEquals("deadline_exceeded", late.get("result").asText());
    assertEquals(0, late.get("attempts").asInt());
    assertNull(late.get("requested_tier"));
    assertEquals(0.000001, late.get("deadline_ms").asDouble(), 1e-12, "at least 1 ns");
    assertEquals(0, late.get("output_tokens").asInt());
    assertTrue(late.get("tokens_estimated").asBoolean(), "input tokens estimated");
    assertEquals(Harness.NOVA, late.get("model").asText());

    JsonNode failed = lines.get(3);
    assertEquals("failed", failed.get("result").asText());
    assertEquals(1, failed.get("attempts").asInt());
    assertEquals(0.0, failed.get("cost_usd").asDouble());

    JsonNode throttled = lines.get(4);
    assertEquals("throttled", throttled.get("result").asText());
    assertEquals(4, throttled.get("attempts").asInt());
    for (JsonNode l : lines) {
      assertFalse(l.toString().contains(Ops.PROMPT), "no prompt text is recorded");
      assertFalse(l.toString().contains("w0 w1"), "no response text is recorded");
    }
  }

  @Test
  void aFlushedGzipTraceIsReadableBeforeItIsClosed() throws Exception {
    Path file = dir.resolve("open.jsonl.gz");
    h.server.reset();
    TierScheduler scheduler = Harness.scheduler(new Harness.Outcomes());
    try (TraceRecorder recorder = TraceRecorder.open(file)) {
      h.syncClient(scheduler, recorder)
          .converse(Ops.converseRequest(Harness.GPT_OSS), Slo.ofClass("batch"));
      recorder.flush();
      // what is on disk now, as a writer that crashed here would leave it
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        byte[] b = new byte[4096];
        try {
          for (int n = in.read(b); n > 0; n = in.read(b)) {
            got.write(b, 0, n);
          }
        } catch (java.io.EOFException expected) {
          // no gzip trailer until close()
        }
      }
      String text = got.toString(StandardCharsets.UTF_8);
      assertTrue(text.endsWith("\n") && text.contains("\"result\":\"success\""), text);
      try (Workload w =
          WorkloadSpec.parse("native:" + file)
              .open(WorkloadOptions.defaults().withSkipInvalid(true))) {
        assertTrue(w.next() != null);
        assertNull(w.next());
        assertEquals(0, w.skipped(), "it ends at a whole line: nothing is lost");
      }
      // a second recorder on the unfinished file (after a crash) would make it unreadable
      IOException e = assertThrows(IOException.class, () -> TraceRecorder.open(file));
      assertTrue(e.getMessage().contains("ends in the middle"), e.getMessage());
    }
  }

  @Test
  void aRecordedTraceReplaysInTheSimulator() throws Exception {
    Path file = dir.resolve("bedrock.jsonl.gz");
    List<JsonNode> lines = recordMixedTraffic(file);

    List<TraceRequest> replayed = new ArrayList<>();
    try (Workload w = WorkloadSpec.parse("native:" + file).open(WorkloadOptions.defaults())) {
      for (TraceRequest r = w.next(); r != null; r = w.next()) {
        replayed.add(r);
      }
    }
    assertEquals(lines.size(), replayed.size(), "every request replays, whatever its result");
    for (TraceRequest r : replayed) {
      assertEquals(0, r.arrivalNanos, "all arrived at the same fixed instant");
      assertTrue(r.model.equals(Harness.GPT_OSS) || r.model.equals(Harness.NOVA));
    }
    assertEquals(5, replayed.get(0).inputTokens);
    assertEquals(16, replayed.get(0).outputTokens);
    assertEquals("batch", replayed.get(0).sloClass);
    assertEquals(TimeUnit.SECONDS.toNanos(20), replayed.get(0).deadlineNanos);
    assertEquals("checkout", replayed.get(0).tag);

    Path out = dir.resolve("sim");
    int status =
        Main.run(
            "simulate",
            "--trace",
            "native:" + file,
            "--classes",
            "interactive=0.5:1s:priority,batch=0.5:20s:flex",
            "--policies",
            "adaptive,static-standard",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertEquals(0, status);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertTrue(summary.toString().contains("adaptive"));
    assertTrue(summary.toString().contains("static-standard"));
  }

  @Test
  void linesFromManyThreadsStayWhole() throws Exception {
    StringWriter sink = new StringWriter();
    int threads = 8;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try (TraceRecorder recorder = TraceRecorder.to(sink)) {
      for (int t = 0; t < threads; t++) {
        int id = t;
        pool.submit(
            () -> {
              go.await();
              for (int i = 0; i < perThread; i++) {
                TraceRecorder.Line l = line(id * 1_000_000L + i);
                recorder.record(l);
              }
              return null;
            });
      }
      go.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
      assertEquals((long) threads * perThread, recorder.lines());
    }
    String[] out = sink.toString().split("\n");
    assertEquals(threads * perThread, out.length);
    for (String l : out) {
      JsonNode n = JSON.readTree(l);
      assertEquals("m.x-1:0", n.get("model").asText());
    }
  }

  @Test
  void aWriteErrorIsCountedAndReportedOnFlushNotThrownIntoTheCall() throws IOException {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    TraceRecorder recorder = TraceRecorder.to(broken);
    recorder.record(line(1));
    recorder.record(line(2));
    IOException e = assertThrows(IOException.class, recorder::flush);
    assertTrue(e.getMessage().contains("disk full"));
    assertEquals(2, recorder.droppedLines());
    recorder.close();
    recorder.record(line(3));
    assertEquals(3, recorder.droppedLines(), "after close, lines are dropped");
  }

  @Test
  void numbersAreWrittenExactly() throws IOException {
    TraceRecorder.Line l = line(0);
    l.arrivalEpochNanos = 1_741_653_482_000_000_000L;
    l.deadlineNanos = 8_000_000_000L;
    l.ttftNanos = 412_500_000L;
    l.latencyNanos = 2_120_250_001L;
    JsonNode n = JSON.readTree(TraceRecorder.format(l));
    assertEquals("1741653482000", n.get("arrival_ms").asText());
    assertEquals("8000", n.get("deadline_ms").asText());
    assertEquals("412.5", n.get("ttft_ms").decimalValue().toPlainString());
    assertEquals("2120.250001", n.get("latency_ms").decimalValue().toPlainString());
  }

  private static TraceRecorder.Line line(long i) {
    TraceRecorder.Line l = new TraceRecorder.Line();
    l.arrivalEpochNanos = 1_741_653_482_000_000_000L + i;
    l.model = "m.x-1:0";
    l.inputTokens = 10;
    l.outputTokens = 20;
    l.result = "success";
    l.operation = "converse";
    return l;
  }
}
