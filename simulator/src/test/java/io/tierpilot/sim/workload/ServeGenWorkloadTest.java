package io.tierpilot.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

class ServeGenWorkloadTest {
  private static final WorkloadOptions OPTIONS = WorkloadOptions.defaults();
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  private static Path sampleDir() {
    return TestTraces.resource("servegen-sample/sample-trace.csv").getParent();
  }

  /** Counts arrivals per 600-s window, by arrival time plus an offset in seconds. */
  private static long[] perWindow(List<TraceRequest> all, long offsetSeconds, int windows) {
    long[] counts = new long[windows];
    for (TraceRequest r : all) {
      counts[(int) ((r.arrivalNanos / SECOND + offsetSeconds) / 600)]++;
    }
    return counts;
  }

  @Test
  void generatesTheTargetRatePerWindowAndNothingInIdleWindows() throws IOException {
    try (Workload w = WorkloadSpec.parse("servegen:" + sampleDir()).open(OPTIONS)) {
      assertEquals("servegen:servegen-sample", w.description());
      List<TraceRequest> all = TestTraces.readAll(w);
      long[] counts = perWindow(all, 0, 6);
      assertEquals(50 * 600, counts[0], 0.04 * 50 * 600, "Gamma window at 50/s");
      assertEquals(0, counts[1], "idle window (empty pattern, rate 0)");
      assertEquals(20 * 600, counts[2], 0.05 * 20 * 600, "Weibull window at 20/s");
      assertEquals(0, counts[3], "idle window (empty pattern, rate 5)");
      assertEquals(0, counts[4], "idle window (Gamma, rate 0)");
      assertEquals(10 * 600, counts[5], 0.05 * 10 * 600, "Gamma window at 10/s");
      assertEquals(0, w.skipped());
      assertEquals(0, w.failedCalls());
    }
  }

  @Test
  void drawsLengthsFromThePmfOfTheCoveringDatasetWindow() throws IOException {
    List<TraceRequest> all = TestTraces.readAll("servegen:" + sampleDir(), OPTIONS);
    int early = 0;
    int early100 = 0;
    int late = 0;
    int lateOne = 0;
    for (TraceRequest r : all) {
      if (r.arrivalNanos < 1800 * SECOND) { // dataset window "0"
        assertTrue(List.of(100, 200, 300).contains(r.inputTokens), "input " + r.inputTokens);
        assertTrue(r.outputTokens == 10 || r.outputTokens == 20, "output " + r.outputTokens);
        early++;
        early100 += r.inputTokens == 100 ? 1 : 0;
      } else { // dataset window "1800": {5000: 2.0} and {1: 3e-1, 2: 7E-1,}
        assertEquals(5000, r.inputTokens);
        assertTrue(r.outputTokens == 1 || r.outputTokens == 2, "output " + r.outputTokens);
        late++;
        lateOne += r.outputTokens == 1 ? 1 : 0;
      }
    }
    assertEquals(0.5, early100 / (double) early, 0.02);
    assertEquals(0.3, lateOne / (double) late, 0.03);
  }

  @Test
  void isDeterministicPerSeed() throws IOException {
    String spec = "servegen:" + sampleDir() + ",duration=2m";
    List<TraceRequest> a = TestTraces.readAll(spec, OPTIONS);
    assertEquals(a.toString(), TestTraces.readAll(spec, OPTIONS).toString());
    assertNotEquals(a.toString(), TestTraces.readAll(spec, OPTIONS.withSeed(99)).toString());
  }

  @Test
  void startShiftsTimeZeroAndKeepsEachWindowsArrivals() throws IOException {
    List<TraceRequest> full = TestTraces.readAll("servegen:" + sampleDir(), OPTIONS);
    List<TraceRequest> shifted =
        TestTraces.readAll("servegen:" + sampleDir() + ",start=20m", OPTIONS);
    List<TraceRequest> fromWindow2 =
        full.stream().filter(r -> r.arrivalNanos >= 1200 * SECOND).toList();
    assertEquals(fromWindow2.size(), shifted.size());
    for (int i = 0; i < shifted.size(); i++) {
      assertEquals(fromWindow2.get(i).arrivalNanos - 1200 * SECOND, shifted.get(i).arrivalNanos);
      assertEquals(fromWindow2.get(i).inputTokens, shifted.get(i).inputTokens);
    }
    // a start inside a window drops that window's earlier arrivals
    List<TraceRequest> mid = TestTraces.readAll("servegen:" + sampleDir() + ",start=5m", OPTIONS);
    List<TraceRequest> fromFiveMinutes =
        full.stream().filter(r -> r.arrivalNanos >= 300 * SECOND).toList();
    assertEquals(fromFiveMinutes.size(), mid.size());
    for (int i = 0; i < mid.size(); i++) {
      assertEquals(fromFiveMinutes.get(i).arrivalNanos - 300 * SECOND, mid.get(i).arrivalNanos);
      assertEquals(fromFiveMinutes.get(i).outputTokens, mid.get(i).outputTokens);
    }
  }

