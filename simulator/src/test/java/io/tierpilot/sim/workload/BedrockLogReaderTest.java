package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockLogReaderTest {
  private static final WorkloadOptions STRICT = WorkloadOptions.defaults();
  private static final WorkloadOptions SKIP = WorkloadOptions.defaults().withSkipInvalid(true);

  @TempDir Path dir;

  /** A minimal invocation log record at a time in milliseconds after 2025-03-11T00:00:00Z. */
  private static String record(long millis, int input, int output) {
    return "{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2025-03-11T00:"
        + two(millis / 60_000)
        + ":"
        + two(millis / 1000 % 60)
        + "."
        + three(millis % 1000)
        + "Z\",\"modelId\":\"m\",\"input\":{\"inputTokenCount\":"
        + input
        + "},\"output\":{\"outputTokenCount\":"
        + output
        + "}}";
  }

  private static String two(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }

  private static String three(long v) {
    return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
  }

  private static void assertSample(List<TraceRequest> all) {
    assertEquals(4, all.size());
    // line 2 (00:38:01.500Z) comes first although it is logged after line 1
    TraceRequest r = all.get(0);
    assertEquals(0, r.arrivalNanos);
    assertEquals("qwen.qwen3-32b-v1:0", r.model);
    assertEquals(50, r.inputTokens);
    assertEquals(10, r.outputTokens);
    assertEquals("acme", r.tag); // from requestMetadata.tenant
    assertNull(r.sloClass);
    assertEquals(-1, r.deadlineNanos);
    // line 1 (00:38:02Z)
    r = all.get(1);
    assertEquals(500_000_000L, r.arrivalNanos);
    assertEquals("openai.gpt-oss-120b-1:0", r.model);
    assertEquals(1200, r.inputTokens);
    assertEquals(300, r.outputTokens);
    assertEquals("checkout", r.tag);
    assertEquals("mission-critical", r.sloClass);
    // line 4, same time as line 1: after it; tag wins over tenant
    r = all.get(2);
    assertEquals(500_000_000L, r.arrivalNanos);
    assertEquals(700, r.inputTokens);
    assertEquals(0, r.outputTokens);
    assertEquals("checkout", r.tag);
    assertEquals("business-standard", r.sloClass);
    // line 3 (01:38:02.250+01:00 = 00:38:02.250Z), with a serviceTier and S3 body paths
    r = all.get(3);
    assertEquals(750_000_000L, r.arrivalNanos);
    assertEquals(9000, r.inputTokens);
    assertEquals(1500, r.outputTokens);
    assertEquals("", r.tag);
    assertNull(r.sloClass);
  }

  @Test
  void readsPlainLogsSortingSlightlyOutOfOrderRecords() throws IOException {
    Path file = TestTraces.resource("bedrock-invocation-logs.jsonl");
    try (Workload w = WorkloadSpec.parse("bedrock-logs:" + file).open(STRICT)) {
      assertSample(TestTraces.readAll(w));
      assertEquals("bedrock-logs:bedrock-invocation-logs.jsonl", w.description());
      assertEquals(0, w.skipped());
    }
  }

  @Test
  void readsGzippedLogs() throws IOException {
    Path gz =
        TestTraces.gzip(
            TestTraces.resource("bedrock-invocation-logs.jsonl"), dir.resolve("000000.json.gz"));
    assertSample(TestTraces.readAll("bedrock-logs:" + gz, STRICT));
  }

  @Test
  void acceptsCloudWatchExportLines() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("export.txt"),
            "2025-03-11T00:00:01.000Z " + record(1000, 5, 6),
            "2025-03-11T00:00:03.000Z " + record(3000, 7, 8));
    List<TraceRequest> all = TestTraces.readAll("bedrock-logs:" + file, STRICT);
    assertEquals(2, all.size());
    assertEquals(2_000_000_000L, all.get(1).arrivalNanos);
    assertEquals(7, all.get(1).inputTokens);
  }

  @Test
  void sortsWithinTheBufferAndRejectsRecordsBeyondIt() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("late.jsonl"),
            record(10_000, 1, 1),
            record(11_000, 2, 2),
            record(12_000, 3, 3),
            record(5_000, 4, 4));
    // the default buffer holds them all: the late record is sorted first
    List<TraceRequest> sorted = TestTraces.readAll("bedrock-logs:" + file, STRICT);
    assertEquals(List.of(4, 1, 2, 3), sorted.stream().map(r -> r.inputTokens).toList());
    assertEquals(5_000_000_000L, sorted.get(1).arrivalNanos);

    // a buffer of 2 has emitted 10 s and 11 s when the 5 s record arrives
    try (Workload w = BedrockLogReader.open(file.toString(), STRICT, 2)) {
      assertEquals(1, w.next().inputTokens);
      assertEquals(2, w.next().inputTokens);
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(4, e.line());
      assertTrue(
          e.getMessage()
              .contains(
                  "late.jsonl:4: out of order: 6.000 s earlier than the record of line 2, already"
                      + " replayed: more than the reorder buffer of 2 records out of order"),
          e.getMessage());
    }
    try (Workload w = BedrockLogReader.open(file.toString(), SKIP, 2)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(List.of(1, 2, 3), all.stream().map(r -> r.inputTokens).toList());
      assertEquals(1, w.skipped());
    }
  }

  @Test
  void theDefaultBufferHoldsOneHundredThousandRecords() throws IOException {
    int capacity = TraceReader.DEFAULT_REORDER_CAPACITY;
    assertEquals(100_000, capacity);
    // record 1 at 1000 s, then 1001 s onwards in 10 ms steps, then records at 999 s placed as
    // the 100,000th line (still in the buffer) and as the 100,002nd line (beyond it)
    Path file = dir.resolve("many.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int line = 1; line <= capacity + 2; line++) {
        long millis = line == capacity || line == capacity + 2 ? 999_000 : 1_000_000 + line * 10L;
        if (line == 1) {
          millis = 1_000_000;
        }
        out.write(record(millis, line == capacity ? 77 : 1, 1));
        out.write('\n');
      }
    }
    try (Workload w = WorkloadSpec.parse("bedrock-logs:" + file).open(STRICT)) {
      TraceRequest first = w.next();
      assertEquals(77, first.inputTokens); // line 100,000 was sorted first
      assertEquals(0, first.arrivalNanos);
      TraceFormatException e =
          assertThrows(
              TraceFormatException.class,
              () -> {
                for (TraceRequest r = w.next(); r != null; r = w.next()) {
                  // drain until the late record
                }
              });
      assertEquals(capacity + 2, e.line());
      assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"schemaType\":\"OtherLog\",\"timestamp\":\"2025-03-11T00:00:20Z\",\"modelId\":\"m\","
            + "\"input\":{\"inputTokenCount\":1},\"output\":{\"outputTokenCount\":1}}"
            + " | field 'schemaType': not a model invocation log (expected ModelInvocationLog):"
            + " 'OtherLog'",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\",\"input\":{\"inputTokenCount\":1},"
            + "\"output\":{\"outputTokenCount\":1}} | field 'modelId': missing",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\",\"modelId\":\"m\",\"input\":{},"
            + "\"output\":{\"outputTokenCount\":1}} | field 'input.inputTokenCount': missing",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\",\"modelId\":\"m\",\"input\":{\"inputTokenCount\":1},"
            + "\"output\":{\"outputTokenCount\":-2}}"
            + " | field 'output.outputTokenCount': not a non-negative integer: '-2'",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\",\"modelId\":\"m\",\"input\":7,"
            + "\"output\":{\"outputTokenCount\":1}} | field 'input': not an object: '7'",
        "{\"timestamp\":\"11 March 2025\",\"modelId\":\"m\",\"input\":{\"inputTokenCount\":1},"
            + "\"output\":{\"outputTokenCount\":1}}"
            + " | field 'timestamp': not a timestamp: '11 March 2025'",
        "{\"modelId\":\"m\",\"input\":{\"inputTokenCount\":1},\"output\":{\"outputTokenCount\":1}}"
            + " | field 'timestamp': missing",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\",\"modelId\":\"m\",\"requestMetadata\":{\"tag\":5},"
            + "\"input\":{\"inputTokenCount\":1},\"output\":{\"outputTokenCount\":1}}"
            + " | field 'requestMetadata.tag': not a string: '5'",
        "{\"timestamp\":\"2025-03-11T00:00:20Z\" | not valid JSON"
      })
  void reportsMalformedRecords(String badRecord, String expected) throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("bad.jsonl"), record(10_000, 1, 1), badRecord, record(30_000, 2, 2));
    try (Workload w = WorkloadSpec.parse("bedrock-logs:" + file).open(STRICT)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(2, e.line());
      assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }
    try (Workload w = WorkloadSpec.parse("bedrock-logs:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(20_000_000_000L, all.get(1).arrivalNanos);
      assertEquals(1, w.skipped());
    }
  }
}
