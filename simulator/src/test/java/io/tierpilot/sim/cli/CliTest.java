package io.tierpilot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: outputs, the summary's shape, help, and errors that name what is wrong. */
class CliTest {
  @TempDir Path dir;

  private String out;
  private String err;

  private int run(String... args) {
    Cli r = Cli.run(args);
    out = r.out;
    err = r.err;
    return r.status;
  }

  @Test
  void simulateWritesTheSummaryTheReportAndTheTimeseries() throws Exception {
    Path o = dir.resolve("run");
    int status =
        run(
            "simulate",
            "--workload",
            "poisson:rate=4,requests=3000",
            "--out",
            o.toString(),
            "--budget",
            "0.5");
    assertEquals(0, status, err);
    assertTrue(Files.size(o.resolve("report.html")) > 10_000);
    assertTrue(Files.readString(o.resolve("timeseries.csv")).startsWith("policy,minute_start_s"));
    assertTrue(out.contains("adaptive") && out.contains("oracle"), out);

    JsonNode s = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
    assertEquals(3000, s.get("requests").asLong());
    JsonNode policies = s.get("policies");
    assertEquals(8, policies.size());
    for (JsonNode p : policies) {
      for (String f :
          List.of(
              "policy",
              "requests",
              "cost_usd",
              "slo_attainment",
              "throttled",
              "deadline_exceeded")) {
        assertTrue(p.has(f), p.get("policy") + " lacks " + f);
      }
      double a = p.get("slo_attainment").asDouble();
      assertTrue(a >= 0 && a <= 1);
      for (String c : List.of("interactive", "standard", "batch")) {
        JsonNode cls = p.get("classes").get(c);
        assertTrue(cls.has("requests") && cls.has("slo_attainment"), c);
        for (String q : List.of("mean", "p50", "p90", "p99", "max")) {
          assertTrue(cls.get("latency_ms").has(q), c + " latency " + q);
        }
      }
      List<String> tiers = new java.util.ArrayList<>();
      p.get("tiers").fieldNames().forEachRemaining(tiers::add);
      assertEquals(List.of("flex", "standard", "priority"), tiers);
      for (String t : tiers) {
        JsonNode tier = p.get("tiers").get(t);
        assertTrue(tier.has("requests") && tier.has("cost_usd") && tier.has("latency_ms"));
      }
    }
    assertTrue(policies.get(0).has("budget"), "the adaptive policy reports its budget");
    assertTrue(policies.get(0).has("calibration"));
  }

  @Test
  void aMalformedTraceStopsWithFileLineAndProblem() throws Exception {
    Path trace = dir.resolve("bad.csv");
    Files.writeString(
        trace,
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,374,44\n"
            + "2023-11-16 18:15:47.0000000,-5,44\n"
            + "2023-11-16 18:15:48.0000000,100,44\n");
    int status = run("simulate", "--trace", "azure:" + trace, "--out", dir.resolve("x").toString());
    assertEquals(1, status);
    assertTrue(err.contains("bad.csv:3"), err);
    assertTrue(err.contains("ContextTokens"), err);

    status =
        run(
            "simulate",
            "--trace",
            "azure:" + trace,
            "--skip-invalid",
            "--policies",
            "static-standard",
            "--out",
            dir.resolve("y").toString());
    assertEquals(0, status, err);
    JsonNode s = new ObjectMapper().readTree(dir.resolve("y").resolve("summary.json").toFile());
    assertEquals(1, s.get("skipped_rows").asLong());
    assertEquals(2, s.get("requests").asLong());
    // where the skipped row is, in the summary and on the console
    String where = trace + ":3: field 'ContextTokens'";
    assertTrue(s.get("skipped_examples").get(0).asText().startsWith(where), s.toString());
    assertTrue(out.contains("  skipped " + where), out);
    assertTrue(out.contains("skipped 1 invalid row; 0 failed calls in the trace were not"), out);
  }

  @Test
  void outputsAboveTheCapAreCountedAndSaid() throws Exception {
    Path trace = dir.resolve("long.csv");
    Files.writeString(
        trace,
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,374,44\n"
            + "2023-11-16 18:15:47.0000000,200,12\n"
            + "2023-11-16 18:15:48.0000000,100,41\n");
    int status =
        run(
            "simulate",
            "--trace",
            "azure:" + trace,
            "--max-tokens",
            "40",
            "--policies",
            "static-standard",
            "--out",
            dir.resolve("capped").toString());
    assertEquals(0, status, err);
    JsonNode s =
        new ObjectMapper().readTree(dir.resolve("capped").resolve("summary.json").toFile());
    assertEquals(2, s.get("capped_rows").asLong(), s.toString());
    assertTrue(
        out.contains(
            "2 requests recorded more output tokens than --max-tokens (40) and were replayed with"
                + " the output cut to it"),
        out);
  }