  @Test
  void durationRequestsAndRateScaleBoundTheOutput() throws IOException {
    List<TraceRequest> tenMinutes =
        TestTraces.readAll("servegen:" + sampleDir() + ",duration=10m", OPTIONS);
    assertTrue(tenMinutes.stream().allMatch(r -> r.arrivalNanos < 600 * SECOND));
    assertEquals(30_000, tenMinutes.size(), 1200);

    List<TraceRequest> hundred =
        TestTraces.readAll("servegen:" + sampleDir() + ",requests=100,model=qwen", OPTIONS);
    assertEquals(100, hundred.size());
    assertTrue(hundred.stream().allMatch(r -> "qwen".equals(r.model)));

    List<TraceRequest> scaled =
        TestTraces.readAll("servegen:" + sampleDir() + ",duration=10m,rate-scale=0.1", OPTIONS);
    assertEquals(3000, scaled.size(), 300);
  }

  @Test
  void acceptsTraceAndDatasetFiles() throws IOException {
    Path trace = sampleDir().resolve("sample-trace.csv");
    Path dataset = sampleDir().resolve("sample-dataset.json");
    List<TraceRequest> byFiles =
        TestTraces.readAll(
            "servegen:trace=" + trace + ",dataset=" + dataset + ",duration=1m", OPTIONS);
    List<TraceRequest> byDir =
        TestTraces.readAll("servegen:" + sampleDir() + ",duration=1m", OPTIONS);
    assertEquals(byDir.toString(), byFiles.toString());
  }

  @Test
  void readsGzippedFiles() throws IOException {
    Path gzDir = Files.createDirectory(dir.resolve("gz"));
    TestTraces.gzip(sampleDir().resolve("sample-trace.csv"), gzDir.resolve("c-trace.csv.gz"));
    TestTraces.gzip(sampleDir().resolve("sample-dataset.json"), gzDir.resolve("c-dataset.json.gz"));
    assertEquals(
        TestTraces.readAll("servegen:" + sampleDir() + ",duration=1m", OPTIONS).toString(),
        TestTraces.readAll("servegen:" + gzDir + ",duration=1m", OPTIONS).toString());
  }

