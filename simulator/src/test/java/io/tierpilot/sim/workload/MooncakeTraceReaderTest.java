package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MooncakeTraceReaderTest {
  private static final WorkloadOptions STRICT = WorkloadOptions.defaults();
  private static final WorkloadOptions SKIP = WorkloadOptions.defaults().withSkipInvalid(true);

  @TempDir Path dir;

  @Test
  void readsThePublicConversationTrace() throws IOException {
    Path file = TestTraces.real("mooncake-conversation-first500.jsonl");
    try (Workload w = WorkloadSpec.parse("mooncake:" + file).open(STRICT)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(500, all.size()); // the first 500 rows of 12,031
      assertEquals("mooncake:mooncake-conversation-first500.jsonl", w.description());
      // the first five rows share timestamp 0 and keep file order
      int[] firstInputs = {6758, 7322, 7236, 2290, 6760};
      int[] firstOutputs = {500, 490, 794, 316, 3};
      for (int i = 0; i < firstInputs.length; i++) {
        assertEquals(0, all.get(i).arrivalNanos);
        assertEquals(firstInputs[i], all.get(i).inputTokens);
        assertEquals(firstOutputs[i], all.get(i).outputTokens);
      }
      // row 500: {"timestamp": 165000, "input_length": 15597, "output_length": 138, ...}
      TraceRequest last = all.get(all.size() - 1);
      assertEquals(165_000_000_000L, last.arrivalNanos);
      assertEquals(15597, last.inputTokens);
      assertEquals(138, last.outputTokens);
      assertNull(last.model);
    }
  }

  @Test
  void readsTheHandWrittenSample() throws IOException {
    List<TraceRequest> all =
        TestTraces.readAll("mooncake:" + TestTraces.resource("mooncake-sample.jsonl"), STRICT);
    assertEquals(4, all.size());
    assertEquals(0, all.get(1).arrivalNanos);
    assertEquals(1024, all.get(1).inputTokens);
    assertEquals(17_000_000L, all.get(2).arrivalNanos);
    assertEquals(2_500_000_000L, all.get(3).arrivalNanos);
    assertEquals(70000, all.get(3).inputTokens);
  }

  @Test
  void acceptsFieldsInAnyOrderAndFractionalMilliseconds() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("m.jsonl"),
            "{\"hash_ids\": [1, [2]], \"output_length\": 5, \"extra\": {\"a\": 1},"
                + " \"input_length\": 6, \"timestamp\": 10}",
            "{\"timestamp\": 10.5, \"input_length\": 1, \"output_length\": 2}");
    List<TraceRequest> all = TestTraces.readAll("mooncake:" + file, STRICT);
    assertEquals(2, all.size());
    assertEquals(6, all.get(0).inputTokens);
    assertEquals(5, all.get(0).outputTokens);
    assertEquals(500_000L, all.get(1).arrivalNanos);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"timestamp\": 20, \"input_length\": -5, \"output_length\": 1}"
            + " | field 'input_length': not a non-negative integer: '-5'",
        "{\"timestamp\": 20, \"input_length\": \"12\", \"output_length\": 1}"
            + " | field 'input_length': not a non-negative integer: '\"12\"'",
        "{\"timestamp\": 20, \"input_length\": 1.5, \"output_length\": 1}"
            + " | field 'input_length': not a non-negative integer: '1.5'",
        "{\"timestamp\": \"soon\", \"input_length\": 1, \"output_length\": 1}"
            + " | field 'timestamp': not a non-negative number: '\"soon\"'",
        "{\"timestamp\": 20, \"input_length\": 1} | field 'output_length': missing",
        "{\"input_length\": 1, \"output_length\": 1} | field 'timestamp': missing",
        "{\"timestamp\": 20, \"input_length\": 1, | not valid JSON",
        "[1, 2, 3] | not a JSON object",
        "{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 1}"
            + " | out of order: 0.005 s earlier than the previous row (line 1)"
      })
  void reportsMalformedRows(String badRow, String expected) throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("bad.jsonl"),
            "{\"timestamp\": 10, \"input_length\": 1, \"output_length\": 1}",
            badRow,
            "{\"timestamp\": 30, \"input_length\": 2, \"output_length\": 2}");
    try (Workload w = WorkloadSpec.parse("mooncake:" + file).open(STRICT)) {
      w.next();
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(2, e.line());
      assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }
    try (Workload w = WorkloadSpec.parse("mooncake:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(20_000_000L, all.get(1).arrivalNanos);
      assertEquals(1, w.skipped());
    }
  }

  @Test
  void anEmptyFileHasNoRequests() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));
    try (Workload w = WorkloadSpec.parse("mooncake:" + empty).open(STRICT)) {
      assertNull(w.next());
    }
  }
}
