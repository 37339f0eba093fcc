package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AzureTraceReaderTest {
  private static final WorkloadOptions STRICT = WorkloadOptions.defaults();
  private static final WorkloadOptions SKIP = WorkloadOptions.defaults().withSkipInvalid(true);
  private static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

  @TempDir Path dir;

  @Test
  void readsThePublicCodeTraceExactly() throws IOException {
    Path file = TestTraces.real("azure-2023-code.csv");
    try (Workload w = WorkloadSpec.parse("azure:" + file).open(STRICT)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(8_819, all.size());
      assertEquals(0, w.skipped());
      assertEquals(0, w.failedCalls());
      assertEquals("azure:azure-2023-code.csv", w.description());

      // 2023-11-16 18:17:03.9799600,4808,10
      TraceRequest first = all.get(0);
      assertEquals(0, first.arrivalNanos);
      assertEquals(4808, first.inputTokens);
      assertEquals(10, first.outputTokens);
      assertNull(first.model);
      assertNull(first.sloClass);
      assertEquals(-1, first.deadlineNanos);
      assertEquals("", first.tag);
      // 2023-11-16 18:17:04.0319600,3180,8: 0.0520000 s later
      assertEquals(52_000_000L, all.get(1).arrivalNanos);
      assertEquals(3180, all.get(1).inputTokens);
      assertEquals(8, all.get(1).outputTokens);
      // 2023-11-16 19:14:19.9280160,549,173: 57 min 15.9480560 s after the first row
      TraceRequest last = all.get(all.size() - 1);
      assertEquals((57 * 60 + 15) * 1_000_000_000L + 948_056_000L, last.arrivalNanos);
      assertEquals(549, last.inputTokens);
      assertEquals(173, last.outputTokens);
    }
  }

  @Test
  void readsThePublicConversationTraceExactly() throws IOException {
    Path file = TestTraces.real("azure-2023-conv.csv");
    List<TraceRequest> all = TestTraces.readAll("azure:" + file, STRICT);
    assertEquals(19_366, all.size());
    // first 2023-11-16 18:15:46.6805900,374,44; last 2023-11-16 19:14:08.4025270,197,183
    assertEquals(0, all.get(0).arrivalNanos);
    assertEquals(374, all.get(0).inputTokens);
    assertEquals(44, all.get(0).outputTokens);
    TraceRequest last = all.get(all.size() - 1);
    assertEquals((58 * 60 + 21) * 1_000_000_000L + 721_937_000L, last.arrivalNanos);
    assertEquals(197, last.inputTokens);
    assertEquals(183, last.outputTokens);
    long inputSum = all.stream().mapToLong(r -> r.inputTokens).sum();
    // the README gives a mean input length of 1,155 tokens
    assertEquals(1155, Math.round((double) inputSum / all.size()));
  }

  @Test
  void readsThe2023StyleWithEqualTimestampsInFileOrder() throws IOException {
    List<TraceRequest> all =
        TestTraces.readAll("azure:" + TestTraces.resource("azure-2023-sample.csv"), STRICT);
    assertEquals(5, all.size());
    long[] expectedNanos = {0, 245_678_900L, 245_678_900L, 1_900_000_000L, 59_900_000_100L};
    int[] expectedInput = {1500, 820, 4100, 0, 64};
    int[] expectedOutput = {20, 301, 7, 0, 1};
    for (int i = 0; i < all.size(); i++) {
      assertEquals(expectedNanos[i], all.get(i).arrivalNanos, "arrival of row " + i);
      assertEquals(expectedInput[i], all.get(i).inputTokens, "input of row " + i);
      assertEquals(expectedOutput[i], all.get(i).outputTokens, "output of row " + i);
    }
  }

  @Test
  void readsThe2024StyleWithMixedPrecisionAndOffsets() throws IOException {
    List<TraceRequest> all =
        TestTraces.readAll("azure:" + TestTraces.resource("azure-2024-sample.csv"), STRICT);
    // first row 2024-05-10 00:00:00.009930+00:00
    long[] expectedNanos = {
      0, // 00:00:00.009930
      490_070_000L, // 00:00:00.5
      990_070_000L, // 00:00:01 (no fraction)
      990_070_000L, // 00:00:01 again
      990_070_001L, // 00:00:01.000000001
      1_240_070_000L // 02:00:01.25+02:00 = 00:00:01.25Z
    };
    assertEquals(expectedNanos.length, all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(expectedNanos[i], all.get(i).arrivalNanos, "arrival of row " + i);
    }
    assertEquals(3000, all.get(2).inputTokens);
    assertEquals(10, all.get(3).inputTokens);
    assertEquals(70, all.get(5).outputTokens);
  }

  @Test
  void findsColumnsByNameAndIgnoresOthersBomAndCrlf() throws IOException {
    Path file = dir.resolve("reordered.csv");
    Files.writeString(
        file,
        "\uFEFFGeneratedTokens,Region,timestamp,ContextTokens\r\n"
            + "5,westus,2024-05-10 00:00:00+00:00,100\r\n"
            + "\r\n"
            + "6,eastus,2024-05-10 00:00:02.5+00:00,200\r\n",
        StandardCharsets.UTF_8);
    List<TraceRequest> all = TestTraces.readAll("azure:" + file, STRICT);
    assertEquals(2, all.size());
    assertEquals(TraceRequest.of(0, 100, 5).toString(), all.get(0).toString());
    assertEquals(2_500_000_000L, all.get(1).arrivalNanos);
    assertEquals(200, all.get(1).inputTokens);
    assertEquals(6, all.get(1).outputTokens);
  }

  @Test
  void acceptsQuotedFields() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("quoted.csv"),
            "\"TIMESTAMP\",\"ContextTokens\",\"GeneratedTokens\"",
            "\"2023-11-16 18:20:00.1000000\",\"12\",\"3\"");
    List<TraceRequest> all = TestTraces.readAll("azure:" + file, STRICT);
    assertEquals(1, all.size());
    assertEquals(12, all.get(0).inputTokens);
  }

  @Test
  void readsGzippedFiles() throws IOException {
    Path gz =
        TestTraces.gzip(TestTraces.resource("azure-2023-sample.csv"), dir.resolve("a.csv.gz"));
    List<TraceRequest> plain =
        TestTraces.readAll("azure:" + TestTraces.resource("azure-2023-sample.csv"), STRICT);
    List<TraceRequest> unzipped = TestTraces.readAll("azure:" + gz, STRICT);
    assertEquals(plain.toString(), unzipped.toString());
  }

  @Test
  void aCompressedFileCutShortNamesWhereAndSkipsItsEnd() throws IOException {
    // what a recorder that flushed (sync flush) but was never closed leaves behind
    Path gz = dir.resolve("cut.csv.gz");
    java.util.zip.GZIPOutputStream out =
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz), 8192, true);
    out.write(
        ("TIMESTAMP,ContextTokens,GeneratedTokens\n"
                + "2023-11-16 18:20:00.1000000,12,3\n"
                + "2023-11-16 18:20:01.1000000,14,5\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    // half a row, then the writer dies: "1" could read as a valid token count
    out.write("2023-11-16 18:20:02.1000000,1".getBytes(StandardCharsets.UTF_8));
    out.flush();
    // no close(): the gzip trailer is missing
    TraceFormatException e =
        assertThrows(TraceFormatException.class, () -> TestTraces.readAll("azure:" + gz, STRICT));
    assertTrue(
        e.getMessage().startsWith(gz + ":4: the compressed file ends in the middle"),
        e.getMessage());
    try (Workload w = WorkloadSpec.parse("azure:" + gz).open(SKIP)) {
      assertEquals(2, TestTraces.readAll(w).size(), "the rows before the cut replay");
      assertEquals(1, w.skipped());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "2023-11-16 18:20:01.0000000,-5,20 | field 'ContextTokens': not a non-negative integer: '-5'",
        "2023-11-16 18:20:01.0000000,12,abc | field 'GeneratedTokens': not a non-negative integer:"
            + " 'abc'",
        "2023-11-16 18:20:01.0000000,12,3000000000 | field 'GeneratedTokens': too large (above"
            + " 2147483647): '3000000000'",
        "2023-11-16 18:20:01.0000000,99999999999999999999,3 | field 'ContextTokens': too large",
        "2023-11-16 18:20:01.0000000,12,2147483648 | field 'GeneratedTokens': too large",
        "2023-11-16 18:20:01.0000000,,3 | field 'ContextTokens': missing",
        "2023-11-16 25:20:01.0000000,12,3 | field 'TIMESTAMP': not a timestamp:"
            + " '2023-11-16 25:20:01.0000000'",
        "2023-02-30 18:20:01,12,3 | field 'TIMESTAMP': not a timestamp: '2023-02-30 18:20:01'",
        "2023-11-16 18:20:01.1234567890,12,3 | field 'TIMESTAMP': not a timestamp",
        "2023-11-16 18:20:01+25:00,12,3 | field 'TIMESTAMP': not a timestamp",
        "16/11/2023 18:20:01,12,3 | field 'TIMESTAMP': not a timestamp: '16/11/2023 18:20:01'",
        "2023-11-16 18:20:01.0000000,12 | expected 3 columns as in the header, found 2",
        "2023-11-16 18:20:01.0000000,12,3,4 | expected 3 columns as in the header, found 4",
        "`\"2023-11-16 18:20:01\",5,\"6` | unterminated quoted field",
        "2023-11-16 18:19:59.0000000,12,3 | out of order: 1.100 s earlier than the previous row"
            + " (line 2)"
      })
  void reportsMalformedRowsWithFileLineFieldAndValue(String badRow, String expected)
      throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("bad.csv"),
            HEADER,
            "2023-11-16 18:20:00.1000000,1,1",
            badRow,
            "2023-11-16 18:20:02.0000000,2,2");
    try (Workload w = WorkloadSpec.parse("azure:" + file).open(STRICT)) {
      w.next();
      TraceFormatException e = assertThrows(TraceFormatException.class, w::next);
      assertEquals(3, e.line());
      assertEquals(file.toString(), e.file());
      assertTrue(e.getMessage().contains("bad.csv:3: "), e.getMessage());
      assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }
    try (Workload w = WorkloadSpec.parse("azure:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(1, w.skipped());
      assertEquals(1_900_000_000L, all.get(1).arrivalNanos);
      // the skipped row is kept as the error it would have been, so that it can be found
      assertEquals(1, w.skippedExamples().size());
      assertTrue(w.skippedExamples().get(0).startsWith(file + ":3: "), w.skippedExamples().get(0));
      assertTrue(w.skippedExamples().get(0).contains(expected.trim()), w.skippedExamples().get(0));
    }
  }

  @Test
  void aSkippedFirstRowDoesNotSetTheOrigin() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("first-bad.csv"),
            HEADER,
            "2023-11-16 18:20:00.0000000,x,1",
            "2023-11-16 18:20:01.0000000,1,1",
            "2023-11-16 18:20:03.0000000,2,2");
    try (Workload w = WorkloadSpec.parse("azure:" + file).open(SKIP)) {
      List<TraceRequest> all = TestTraces.readAll(w);
      assertEquals(2, all.size());
      assertEquals(0, all.get(0).arrivalNanos);
      assertEquals(2_000_000_000L, all.get(1).arrivalNanos);
      assertEquals(1, w.skipped());
    }
  }

  @Test
  void aHeaderWithoutARequiredColumnFailsAtOpenEvenWhenSkipping() throws IOException {
    Path file =
        TestTraces.write(
            dir.resolve("no-ts.csv"), "Time,ContextTokens", "2023-11-16 18:20:00.0000000,1");
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> WorkloadSpec.parse("azure:" + file).open(SKIP));
    assertEquals(1, e.line());
    assertTrue(
        e.getMessage()
            .contains("no-ts.csv:1: header lacks columns 'TIMESTAMP', " + "'GeneratedTokens'"),
        e.getMessage());
  }

  @Test
  void aHeaderOnlyFileIsEmptyButAnEmptyFileLacksItsHeader() throws IOException {
    Path headerOnly = TestTraces.write(dir.resolve("header-only.csv"), HEADER);
    try (Workload w = WorkloadSpec.parse("azure:" + headerOnly).open(STRICT)) {
      assertNull(w.next());
      assertNull(w.next());
      assertEquals(0, w.skipped());
    }
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> WorkloadSpec.parse("azure:" + empty).open(STRICT));
    assertTrue(e.getMessage().contains("empty.csv:1: missing header line"), e.getMessage());
  }

  @Test
  void aMissingFileNamesItsPath() {
    Path missing = dir.resolve("does-not-exist.csv");
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class, () -> WorkloadSpec.parse("azure:" + missing).open(STRICT));
    assertTrue(e.getMessage().contains("does-not-exist.csv"), e.getMessage());
  }

  @Test
  void streamsTwoMillionRowsInBoundedMemory() throws IOException {
    int rows = 2_000_000;
    Path file = dir.resolve("large.csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows; i++) {
        // one row per millisecond from 2024-05-10 00:00:00
        long millis = i;
        line.setLength(0);
        line.append("2024-05-10 ")
            .append(twoDigits(millis / 3_600_000))
            .append(':')
            .append(twoDigits(millis / 60_000 % 60))
            .append(':')
            .append(twoDigits(millis / 1000 % 60))
            .append('.')
            .append(millis % 1000 < 100 ? (millis % 1000 < 10 ? "00" : "0") : "")
            .append(millis % 1000)
            .append("+00:00,")
            .append(i % 5000)
            .append(',')
            .append(i % 700)
            .append('\n');
        out.append(line);
      }
    }
    long count = 0;
    long inputSum = 0;
    TraceRequest last = null;
    try (Workload w = WorkloadSpec.parse("azure:" + file).open(STRICT)) {
      for (TraceRequest r = w.next(); r != null; r = w.next()) {
        count++;
        inputSum += r.inputTokens;
        last = r;
      }
    }
    assertEquals(rows, count);
    assertEquals((rows - 1) * 1_000_000L, last.arrivalNanos);
    long expectedInputSum = 0;
    for (int i = 0; i < rows; i++) {
      expectedInputSum += i % 5000;
    }
    assertEquals(expectedInputSum, inputSum);
  }

  private static String twoDigits(long value) {
    return value < 10 ? "0" + value : Long.toString(value);
  }
}
