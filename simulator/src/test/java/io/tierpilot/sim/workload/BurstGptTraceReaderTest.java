package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BurstGptTraceReaderTest {
  private static final WorkloadOptions STRICT = WorkloadOptions.defaults();
  private static final WorkloadOptions SKIP = WorkloadOptions.defaults().withSkipInvalid(true);
  private static final String HEADER =
      "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type";

  @TempDir Path dir;

  @Test
  void readsTheFirstSchemaAndCountsFailedCalls() throws IOException {
    Path file = TestTraces.resource("burstgpt-sample-v1.csv");
    try (Workload w = WorkloadSpec.parse("burstgpt:" + file).open(STRICT)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals("burstgpt:burstgpt-sample-v1.csv", w.description());
      // rows at 5, 45 (failed), 118, 118, 160.5 (failed), 230 s; the first replayed row is time 0
      assertEquals(4, all.size());
      assertEquals(2, w.failedCalls());
      assertEquals(0, w.skipped());
      long[] nanos = {0, 113_000_000_000L, 113_000_000_000L, 225_000_000_000L};
      String[] models = {"ChatGPT", "GPT-4", "ChatGPT", "ChatGPT"};
      int[] inputs = {472, 417, 1360, 33};
      int[] outputs = {18, 217, 1, 330};
      for (int i = 0; i < all.size(); i++) {
        assertEquals(nanos[i], all.get(i).arrivalNanos, "arrival " + i);
        assertEquals(models[i], all.get(i).model, "model " + i);
        assertEquals(inputs[i], all.get(i).inputTokens, "input " + i);
        assertEquals(outputs[i], all.get(i).outputTokens, "output " + i);
      }
    }
  }

  @Test
  void readsTheSchemaWithSessionIdAndElapsedTime() throws IOException {
    Path file = TestTraces.resource("burstgpt-sample-v2.csv");
    try (Workload w = WorkloadSpec.parse("burstgpt:" + file).open(STRICT)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      // rows at 0 (failed), 1.25, 2, 2 s: the first replayed row (1.25 s) is time 0
      assertEquals(3, all.size());
      assertEquals(1, w.failedCalls());
      assertEquals(0, all.get(0).arrivalNanos);
      assertEquals(250, all.get(0).inputTokens);
      assertEquals(50, all.get(0).outputTokens);
      assertEquals(750_000_000L, all.get(1).arrivalNanos);
      assertEquals("GPT-4", all.get(1).model);
      assertEquals(900, all.get(1).outputTokens);
      assertEquals(750_000_000L, all.get(2).arrivalNanos);
      assertEquals(12, all.get(2).inputTokens);
    }
  }

  @Test
  void handlesAQuotedModelName() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("quoted.csv"),
            HEADER,
            "1,\"GPT-4, \"\"turbo\"\"\",10,20,30,API log",
            "2,ChatGPT,1,2,3,\"Conversation log\"");
    List<TraceRequest> all = TestTraces.readAll("burstgpt:" + file, STRICT);
    assertEquals("GPT-4, \"turbo\"", all.get(0).model);
    assertEquals(10, all.get(0).inputTokens);
    assertEquals(1_000_000_000L, all.get(1).arrivalNanos);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "20,ChatGPT,-5,3,0,API log | field 'Request tokens': not a non-negative integer: '-5'",
        "20,ChatGPT,5,many,0,API log | field 'Response tokens': not a non-negative integer:"
            + " 'many'",
        "-3,ChatGPT,5,3,8,API log | field 'Timestamp': not a non-negative number: '-3'",
        "abc,ChatGPT,5,3,8,API log | field 'Timestamp': not a non-negative number: 'abc'",
        "20,,5,3,8,API log | field 'Model': missing",
        "20,ChatGPT,5,3,8 | expected 6 columns as in the header, found 5",
        "20,\"ChatGPT,5,3,8,API log | unterminated quoted field",
        "9.5,ChatGPT,5,3,8,API log | out of order: 0.500 s earlier than the previous row (line 2)"
      })
  void reportsMalformedRows(String badRow, String expected) throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("bad.csv"),
            HEADER,
            "10,ChatGPT,1,1,2,API log",
            badRow,
            "30,ChatGPT,2,2,4,API log");
    try (Workload w = WorkloadSpec.parse("burstgpt:" + file).open(STRICT)) {
      w.next();
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(3, e.line());
      assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }
    try (Workload w = WorkloadSpec.parse("burstgpt:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(20_000_000_000L, all.get(1).arrivalNanos);
      assertEquals(1, w.skipped());
      assertEquals(0, w.failedCalls());
    }
  }

  @Test
  void aHeaderWithoutTheTokenColumnsFails() throws IOException {
    Path file = TestTraces.write(dir.resolve("old.csv"), "Timestamp,Model,Tokens", "1,ChatGPT,10");
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> WorkloadSpec.parse("burstgpt:" + file).open(STRICT));
    assertTrue(
        e.getMessage().contains("header lacks columns 'Request tokens', 'Response tokens'"),
        e.getMessage());
  }
}
