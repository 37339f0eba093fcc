package io.tierpilot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierpilot.sim.metrics.PolicyResult;
import io.tierpilot.sim.metrics.SimulationResult;
import io.tierpilot.sim.policy.Policies;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the outcome of the Azure 2023 code trace (8,819 requests; Microsoft Azure, CC-BY 4.0) on the
 * bedrock preset with the default classes and seed 42: a change to the engine, the provider model,
 * the policies or the readers that moves any number shows up here. When a change is intended,
 * update the numbers from a run of {@code ./tierpilot simulate --trace
 * azure:simulator/src/test/resources/traces/real/azure-2023-code.csv} and say why in the commit.
 */
class RegressionTest {
  private static final Object[][] PINNED = {
    // policy, cost_usd, slo_attainment, throttled, retries
    {"adaptive", 1.6620591, 1.0, 1621L, 1621L},
    {"adaptive-unhedged", 1.65346567, 0.999773217, 1608L, 1608L},
    {"static-priority", 4.99893398, 1.0, 0L, 0L},
    {"static-standard", 2.8565337, 1.0, 0L, 0L},
    {"static-flex", 1.30865002, 0.912915297, 4493L, 3741L},
    {"by-class", 3.01033342, 0.968136977, 1587L, 1306L},
    {"flex-then-standard", 1.70954235, 0.999092868, 1783L, 1783L},
    {"oracle", 1.7107554, 0.999433042, 0L, 0L},
  };

  @Test
  void theCodeTraceOutcomeIsPinned() throws Exception {
    URL url = RegressionTest.class.getResource("/traces/real/azure-2023-code.csv");
    Scenario s =
        Scenarios.of(
            "azure:" + Path.of(url.toURI()),
            ScenarioDefaults.CLASSES,
            "bedrock",
            Policies.names(),
            null);
    SimulationResult r = SimulationRunner.run(s, 2, null);
    assertEquals(8_819, r.requests());
    for (Object[] pin : PINNED) {
      PolicyResult p = r.policy((String) pin[0]);
      assertEquals((double) pin[1], p.costUsd(), 1e-7, pin[0] + " cost");
      assertEquals((double) pin[2], p.sloAttainment(), 1e-8, pin[0] + " attainment");
      assertEquals((long) pin[3], p.throttled(), pin[0] + " throttles");
      assertEquals((long) pin[4], p.retries(), pin[0] + " retries");
    }
    // hedging: 24 backups, 20 of them answered first, for 0.5% of adaptive's cost
    PolicyResult adaptive = r.policy("adaptive");
    assertEquals(24, adaptive.hedges());
    assertEquals(20, adaptive.hedgesWon());
    assertEquals(0.00812565, adaptive.hedgeCostUsd(), 1e-7);
    assertEquals(0, r.policy("adaptive-unhedged").hedges());
    // and the relations a reader of the report relies on
    PolicyResult oracle = r.policy("oracle");
    PolicyResult standard = r.policy("static-standard");
    assertTrue(oracle.costUsd() < standard.costUsd());
    assertTrue(oracle.sloAttainment() >= 0.99);
    assertEquals(1.75, r.policy("static-priority").costUsd() / standard.costUsd(), 0.02);
  }
}
