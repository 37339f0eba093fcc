package io.tierpilot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tierpilot.core.Budget;
import io.tierpilot.sim.metrics.SummaryWriter;
import io.tierpilot.sim.policy.Policies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same scenario and seed: byte-identical summary.json, whatever the number of threads. */
class DeterminismTest {
  @TempDir Path dir;

  private static Scenario scenario(long seed) {
    Scenario s =
        Scenarios.of(
            "poisson:rate=8,requests=6000",
            ScenarioDefaults.CLASSES,
            "bedrock",
            Policies.names(),
            Budget.perWindow(1.0, Duration.ofHours(1)));
    return new Scenario(
        s.workloads,
        s.workloadOptions.withSeed(seed),
        s.classes,
        s.provider,
        s.providerText,
        seed,
        s.budget,
        s.defaultModel,
        s.maxTokens,
        s.prices,
        null,
        s.target,
        s.policies);
  }

  @Test
  void summariesAreByteIdentical() throws Exception {
    SummaryWriter.writeSummary(SimulationRunner.run(scenario(7), 1, null), dir.resolve("a.json"));
    SummaryWriter.writeSummary(SimulationRunner.run(scenario(7), 2, null), dir.resolve("b.json"));
    SummaryWriter.writeTimeseries(SimulationRunner.run(scenario(7), 2, null), dir.resolve("a.csv"));
    SummaryWriter.writeTimeseries(SimulationRunner.run(scenario(7), 1, null), dir.resolve("b.csv"));
    assertEquals(Files.readString(dir.resolve("a.json")), Files.readString(dir.resolve("b.json")));
    assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
    String other = SummaryWriter.summaryJson(SimulationRunner.run(scenario(8), 2, null));
    assertNotEquals(Files.readString(dir.resolve("a.json")), other, "the seed matters");
  }
}