  @Test
  void badOptionsAreClearErrors() {
    assertEquals(
        1, run("simulate", "--workload", "poisson:rate=1,requests=10", "--policies", "clever"));
    assertTrue(err.contains("unknown policy 'clever'") && err.contains("static-flex"), err);
    assertEquals(
        1, run("simulate", "--workload", "poisson:rate=1,requests=10", "--classes", "a=0.5:10s"));
    assertTrue(err.contains("sum to 1"), err);
    assertEquals(1, run("simulate", "--trace", "azure:" + dir.resolve("missing.csv")));
    assertTrue(err.contains("missing.csv"), err);
    assertEquals(1, run("simulate"));
    assertTrue(err.contains("--trace"), err);
    assertEquals(
        1, run("simulate", "--workload", "poisson:rate=1,requests=10", "--provider", "aws"));
    assertTrue(err.contains("'aws'"), err);
    assertEquals(2, run("simulate", "--no-such-option"));
    String small = "poisson:rate=5,requests=50";
    assertEquals(1, run("simulate", "--workload", small, "--budget", "-5"));
    assertTrue(err.contains("--budget '-5'") && err.contains("above 0"), err);
    assertEquals(1, run("simulate", "--workload", small, "--budget", "5/0s"));
    assertTrue(err.contains("--budget '5/0s'") && err.contains("window"), err);
    assertEquals(1, run("simulate", "--workload", small, "--max-gap", "0s"));
    assertTrue(err.contains("--max-gap must be positive"), err);
    assertEquals(1, run("simulate", "--workload", small, "--step", "20m:fast:3:0.2"));
    assertTrue(err.contains("must be flex, standard (or default) or priority"), err);
  }

  @Test
  void aTraceClassThatTheClassesDoNotDefineNamesItsLineOrIsSkipped() throws Exception {
    String row = "{\"arrival_ms\":%d,\"model\":\"m\",\"input_tokens\":10,\"output_tokens\":5%s}";
    Path trace =
        java.nio.file.Files.write(
            dir.resolve("classes.jsonl"),
            List.of(
                String.format(row, 1000, ",\"class\":\"a\""),
                String.format(row, 2000, ""),
                String.format(row, 3000, ",\"class\":\"typo\""),
                String.format(row, 4000, ",\"class\":\"a\"")));
    String[] args = {
      "simulate",
      "--trace",
      "native:" + trace,
      "--classes",
      "a=1:10s",
      "--policies",
      "static-standard",
      "--out",
      dir.resolve("cls").toString()
    };
    assertEquals(1, run(args));
    assertTrue(err.contains(trace + ":3: class 'typo' is not one of the classes"), err);
    List<String> skipping = new java.util.ArrayList<>(List.of(args));
    skipping.add("--skip-invalid");
    assertEquals(0, run(skipping.toArray(new String[0])), err);
    JsonNode s = new ObjectMapper().readTree(dir.resolve("cls").resolve("summary.json").toFile());
    assertEquals(1, s.get("skipped_rows").asLong());
    assertEquals(3, s.get("requests").asLong());
    assertTrue(
        s.get("skipped_examples").get(0).asText().startsWith(trace + ":3: class 'typo'"),
        s.toString());
  }

  @Test
  void anOutputPathThatIsAFileSaysSo() throws Exception {
    Path file = java.nio.file.Files.createFile(dir.resolve("taken"));
    assertEquals(
        1,
        run(
            "simulate",
            "--workload",
            "poisson:rate=5,requests=50",
            "--policies",
            "static-standard",
            "--out",
            file.toString()));
    assertTrue(err.contains("cannot create the directory " + file), err);
    assertTrue(err.contains("a file of that name is in the way"), err);
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : List.of("simulate", "tune", "demo")) {
      assertEquals(0, run(cmd, "--help"));
      assertTrue(out.contains("Usage: tierpilot " + cmd), out);
      // picocli formats descriptions: a bare percent sign warns on stderr and prints raw text
      assertEquals("", err, cmd);
    }
    run("simulate", "--help");
    assertTrue(out.contains("throttles 20% more") && out.contains("(after 40% of the"), out);
    assertEquals(0, run("--help"));
    assertTrue(out.contains("simulate") && out.contains("demo"), out);
  }

  @Test
  void theDemoReplaysTheBundledAzureTrace() throws Exception {
    Path o = dir.resolve("demo");
    assertEquals(0, run("demo", "--out", o.toString()), err);
    JsonNode s = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
    assertEquals(19_366, s.get("requests").asLong());
    assertEquals(8, s.get("policies").size());
    assertTrue(out.contains("Report: "), out);
    assertTrue(out.contains("CC-BY 4.0"), out);
  }
}
