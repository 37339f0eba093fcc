package io.tierpilot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive policy's targets (RESULTS.md) checked from {@code summary.json} and {@code
 * timeseries.csv} as a reader would: targets 1–4 and 7 on the main scenario (the bundled Azure 2023
 * conversation trace) and on the Azure 2023 code trace, and target 6 (recovery after a step change)
 * on the main scenario. Target 5 (the budget) is {@code BudgetTargetTest}.
 */
class AdaptiveTargetsTest {
  private static final String CONVERSATION = "azure:src/main/resources/traces/azure-2023-conv.csv";
  private static final String CODE = "azure:src/test/resources/traces/real/azure-2023-code.csv";

  @TempDir Path dir;

  private JsonNode simulate(String name, String... args) throws Exception {
    Path out = dir.resolve(name);
    List<String> all = new ArrayList<>(List.of("simulate", "--out", out.toString()));
    all.addAll(List.of(args));
    if (!all.contains("--seed")) {
      all.addAll(List.of("--seed", "42"));
    }
    Cli r = Cli.run(all.toArray(new String[0]));
    assertEquals(0, r.status, r.err);
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  private static Map<String, JsonNode> byPolicy(JsonNode summary) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode p : summary.get("policies")) {
      m.put(p.get("policy").asText(), p);
    }
    return m;
  }

  private static double attainment(JsonNode policy, String cls) {
    return policy.get("classes").get(cls).get("slo_attainment").asDouble();
  }

  /** Targets 1–4 and 7 of one run, and the world the issue asks for. */
  private static void assertTargets(JsonNode summary) {
    Map<String, JsonNode> p = byPolicy(summary);
    JsonNode adaptive = p.get("adaptive");
    JsonNode standard = p.get("static-standard");
    double cost = adaptive.get("cost_usd").asDouble();
    // 1: at least 0.99 overall and per class, and per class at least static-standard's
    assertTrue(adaptive.get("slo_attainment").asDouble() >= 0.99);
    List<String> classes = new ArrayList<>();
    for (Iterator<String> it = adaptive.get("classes").fieldNames(); it.hasNext(); ) {
      classes.add(it.next());
    }
    for (String c : classes) {
      assertTrue(attainment(adaptive, c) >= 0.99, c + " " + attainment(adaptive, c));
      assertTrue(
          attainment(adaptive, c) >= attainment(standard, c), c + " against static-standard");
    }
    // 2 and 3
    assertTrue(cost <= 0.65 * standard.get("cost_usd").asDouble(), "cost " + cost);
    assertTrue(cost <= 1.15 * p.get("oracle").get("cost_usd").asDouble(), "against the oracle");
    // 4: cheaper than by-class and flex-then-standard, attainment at least theirs per class
    for (String rule : List.of("by-class", "flex-then-standard")) {
      assertTrue(cost < p.get(rule).get("cost_usd").asDouble(), "cheaper than " + rule);
      for (String c : classes) {
        assertTrue(attainment(adaptive, c) >= attainment(p.get(rule), c), c + " against " + rule);
      }
    }
    // 7: predicted against realized in every decile with at least 200 requests
    int deciles = 0;
    for (JsonNode d : adaptive.get("calibration")) {
      if (d.get("requests").asLong() >= 200) {
        deciles++;
        double gap = Math.abs(d.get("mean_predicted").asDouble() - d.get("realized").asDouble());
        assertTrue(gap <= 0.03, d.toString());
      }
    }
    assertTrue(deciles > 0);
    // the world: Flex alone is not enough for the interactive class, and Flex throttles
    assertTrue(attainment(p.get("static-flex"), "interactive") < 0.99);
    assertTrue(p.get("static-flex").get("throttled").asLong() > 0);
  }

  @Test
  void targetsOneToFourAndSevenHoldOnTheMainScenario() throws Exception {
    assertTargets(simulate("main", "--trace", CONVERSATION));
  }

  @Test
  void targetsOneToFourAndSevenHoldOnTheCodeTrace() throws Exception {
    assertTargets(simulate("code", "--trace", CODE));
  }

  /**
   * Other draws of the world and the classes. With a throttle memory as long as the 30-second
   * deferral, the 60-second class missed 5 and 6 deadlines at these seeds where Standard missed
   * none (RESULTS.md, "Class mixes and seeds the policy was not tuned on").
   */
  @Test
  void targetsOneToFourAndSevenHoldAtOtherSeeds() throws Exception {
    for (String seed : List.of("3", "11")) {
      assertTargets(simulate("seed" + seed, "--trace", CONVERSATION, "--seed", seed));
    }
  }

  @Test
  void afterAStepChangeEveryMinuteOfTheInteractiveClassIsBackAtTarget() throws Exception {
    simulate("step", "--trace", CONVERSATION, "--step", "20m:flex:3:0.2", "--policies", "adaptive");
    List<String> lines = Files.readAllLines(dir.resolve("step").resolve("timeseries.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int start = header.indexOf("minute_start_s");
    int finished = header.indexOf("interactive_finished");
    int met = header.indexOf("interactive_met");
    int checked = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      long n = Long.parseLong(f[finished]);
      // from one sliding window (5 minutes) after the change at minute 20
      if (Long.parseLong(f[start]) >= 25 * 60 && n > 0) {
        checked++;
        assertTrue(Long.parseLong(f[met]) >= 0.99 * n, line);
      }
    }
    assertTrue(checked >= 30, "minutes checked: " + checked);
  }
}