  @Test
  void aStartBeyondTheDataFails() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkloadSpec.parse("servegen:" + sampleDir() + ",start=1h").open(OPTIONS));
    assertTrue(e.getMessage().contains("start 3600.000 s is not within the trace"), e.getMessage());
  }

  @Test
  void aDirectoryMustHoldExactlyOneTraceAndOneDataset() throws IOException {
    Path twoTraces = Files.createDirectory(dir.resolve("two"));
    Files.copy(sampleDir().resolve("sample-trace.csv"), twoTraces.resolve("a-trace.csv"));
    Files.copy(sampleDir().resolve("sample-trace.csv"), twoTraces.resolve("b-trace.csv"));
    Files.copy(sampleDir().resolve("sample-dataset.json"), twoTraces.resolve("a-dataset.json"));
    IOException e =
        assertThrows(
            IOException.class, () -> WorkloadSpec.parse("servegen:" + twoTraces).open(OPTIONS));
    assertTrue(
        e.getMessage().contains("expected exactly one *-trace.csv file in")
            && e.getMessage().contains("found 2: a-trace.csv, b-trace.csv"),
        e.getMessage());
    Path none = Files.createDirectory(dir.resolve("none"));
    e = assertThrows(IOException.class, () -> WorkloadSpec.parse("servegen:" + none).open(OPTIONS));
    assertTrue(e.getMessage().contains("found 0"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "0,50,1.4,Poisson,0.5,2.0 | 1 | field 'pattern': not Gamma, Weibull or empty: 'Poisson'",
        "0,-50,1.4,Gamma,0.5,2.0 | 1 | field 'rate_req_per_s': not a non-negative number: '-50'",
        "0,50,1.4,Gamma,0,2.0 | 1 | field 'arg1': not a positive number: '0'",
        "0,50,1.4,Weibull,0.5 | 1 | expected 6 columns",
        "0,50,1.4,Weibull,0.001,1 | 1 | has no finite positive mean",
        "`0,50,1,Gamma,1,1\n0,50,1,Gamma,1,1` | 2 | not after the previous window's start: '0'"
      })
  void rejectsMalformedTraceRows(String rows, long line, String expected) throws IOException {
    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.writeString(bad.resolve("x-trace.csv"), rows.replace("\\n", "\n") + "\n");
    Files.copy(sampleDir().resolve("sample-dataset.json"), bad.resolve("x-dataset.json"));
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () -> WorkloadSpec.parse("servegen:" + bad).open(OPTIONS.withSkipInvalid(true)));
    assertEquals(line, e.line());
    assertTrue(e.getMessage().contains("x-trace.csv:" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"0\": {\"input_tokens\": \"{1: -0.5, 2: 1}\", \"output_tokens\": \"{1: 1}\"}}"
            + " | window '0', field 'input_tokens': invalid PMF literal at column 5: negative"
            + " probability -0.5 for 1 tokens",
        "{\"0\": {\"input_tokens\": \"__import__('os').system('rm')\", \"output_tokens\": \"{1: 1}\"}}"
            + " | window '0', field 'input_tokens': invalid PMF literal at column 1: expected '{'",
        "{\"0\": {\"input_tokens\": \"{1: 1}\"}} | window '0': field 'output_tokens' missing",
        "{\"0\": {\"input_tokens\": {\"1\": 1}, \"output_tokens\": \"{1: 1}\"}}"
            + " | window '0', field 'input_tokens': not a string",
        "{\"soon\": {}} | field 'window': not a non-negative number: 'soon'",
        "{} | no windows",
        "{\"0\": | not valid JSON"
      })
  void rejectsMalformedDatasets(String json, String expected) throws IOException {
    Path bad = Files.createDirectory(dir.resolve("bad"));
    Files.copy(sampleDir().resolve("sample-trace.csv"), bad.resolve("x-trace.csv"));
    Files.writeString(bad.resolve("x-dataset.json"), json);
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> WorkloadSpec.parse("servegen:" + bad).open(OPTIONS));
    assertTrue(e.getMessage().contains("x-dataset.json"), e.getMessage());
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
  }

  @Test
  void loadsThePublicClientData() throws IOException {
    // the first 12 hours: 72 ten-minute windows and two six-hour length windows
    Path trace = TestTraces.real("servegen/m-large_chunk-61-trace.csv");
    Path dataset = TestTraces.real("servegen/m-large_chunk-61-dataset.json");
    ServeGenData data = ServeGenData.load(trace, dataset);
    List<ServeGenData.Window> windows = data.windows();
    assertEquals(72, windows.size());
    assertEquals(12 * 3600 * SECOND, data.endNanos());
    assertEquals(60, windows.stream().filter(w -> w.pattern == ServeGenData.Pattern.GAMMA).count());
    assertEquals(
        12, windows.stream().filter(w -> w.pattern == ServeGenData.Pattern.WEIBULL).count());
    assertEquals(0, windows.stream().filter(w -> w.pattern == ServeGenData.Pattern.IDLE).count());
    assertEquals(2, data.datasetStartsNanos().size());
    assertEquals(21_600 * SECOND, (long) data.datasetStartsNanos().get(1));
    // first row: 0,87.20333333333333,2.093466813244116,Gamma,0.22817488816828171,0.0502524714...
    ServeGenData.Window first = windows.get(0);
    assertEquals(87.20333333333333, first.ratePerSecond);
    assertEquals(0.22817488816828171, first.arg1);
    assertEquals(600 * SECOND, first.lengthNanos);
    // the first window's input PMF starts {71: 0.0002642733974145106, 72: 0.0304...
    Pmf input = data.lengthsAt(0).input;
    assertTrue(input.probability(72) > 0.03 && input.probability(72) < 0.0305);
  }

  @Test
  void generatesThePublicClientsFirstHourAtItsRates() throws IOException {
    Path servegen = TestTraces.real("servegen/m-large_chunk-61-trace.csv").getParent();
    Path dataset = servegen.resolve("m-large_chunk-61-dataset.json");
    ServeGenData data = ServeGenData.load(servegen.resolve("m-large_chunk-61-trace.csv"), dataset);
    List<TraceRequest> all = TestTraces.readAll("servegen:" + servegen + ",duration=1h", OPTIONS);
    long[] counts = perWindow(all, 0, 6);
    for (int i = 0; i < 6; i++) {
      double expected = data.windows().get(i).ratePerSecond * 600;
      assertEquals(expected, counts[i], 0.05 * expected, "window " + i);
    }
    ServeGenData.Lengths lengths = data.lengthsAt(0);
    for (TraceRequest r : all) {
      assertTrue(lengths.input.probability(r.inputTokens) > 0, "input " + r.inputTokens);
      assertTrue(lengths.output.probability(r.outputTokens) > 0, "output " + r.outputTokens);
    }
    double meanInput = all.stream().mapToInt(r -> r.inputTokens).average().orElseThrow();
    assertEquals(lengths.input.mean(), meanInput, 0.03 * lengths.input.mean());
  }
}
