package io.tierpilot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierpilot.core.SloClass;
import io.tierpilot.core.TierScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tierpilot tune}: its outputs, and the round trip the issue asks for: the tuned file,
 * loaded by the library's configuration loader, reproduces the tuned result in the simulator.
 */
class TuneCommandTest {
  private static final String WORKLOAD = "poisson:rate=3,requests=2400";

  @TempDir static Path dir;

  private static Path tuneOut;
  private static String tuneStdout;
  private static int tuneStatus;

  private static String out;
  private static String err;

  private static int run(String... args) {
    Cli r = Cli.run(args);
    out = r.out;
    err = r.err;
    return r.status;
  }

  @BeforeAll
  static void tune() {
    tuneOut = dir.resolve("tune");
    tuneStatus =
        run(
            "tune",
            "--workload",
            WORKLOAD,
            "--evaluations",
            "8",
            "--threads",
            "2",
            "--policies",
            "adaptive,adaptive-unhedged,static-standard,flex-then-standard",
            "--out",
            tuneOut.toString());
    tuneStdout = out + err;
  }

  private static List<String[]> pareto() throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(tuneOut.resolve("pareto.csv"))) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  private static int column(String[] header, String name) {
    int i = Arrays.asList(header).indexOf(name);
    assertTrue(i >= 0, "pareto.csv has no column " + name);
    return i;
  }

  private static String[] rowOf(List<String[]> rows, String setting, String stagePrefix) {
    for (String[] r : rows) {
      if (r[0].equals(setting) && r[1].startsWith(stagePrefix)) {
        return r;
      }
    }
    throw new AssertionError("no row for " + setting);
  }

  private static String tunedSetting() throws Exception {
    for (String line : Files.readAllLines(tuneOut.resolve("report.html"))) {
      int at = line.indexOf(">tuned (");
      if (at >= 0) {
        return line.substring(at + ">tuned (".length(), line.indexOf(')', at));
      }
    }
    throw new AssertionError("the report names no tuned setting");
  }

  @Test
  void theTunedFileReproducesTheTunedResultInTheSimulator() throws Exception {
    assertEquals(0, tuneStatus, tuneStdout);
    Path tuned = tuneOut.resolve("tuned.properties");

    // the library's own loader reads the file: the classes, their targets, the window
    TierScheduler scheduler = TierScheduler.newBuilder().configure(tuned).build();
    SloClass interactive = scheduler.sloClass("interactive");
    assertEquals(10_000, interactive.deadline().toMillis());
    assertTrue(interactive.target() > 0 && interactive.target() < 1);

    // the tuned setting's row in pareto.csv, on the whole workload
    List<String[]> rows = pareto();
    String[] header = rows.get(0);
    String[] best = rowOf(rows.subList(1, rows.size()), tunedSetting(), "");
    assertEquals("1", best[column(header, "workload_share")]);
    assertEquals(
        Files.readString(tuned).lines().filter(l -> !l.startsWith("#")).toList(),
        Files.readString(tuneOut.resolve("candidates").resolve(best[0]))
            .lines()
            .filter(l -> !l.startsWith("#"))
            .toList(),
        "tuned.properties is the tuned candidate");

    // simulate with the file replays the same cost and attainment, to the last digit
    Path sim = dir.resolve("replay");
    assertEquals(
        0,
        run(
            "simulate",
            "--workload",
            WORKLOAD,
            "--policies",
            "adaptive",
            "--scheduler-config",
            tuned.toString(),
            "--out",
            sim.toString()),
        err);
    JsonNode adaptive =
        new ObjectMapper().readTree(sim.resolve("summary.json").toFile()).get("policies").get(0);
    assertEquals(
        String.format(java.util.Locale.ROOT, "%.8f", adaptive.get("cost_usd").asDouble()),
        best[column(header, "cost_usd")]);
    assertEquals(
        String.format(java.util.Locale.ROOT, "%.8f", adaptive.get("slo_attainment").asDouble()),
        best[column(header, "slo_attainment")]);
    for (String c : List.of("interactive", "standard", "batch")) {
      assertEquals(
          String.format(
              java.util.Locale.ROOT,
              "%.8f",
              adaptive.get("classes").get(c).get("slo_attainment").asDouble()),
          best[column(header, "attainment_" + c)],
          c);
    }
  }

  @Test
  void theSearchNeverEndsWorseThanTheDefaults() throws Exception {
    List<String[]> rows = pareto();
    String[] header = rows.get(0);
    int score = column(header, "score");
    String[] best = rowOf(rows.subList(1, rows.size()), tunedSetting(), "");
    // candidate-000 is the library's defaults; they always run on the whole workload too
    int firstKey = column(header, "class.interactive.target");
    String[] defaults = rowOf(rows.subList(1, rows.size()), "candidate-000.properties", "screen");
    String values = String.join(",", Arrays.copyOfRange(defaults, firstKey, header.length));
    String[] defaultsFull =
        rows.stream()
            .filter(
                r ->
                    r[1].equals("full")
                        && String.join(",", Arrays.copyOfRange(r, firstKey, header.length))
                            .equals(values))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the defaults did not run on the workload"));
    assertTrue(Double.parseDouble(best[score]) <= Double.parseDouble(defaultsFull[score]));
  }

  @Test
  void paretoCsvListsEveryEvaluationWithItsStageAndTheFront() throws Exception {
    List<String[]> rows = pareto();
    String[] header = rows.get(0);
    int front = column(header, "pareto_front");
    int share = column(header, "workload_share");
    int cost = column(header, "cost_usd");
    int low = column(header, "lowest_class_attainment");
    long screened = rows.stream().skip(1).filter(r -> r[1].equals("screen")).count();
    assertEquals(8, screened, "the screen runs as many settings as evaluations");
    List<String[]> onFront = new ArrayList<>();
    List<String[]> full = new ArrayList<>();
    for (String[] r : rows.subList(1, rows.size())) {
      assertEquals(header.length, r.length, String.join(",", r));
      if (r[share].equals("1")) {
        full.add(r);
      }
      if (Boolean.parseBoolean(r[front])) {
        assertEquals("1", r[share], "only whole-workload runs are on the front");
        onFront.add(r);
      }
    }
    assertTrue(!onFront.isEmpty());
    // no whole-workload setting dominates a front setting
    for (String[] f : onFront) {
      for (String[] r : full) {
        boolean dominates =
            Double.parseDouble(r[cost]) < Double.parseDouble(f[cost])
                && Double.parseDouble(r[low]) > Double.parseDouble(f[low]);
        assertTrue(!dominates, r[0] + " dominates " + f[0]);
      }
    }
    // each candidate file exists
    for (String[] r : rows.subList(1, rows.size())) {
      assertTrue(Files.exists(tuneOut.resolve("candidates").resolve(r[0])), r[0]);
    }
  }

  @Test
  void theReportHasTheParetoChartAndTheComparisonPolicies() throws Exception {
    String html = Files.readString(tuneOut.resolve("report.html"));
    assertTrue(html.contains("aria-label=\"Cost against the lowest class attainment\""));
    for (String p : List.of("adaptive", "adaptive-unhedged", "static-standard")) {
      assertTrue(html.contains(">" + p + "</th>"), p);
    }
    assertTrue(html.contains("<section id=\"hedging\">"));
    assertTrue(tuneStdout.contains("Tuned configuration: "), tuneStdout);
  }

  @Test
  void theSameSeedGivesTheSameTunedFile() throws Exception {
    Path again = dir.resolve("again");
    assertEquals(
        0,
        run(
            "tune",
            "--workload",
            WORKLOAD,
            "--evaluations",
            "8",
            "--threads",
            "2",
            "--policies",
            "static-standard",
            "--out",
            again.toString()),
        err);
    assertEquals(
        Files.readString(tuneOut.resolve("tuned.properties")),
        Files.readString(again.resolve("tuned.properties")));
    assertEquals(
        Files.readString(tuneOut.resolve("pareto.csv")),
        Files.readString(again.resolve("pareto.csv")));
  }

  @Test
  void badOptionsAreNamed() {
    assertNotEquals(0, run("tune", "--workload", WORKLOAD, "--evaluations", "3"));
    assertTrue(err.contains("--evaluations must be >= 4, was 3"), err);
    assertNotEquals(0, run("tune", "--workload", WORKLOAD, "--attainment-target", "1.5"));
    assertTrue(err.contains("--attainment-target must be in (0, 1), was 1.5"), err);
  }
}
