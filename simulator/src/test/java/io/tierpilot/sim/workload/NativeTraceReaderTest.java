package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeTraceReaderTest {
  private static final WorkloadOptions STRICT = WorkloadOptions.defaults();
  private static final WorkloadOptions SKIP = WorkloadOptions.defaults().withSkipInvalid(true);

  @TempDir Path dir;

  private static Map<String, Object> record(Object arrivalMs, String model, int input, int output) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("arrival_ms", arrivalMs);
    r.put("model", model);
    r.put("input_tokens", input);
    r.put("output_tokens", output);
    return r;
  }

  @Test
  void roundTripsEveryField() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> full = record(1_741_653_482_000.125, "openai.gpt-oss-120b-1:0", 1200, 300);
    full.put("class", "mission-critical");
    full.put("deadline_ms", 8000.5);
    full.put("tag", "checkout");
    full.put("requested_tier", "flex");
    full.put("served_tier", "default");
    full.put("ttft_ms", 412.5);
    full.put("latency_ms", 2120.25);
    full.put("result", "success");
    full.put("cost_usd", 0.00036);
    full.put("attempts", 2);
    Map<String, Object> minimal = record(1_741_653_483_000L, "openai.gpt-oss-20b-1:0", 0, 0);
    Map<String, Object> nulls = record(1_741_653_483_000L, "m", 7, 8);
    nulls.put("class", null);
    nulls.put("deadline_ms", null);
    nulls.put("tag", null);
    nulls.put("result", "rejected");
    Path file = dir.resolve("trace.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map<String, Object> r : List.of(full, minimal, nulls)) {
        out.write(json.writeValueAsString(r));
        out.write('\n');
      }
    }
    try (Workload w = WorkloadSpec.parse("native:" + file).open(STRICT)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals("native:trace.jsonl", w.description());
      assertEquals(3, all.size());
      TraceRequest r = all.get(0);
      assertEquals(0, r.arrivalNanos);
      assertEquals("openai.gpt-oss-120b-1:0", r.model);
      assertEquals(1200, r.inputTokens);
      assertEquals(300, r.outputTokens);
      assertEquals("mission-critical", r.sloClass);
      assertEquals(8_000_500_000L, r.deadlineNanos);
      assertEquals("checkout", r.tag);
      r = all.get(1);
      assertEquals(999_875_000L, r.arrivalNanos); // 1741653483000 - 1741653482000.125 ms
      assertEquals("openai.gpt-oss-20b-1:0", r.model);
      assertEquals(0, r.inputTokens);
      assertEquals(0, r.outputTokens);
      assertNull(r.sloClass);
      assertEquals(-1, r.deadlineNanos);
      assertEquals("", r.tag);
      r = all.get(2); // same arrival: file order; nulls count as absent
      assertEquals(999_875_000L, r.arrivalNanos);
      assertEquals("m", r.model);
      assertNull(r.sloClass);
      assertEquals(-1, r.deadlineNanos);
      assertEquals("", r.tag);
    }
  }

  @Test
  void readsTheSampleReplayingEveryOutcome() throws IOException {
    List<TraceRequest> all =
        TestTraces.readAll("native:" + TestTraces.resource("native-sample.jsonl"), STRICT);
    assertEquals(3, all.size());
    // line 3 (…481999.5, deadline_exceeded) first, then line 1 (success), line 2 (throttled)
    assertEquals(0, all.get(0).arrivalNanos);
    assertEquals("business-noncritical", all.get(0).sloClass);
    assertEquals(1_800_000_000_000L, all.get(0).deadlineNanos);
    assertEquals(500_000L, all.get(1).arrivalNanos);
    assertEquals("checkout", all.get(1).tag);
    assertEquals(8_000_000_000L, all.get(1).deadlineNanos);
    assertEquals(750_000L, all.get(2).arrivalNanos);
    assertEquals("openai.gpt-oss-20b-1:0", all.get(2).model);
  }

  @Test
  void rejectsRecordsBeyondTheReorderBuffer() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path file =
        TestTraces.write(
            dir.resolve("late.jsonl"),
            json.writeValueAsString(record(1000, "m", 1, 1)),
            json.writeValueAsString(record(3000, "m", 2, 2)),
            json.writeValueAsString(record(500, "m", 3, 3)));
    assertEquals(
        List.of(3, 1, 2),
        TestTraces.readAll("native:" + file, STRICT).stream().map(r -> r.inputTokens).toList());
    try (Workload w = NativeTraceReader.open(file.toString(), STRICT, 1)) {
      assertEquals(1, w.next().inputTokens);
      assertEquals(2, w.next().inputTokens);
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertTrue(
          e.getMessage().contains("late.jsonl:3: out of order: 2.500 s earlier than the record"),
          e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1} | field 'arrival_ms': missing",
        "{\"arrival_ms\":\"x\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}"
            + " | field 'arrival_ms': not a non-negative number: '\"x\"'",
        "{\"arrival_ms\":-1,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1}"
            + " | field 'arrival_ms': not a non-negative number: '-1'",
        "{\"arrival_ms\":2000,\"input_tokens\":1,\"output_tokens\":1} | field 'model': missing",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":-5,\"output_tokens\":1}"
            + " | field 'input_tokens': not a non-negative integer: '-5'",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":5} | field 'output_tokens': missing",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,"
            + "\"deadline_ms\":0} | field 'deadline_ms': not a positive number: '0'",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,"
            + "\"deadline_ms\":-5} | field 'deadline_ms': not a positive number: '-5'",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,"
            + "\"class\":3} | field 'class': not a string: '3'",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,"
            + "\"class\":\" \"} | field 'class': blank (name a class or leave the field out)",
        "{\"arrival_ms\":2000,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1} {}"
            + " | more than one JSON value on the line"
      })
  void reportsMalformedRecords(String badRecord, String expected) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path file =
        TestTraces.write(
            dir.resolve("bad.jsonl"),
            json.writeValueAsString(record(1000, "m", 1, 1)),
            badRecord,
            json.writeValueAsString(record(3000, "m", 2, 2)));
    try (Workload w = WorkloadSpec.parse("native:" + file).open(STRICT)) {
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(2, e.line());
      assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }
    try (Workload w = WorkloadSpec.parse("native:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(2_000_000_000L, all.get(1).arrivalNanos);
      assertEquals(1, w.skipped());
    }
  }

  @Test
  void aGapLongerThanAllowedStopsTheRunNamingBothRowsEvenWhenSkipping() throws IOException {
    ObjectMapper json = new ObjectMapper();
    long t = 1_741_653_482_000L;
    // line 3 holds seconds where the format wants milliseconds: the reorder buffer replays it
    // first, and the next record then arrives some 55 years later
    Path file =
        TestTraces.write(
            dir.resolve("gap.jsonl"),
            json.writeValueAsString(record(t, "m", 1, 1)),
            json.writeValueAsString(record(t + 1000, "m", 1, 1)),
            json.writeValueAsString(record(t / 1000 + 2, "m", 1, 1)),
            json.writeValueAsString(record(t + 2000, "m", 1, 1)));
    for (WorkloadOptions options : List.of(STRICT, SKIP)) {
      try (Workload w = WorkloadSpec.parse("native:" + file).open(options)) {
        assertEquals(0, w.next().arrivalNanos);
        TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("after the request before it (line 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-gap"), e.getMessage());
      }
    }
    // a real gap of eight days passes once allowed, and not before
    Path week =
        TestTraces.write(
            dir.resolve("week.jsonl"),
            json.writeValueAsString(record(t, "m", 1, 1)),
            json.writeValueAsString(record(t + 8 * 86_400_000L, "m", 1, 1)));
    try (Workload w = WorkloadSpec.parse("native:" + week).open(STRICT)) {
      w.next();
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertTrue(e.getMessage().contains("arrives 8 days 00:00:00 after"), e.getMessage());
    }
    WorkloadOptions nineDays = STRICT.withMaxGap(java.time.Duration.ofDays(9));
    try (Workload w = WorkloadSpec.parse("native:" + week).open(nineDays)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(8 * 86_400_000_000_000L, all.get(1).arrivalNanos);
    }
    assertThrows(IllegalArgumentException.class, () -> STRICT.withMaxGap(java.time.Duration.ZERO));
  }
}
